"""Course model -> SCORM zip: gather every file first, then write the manifest and the zip.

The build reads only the course model (``plxblocks.course``), never YAML or Markdown. It first
gathers everything the package will hold (pages, runtime, media), so that the manifest lists
exactly the files the zip holds, and only then writes, through the deterministic zipper.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plxblocks.course import Check, Course, Module, Unit
from plxblocks.rendercache import UnitCache

from .errors import PackageError
from .manifest import STANDARDS, ManifestSpec, ModuleItem, UnitItem, manifest_xml
from .media import RemoteMedia, collect_media
from .pages import key_length, render_pages
from .runtime_files import runtime_files
from .zipper import Streamed, zip_bytes

MANIFEST = "imsmanifest.xml"
LAUNCH = "index.html"


@dataclass(frozen=True)
class PackageSpec:
    """One package to build: a course or one of its modules, a standard, one or both languages."""

    course: Course
    standard: str
    """``1.2`` or ``2004``."""
    languages: tuple[str, ...]
    """``("en", "cy")`` for a bilingual package with a language switch, or one language."""
    module: Module | None = None
    """Only this module (``--split modules``), or ``None`` for the whole course."""
    organization: str = "units"
    """``units``: an LMS activity per unit, in modules; ``course``: one activity (see manifest.py)."""

    @property
    def modules(self) -> tuple[Module, ...]:
        return (self.module,) if self.module else self.course.modules

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(u for m in self.modules for u in m.units)

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1

    @property
    def file_name(self) -> str:
        """``<course>[-<module>]-scorm12|scorm2004[-<lang>].zip``."""
        parts = [self.course.id]
        if self.module:
            parts.append(self.module.id)
        parts.append("scorm" + self.standard.replace(".", ""))
        if not self.bilingual:
            parts.append(self.languages[0])
        return "-".join(parts) + ".zip"

    @property
    def identifier(self) -> str:
        """Stable manifest id (an XML NCName), also the learner's local-storage key."""
        return "PLX-" + self.file_name.removesuffix(".zip")

    def title(self, lang: str | None = None) -> str:
        """The package's name in *lang*, or in every language of the package (``en / cy``)."""
        texts = [self.course.title] + ([self.module.title] if self.module else [])
        def one(code: str) -> str:
            return ": ".join(t.get(code) for t in texts)
        if lang:
            return one(lang)
        return " / ".join(dict.fromkeys(one(code) for code in self.languages))

    @property
    def scored_points(self) -> int:
        return sum(b.points for u in self.units for b in u.blocks if isinstance(b, Check))

    @property
    def mastery_percent(self) -> int | None:
        """The course's pass mark when anything in the package is scored, else ``None``."""
        return self.course.passing_score if self.scored_points else None


ORGANIZATIONS = ("units", "course")
"""The ``--organization`` values (see manifest.py)."""


def package_specs(course: Course, standard: str, lang: str | None = None,
                  split_modules: bool = False, organization: str = "units") -> list[PackageSpec]:
    """The packages ``plx scorm`` makes for these options, in course order."""
    if standard not in STANDARDS:
        raise ValueError(f"standard must be one of {', '.join(STANDARDS)}, got {standard!r}")
    if organization not in ORGANIZATIONS:
        raise ValueError(f"organization must be one of {', '.join(ORGANIZATIONS)}, got {organization!r}")
    languages = (lang,) if lang else tuple(course.languages)
    modules: list[Module | None] = list(course.modules) if split_modules else [None]
    return [PackageSpec(course, standard, languages, module, organization) for module in modules]


def package_files(spec: PackageSpec, remote: RemoteMedia, cache: UnitCache | None = None) -> dict[str, bytes]:
    """Every file of the package, ``imsmanifest.xml`` included, by package file name."""
    return {name: content.read() if isinstance(content, Streamed) else content
            for name, content in _package_entries(spec, remote, cache).items()}


def _package_entries(spec: PackageSpec, remote: RemoteMedia, cache: UnitCache | None) -> dict[str, bytes | Streamed]:
    """Every file of the package as the zipper writes it (the page as it is made, piece by piece)."""
    media = collect_media(spec.course.path, spec.units, spec.languages, remote)
    files: dict[str, bytes | Streamed] = {}
    files.update(runtime_files())
    files.update(media.files)
    length = key_length(spec)
    files.update(render_pages(spec, media, cache, length))
    if MANIFEST in files or LAUNCH not in files:
        raise AssertionError("pages must provide the launch page and must not write the manifest")
    files[MANIFEST] = manifest_xml(_manifest_spec(spec, tuple(files), length))
    return files


def _manifest_spec(spec: PackageSpec, files: tuple[str, ...], length: int) -> ManifestSpec:
    course = spec.course
    summary = spec.module.summary if spec.module else course.summary
    outline = tuple(f"{m.title.get(spec.languages[0])}: {u.title.get(spec.languages[0])}"
                    for m in spec.modules for u in m.units)
    standards = spec.module.standards if spec.module else course.standards
    return ManifestSpec(
        identifier=spec.identifier,
        standard=spec.standard,
        title=spec.title(),
        description=summary.joined(spec.languages),
        languages=spec.languages,
        item="ITEM-" + (spec.module.uid if spec.module else course.id),
        outline=outline,
        launch=LAUNCH,
        files=files,
        mastery_percent=spec.mastery_percent,
        keywords=tuple(s.name.joined(spec.languages) for s in standards),
        modules=_module_items(spec, length) if spec.organization == "units" else (),
    )


def _module_items(spec: PackageSpec, length: int) -> tuple[ModuleItem, ...]:
    """The ``units`` organization: each unit an activity launched with its key (as in the page)."""

    def mastery(unit: Unit) -> int | None:
        scored = any(isinstance(b, Check) and b.points > 0 for b in unit.blocks)
        return spec.course.passing_score if scored else None

    return tuple(
        ModuleItem(f"MOD-{module.uid}", module.title.joined(spec.languages), tuple(
            UnitItem(f"ITEM-{unit.uid}", unit.title.joined(spec.languages), f"?sco={unit.uid[:length]}", mastery(unit))
            for unit in module.units))
        for module in spec.modules)


def build_package(spec: PackageSpec, out: Path, remote: RemoteMedia, cache: UnitCache | None = None) -> Path:
    """Write the zip for *spec* to *out* and return *out*; *cache* holds the block views that
    other packages of the build rendered already (and keeps the ones this one renders)."""
    return zip_bytes(_package_entries(spec, remote, cache), out)


def build_scorm(course: Course, standard: str, out: Path, remote: RemoteMedia, lang: str | None = None,
                split_modules: bool = False, organization: str = "units") -> list[Path]:
    """``plx scorm``: one zip at *out*, or with *split_modules* one zip per module in folder *out*.

    When *out* is an existing folder, the single zip goes inside it under its default name.
    """
    specs = package_specs(course, standard, lang, split_modules, organization)
    if split_modules or out.is_dir():
        if out.exists() and not out.is_dir():
            raise PackageError(f"{out}: --split modules writes one zip per module: give a folder, not a file")
        return [build_package(spec, out / spec.file_name, remote) for spec in specs]
    if out.suffix.lower() != ".zip":
        raise PackageError(f"{out}: the package name should end in .zip")
    return [build_package(specs[0], out, remote)]


def all_package_specs(course: Course) -> list[PackageSpec]:
    """The packages ``plx build`` makes: both standards, bilingual and each language alone."""
    return [spec for standard in STANDARDS for lang in (None, *course.languages)
            for spec in package_specs(course, standard, lang)]


def build_all_scorm(course: Course, out_dir: Path, remote: RemoteMedia, cache: UnitCache | None = None) -> list[Path]:
    """``plx build``'s SCORM part in one process (the benchmark times it): each block is
    rendered once per language and its views shared by all six packages."""
    cache = cache or UnitCache()
    return [build_package(spec, out_dir / spec.file_name, remote, cache) for spec in all_package_specs(course)]
