"""The unit cache finds a rendering again only for the same content, the same other inputs and
the same plx: anything a rendering reads is in its key."""
from __future__ import annotations

import dataclasses

import pytest

import plxblocks.rendercache as rendercache
from plxblocks.course import Text, load_course
from plxblocks.rendercache import UnitCache
from tests.conftest import DATA


@pytest.fixture(scope="module")
def unit():
    result = load_course(DATA / "minimal")
    assert result.ok
    return result.course.units[0]


def renderer(calls: list):
    def render():
        calls.append(1)
        return {"piece": f"rendering {len(calls)}"}
    return render


def test_the_same_content_is_rendered_once(unit):
    cache, calls = UnitCache(), []
    first = cache.unit(unit, "out", ("en",), renderer(calls))
    again = cache.unit(dataclasses.replace(unit), "out", ("en",), renderer(calls))  # equal, another object
    assert again == first and len(calls) == 1 and cache.rendered == {unit.uid}


def test_other_content_other_parts_or_another_output_render_again(unit):
    cache, calls = UnitCache(), []
    cache.unit(unit, "out", ("en",), renderer(calls))
    retitled = dataclasses.replace(unit, title=Text(unit.title.en + "!", unit.title.cy))
    cache.unit(retitled, "out", ("en",), renderer(calls))
    cache.unit(unit, "out", ("cy",), renderer(calls))
    cache.unit(unit, "other", ("en",), renderer(calls))
    assert len(calls) == 4


def test_a_file_cache_is_found_by_the_next_build_and_pruned_to_what_it_used(unit, tmp_path):
    path = tmp_path / "cache.sqlite3"
    first = UnitCache(path, in_memory=False)
    first.unit(unit, "out", ("en",), renderer([]))
    first.unit(unit, "out", ("cy",), renderer([]))
    first.close()

    calls: list = []
    second = UnitCache(path, in_memory=False)
    assert second.unit(unit, "out", ("en",), renderer(calls)) == {"piece": "rendering 1"} and calls == []
    second.prune(second.used)  # only the English one was used
    second.close()
    third = UnitCache(path, in_memory=False)
    third.unit(unit, "out", ("cy",), renderer(calls))
    assert calls == [1] and third.rendered == {unit.uid}
    third.close()


def test_a_change_to_plx_itself_renders_again(unit, monkeypatch):
    cache, calls = UnitCache(), []
    cache.unit(unit, "out", (), renderer(calls))
    monkeypatch.setattr(rendercache, "code_fingerprint", lambda: "a later plx")
    cache.unit(unit, "out", (), renderer(calls))
    assert len(calls) == 2


def test_the_fingerprint_changes_with_code_templates_and_catalogues_only(tmp_path):
    for name in ("a.py", "templates/b.html", "translations/cy/text.po", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("one")
    seen = {rendercache.source_fingerprint([tmp_path])}
    for name in ("a.py", "templates/b.html", "translations/cy/text.po"):
        (tmp_path / name).write_text("two")
        seen.add(rendercache.source_fingerprint([tmp_path]))
    (tmp_path / "notes.txt").write_text("two")
    assert rendercache.source_fingerprint([tmp_path]) in seen and len(seen) == 4


def test_derived_pieces_are_made_once_per_build(unit, tmp_path):
    calls: list = []
    cache = UnitCache(tmp_path / "c.sqlite3", in_memory=False)
    cache.derived(("x",), renderer(calls))
    cache.derived(("x",), renderer(calls))
    cache.derived(("y",), renderer(calls))
    cache.begin()
    cache.derived(("x",), renderer(calls))
    assert len(calls) == 3
