"""Workbench scenarios: every unit of every valid course, from the OLX writer."""
from __future__ import annotations

import shutil

from plxblocks.olx import scenarios


def test_every_unit_is_a_scenario_and_invalid_courses_are_skipped(minimal_course, monkeypatch, caplog):
    broken = minimal_course.parent / "broken"
    shutil.copytree(minimal_course, broken)
    (broken / "course.yaml").write_text("id: broken\n", encoding="utf-8")
    monkeypatch.setenv("PLX_CONTENT", str(minimal_course.parent))
    units = scenarios.scenarios_for("prose")
    assert [title for title, _ in units] == ["A minimal course › Basics › First steps"]
    xml = units[0][1]
    assert xml.startswith("<vertical_demo>") and "<plx_lesson" in xml and "<plx_check" in xml and "<plx_journal" in xml
    assert 'media_url="/plx-static/minimal/"' in xml and "peer_review" not in xml
    assert [t for t, _ in scenarios.scenarios_for("check")] == ["A minimal course › Basics › First steps: purpose"]
    assert "broken" in caplog.text


def test_scenarios_never_raise(monkeypatch):
    monkeypatch.setattr(scenarios, "courses", lambda: 1 / 0)
    assert scenarios.scenarios_for("prose") == []
