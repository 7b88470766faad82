"""plx build's six SCORM packages of a course render each block once per language (issue 13):
the views are shared by the bilingual and one-language packages and by both standards."""
from __future__ import annotations

from collections import Counter

import jinja2

from plxblocks.render.environment import TEMPLATES
from scorm import build_all_scorm
from scorm.views import SELF_REVIEW

from .conftest import load, read_zip

BLOCK_TEMPLATES = set(TEMPLATES.values()) | {SELF_REVIEW}


def test_six_packages_render_each_block_once_per_language(minimal_course, tmp_path, remote, monkeypatch):
    course = load(minimal_course)
    renders: Counter = Counter()
    render = jinja2.Template.render

    def counting(self, *args, **kwargs):
        if self.name in BLOCK_TEMPLATES:
            renders[(kwargs["block"].uid, kwargs["lang"])] += 1
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    zips = build_all_scorm(course, tmp_path / "out", remote)
    assert len(zips) == 6
    expected = {(block.uid, lang) for block in course.blocks() for lang in course.languages}
    assert set(renders) == expected and set(renders.values()) == {1}, renders
    pages = {z.name: read_zip(z)["index.html"].decode() for z in zips}
    for block in course.blocks():  # and every package still shows every block, in its languages
        for name, page in pages.items():
            languages = ["en"] if name.endswith("-en.zip") else ["cy"] if name.endswith("-cy.zip") else ["en", "cy"]
            for lang in languages:
                assert f'<template data-plx-view="{block.uid}" data-plx-lang="{lang}">' in page
