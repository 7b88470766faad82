"""Bad-content cases: each file in ``cases/`` changes a copy of the minimal course and lists the
exact messages ``plx validate`` must print for it (paths relative to the course folder).

A case file holds:

``about``        what the case demonstrates
``write``        {path: text}  files to create or replace
``replace``      {path: [[old, new], ...]}  exact text substitutions (old must occur)
``delete``       [path, ...]
``symlink``      {path: target}  symbolic links to create
``bytes``        {path: hex}  files with exactly these bytes (for encoding errors)
``glossary``     text of a ``glossary.yaml`` beside the course
``options``      LoadOptions keyword arguments
``expected``     the messages, in the order the validator sorts them
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

CASES = Path(__file__).parent / "cases"


@dataclass
class Case:
    name: str
    spec: dict

    @property
    def expected(self) -> list[str]:
        return list(self.spec["expected"])

    @property
    def options(self) -> dict:
        return dict(self.spec.get("options") or {})

    def apply(self, course: Path) -> None:
        for rel, text in (self.spec.get("write") or {}).items():
            path = course / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for rel, pairs in (self.spec.get("replace") or {}).items():
            path = course / rel
            text = path.read_text(encoding="utf-8")
            for old, new in pairs:
                assert old in text, f"case {self.name}: {old!r} not in {rel}"
                text = text.replace(old, new, 1)
            path.write_text(text, encoding="utf-8")
        for rel in self.spec.get("delete") or []:
            (course / rel).unlink()
        for rel, target in (self.spec.get("symlink") or {}).items():
            path = course / rel
            if path.exists() or path.is_symlink():
                path.unlink() if not path.is_dir() or path.is_symlink() else os.rmdir(path)
            os.symlink(target, path)
        for rel, hexdata in (self.spec.get("bytes") or {}).items():
            (course / rel).write_bytes(bytes.fromhex(hexdata))
        if "glossary" in self.spec:
            (course.parent / "glossary.yaml").write_text(self.spec["glossary"], encoding="utf-8")


def all_cases() -> list[Case]:
    return [Case(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(CASES.glob("*.yaml"))]
