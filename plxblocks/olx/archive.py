"""Course model -> an Open edX course archive (OLX), as Studio's import expects it.

Layout inside the ``.tar.gz`` (one top folder, ``course/``, as Studio's export writes)::

    course.xml                      <course url_name=RUN org=ORG course=NUMBER/>
    course/RUN.xml                  the course and its chapters
    chapter/<module uid>.xml        a module: its sequentials
    sequential/s<unit uid>.xml      a unit (graded units carry their assignment type as format)
    vertical/v<unit uid>.xml        the unit's page: its components
    plx_lesson/<uid>.xml ...        each component, written by :mod:`plxblocks.olx.blocks`
    policies/RUN/policy.json        display name, language, dates, advanced modules, course image
    policies/RUN/grading_policy.json  assignment types and weights from course.yaml, pass mark
    policies/assets.json
    about/overview.html, about/short_description.html
    static/media/...                the course media (content links ``media/x`` become /static/media/x)
    static/course_image.png

Every url_name is derived from the model's stable uids, so rebuilding after a content edit or a
re-ordering keeps learners' state in Open edX. Output is deterministic: members in a fixed
order, fixed times and owners, gzip without a timestamp.
"""
from __future__ import annotations

import dataclasses
import gzip
import html
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..archive_names import checked_name
from ..background_writer import BackgroundWriter
from ..course.model import LANGUAGES, Course, Markdown, Module, Text, Unit
from ..render.progress import module_introduction
from .blocks import ALL_TAGS, REVIEWING, counts_reviewing, course_key, fields_from_model, to_xml_text
from .course_image import course_image_png
from .tarwriter import TarWriter
from .xmltext import XmlText, element_text

ROOT = "course"
DEFAULT_START = "2030-01-01"
"""Open edX's own default start for a new course (not yet open), used when content sets none."""
FIXED_MTIME = 946684800  # 2000-01-01: archives carry no build time, so equal content gives equal bytes
PLX_BLOCKS = tuple(sorted(set(ALL_TAGS.values())))
"""The advanced modules a course using plx must enable in Studio."""


@dataclass(frozen=True)
class Sequential:
    """One subsection: a unit, or the peer task of a unit that also has other scored blocks."""

    url_name: str
    title: Text
    blocks: tuple
    unit: Unit
    format: str
    """The assignment type (English name) its scores count towards; empty when ungraded."""
    part: str = ""
    """``reviewing``: the subsection shows and scores the reviewing grade of its peer task."""


def _label(text: Text, lang: str | None) -> str:
    """A title as the LMS navigation shows it: one language, or both for a bilingual course."""
    return text.joined((lang,) if lang else LANGUAGES)


def _single_language(fields_text: Text, lang: str) -> Text:
    return Text(**{code: (getattr(fields_text, code) if code == lang else "") for code in LANGUAGES})


def _assignment_for(course: Course, kind: str, lang: str | None) -> str:
    return next((_label(t.name, lang) for t in course.grading if t.counts == kind), "")


def sequentials(course: Course, unit: Unit, lang: str | None = None) -> list[Sequential]:
    """A unit is one subsection, unless it holds both a scored peer task and other scored blocks:
    Open edX grades a subsection as one assignment type, so the task then gets its own."""
    return _unit_sequentials(course, unit, lang) + _reviewing_sequentials(course, unit, lang)


def _unit_sequentials(course: Course, unit: Unit, lang: str | None) -> list[Sequential]:
    scored = [b for b in unit.blocks if getattr(b, "points", 0) > 0]
    kinds = {b.kind for b in scored}
    if len(kinds) <= 1:
        return [Sequential(f"s{unit.uid}", unit.title, unit.blocks, unit,
                           _assignment_for(course, kinds.pop(), lang) if kinds else "")]
    task = tuple(b for b in unit.blocks if b.kind == "peer_review" and b.points > 0)
    # The module's references end the module, so they follow the task on its page.
    references = tuple(b for b in unit.blocks if getattr(b, "is_module_references", False))
    rest = tuple(b for b in unit.blocks if b not in task and b not in references)
    other_kind = next(b.kind for b in scored if b.kind != "peer_review")
    return [Sequential(f"s{unit.uid}", unit.title, rest, unit, _assignment_for(course, other_kind, lang)),
            Sequential(f"s{unit.uid}-task", task[0].title, task + references, unit,
                       _assignment_for(course, "peer_review", lang))]


def _reviewing_sequentials(course: Course, unit: Unit, lang: str | None) -> list[Sequential]:
    """A subsection per peer task whose reviewing grade counts: Open edX takes one score per
    block and one assignment type per subsection, so the reviewing grade is a component of its
    own (``part="reviewing"``) in a subsection graded as the ``peer_reviewing`` type."""
    counted = next((t for t in course.grading if t.counts == "peer_reviewing"), None)
    return [Sequential(f"s{task.uid}-reviewing", counted.name, (task,), unit,
                       _assignment_for(course, "peer_reviewing", lang), part=REVIEWING)
            for task in unit.blocks if task.kind == "peer_review" and counts_reviewing(course, task)]


def archive_files(course: Course, lang: str | None = None, cache=None) -> dict[str, bytes]:
    """Every file of the archive, path (inside ``course/``) -> bytes, sorted by path. *cache* (a
    ``UnitCache``) holds the files of units rendered by an earlier build."""
    return dict(sorted(archive_members(course, lang, cache)))


def archive_members(course: Course, lang: str | None = None, cache=None) -> Iterator[tuple[str, bytes]]:
    """Every file of the archive as ``(path inside course/, bytes)``, each as soon as it is made:
    ``course.xml``, each module's units' files then the module's chapter, the course's outline,
    policies and about pages, then the static files. Always in this order, so the same content
    gives the same archive."""
    outline = _only(course, lang, units=False) if lang is not None else course
    run = outline.run
    yield "course.xml", element_text("course", (("url_name", run), ("org", outline.org),
                                                ("course", outline.number))).encode("utf-8")
    root = XmlText()
    root.open("course")
    graded: dict[str, int] = {}
    """Subsections per assignment type, counted on the way (the grading policy's min_count)."""
    for module in outline.modules:
        root.leaf("chapter", (("url_name", module.uid),))
        chapter = XmlText()
        chapter.open("chapter", (("display_name", _label(module.title, lang)),))
        for unit in module.units:
            for seq in sequentials(outline, unit, lang):
                chapter.leaf("sequential", (("url_name", seq.url_name),))
                if seq.format:
                    graded[seq.format] = graded.get(seq.format, 0) + 1
            for name, text in unit_files(outline, module, unit, lang, cache).items():
                yield name, text.encode("utf-8")
        chapter.close()
        yield f"chapter/{module.uid}.xml", chapter.text().encode("utf-8")
    root.close()
    yield f"course/{run}.xml", root.text().encode("utf-8")
    yield f"policies/{run}/policy.json", _json({f"course/{run}": _policy(outline, lang)})
    yield f"policies/{run}/grading_policy.json", _json(_grading_policy(outline, lang, graded))
    yield "policies/assets.json", _json({})
    yield "about/overview.html", _overview(outline, lang).encode("utf-8")
    yield "about/short_description.html", html.escape(_label(outline.summary, lang)).encode("utf-8")
    yield "static/course_image.png", course_image_png()
    for rel in sorted(_media(outline)):
        yield f"static/{rel}", (outline.path / rel).read_bytes()


OUTPUT = "olx"
"""The unit files' name in the unit cache (plxblocks.rendercache)."""


def unit_files(outline: Course, module: Module, unit: Unit, lang: str | None, cache=None) -> dict[str, str]:
    """The sequential, vertical and component files of *unit* of *module* (of *outline*: the
    course with its texts outside the units already in *lang* alone), from *cache* when it has
    them. A module's first unit opens with the module's introduction."""
    languages = (lang,) if lang else outline.languages
    intro = module_introduction(module, languages, html=False) if unit is module.units[0] else None

    def render() -> dict[str, str]:
        return _render_unit(outline, module, _only(unit, lang) if lang is not None else unit, lang, intro)

    if cache is None:
        return render()
    # Everything else the files show: the course key, its and the module's titles (journal
    # entries), the assignment types (graded subsections), whether the Welsh is a draft (the
    # notice), the introduction.
    parts = (lang, course_key(outline), outline.title, module.title, outline.grading, outline.welsh_is_draft, intro)
    return cache.unit(unit, OUTPUT, parts, render)


def _render_unit(course: Course, module: Module, unit: Unit, lang: str | None, intro) -> dict[str, str]:
    files: dict[str, str] = {}
    for seq in sequentials(course, unit, lang):
        if intro is not None and seq.url_name == f"s{unit.uid}":  # the module's first page
            seq = dataclasses.replace(seq, blocks=(intro, *seq.blocks))
        title = _label(seq.title, lang)
        vertical_name = "v" + seq.url_name[1:]
        sequential = XmlText()
        sequential.open("sequential", (("display_name", title),
                                       *((("graded", "true"), ("format", seq.format)) if seq.format else ())))
        sequential.leaf("vertical", (("url_name", vertical_name),))
        sequential.close()
        files[f"sequential/{seq.url_name}.xml"] = sequential.text()
        vertical = XmlText()
        vertical.open("vertical", (("display_name", title),))
        for index, block in enumerate(seq.blocks):
            # An English-only archive has no Welsh pages to put the Welsh-draft notice on.
            tag, fields = fields_from_model(block, course, unit, media_url="/static/",
                                            first_on_page=index == 0 and lang != "en", module=module)
            url_name = block.uid
            if seq.part:  # the reviewing grade's component: worth the reviewing points
                fields.update(part=seq.part, weight=float(block.reviewing_points))
                url_name = f"{block.uid}-{seq.part}"
            vertical.leaf(tag, (("url_name", url_name),))
            files[f"{tag}/{url_name}.xml"] = to_xml_text(tag, fields)
        vertical.close()
        files[f"vertical/{vertical_name}.xml"] = vertical.text()
    return files


def _policy(course: Course, lang: str | None) -> dict:
    start = course.start or DEFAULT_START
    end = course.end or f"{int(start[:4]) + 1}{start[4:]}"
    return {
        "display_name": _label(course.title, lang),
        "language": lang or LANGUAGES[0],
        "start": f"{start}T00:00:00Z",
        "end": f"{end}T00:00:00Z",
        "advanced_modules": list(PLX_BLOCKS),
        "course_image": "course_image.png",
        "short_description": _label(course.summary, lang),
    }


def _grading_policy(course: Course, lang: str | None, counts: dict[str, int]) -> dict:
    """Open edX's grading policy; *counts*: how many subsections are graded as each type."""
    graders = [{"type": _label(t.name, lang), "short_label": t.short_label,
                "min_count": counts.get(_label(t.name, lang), 0), "drop_count": 0,
                "weight": round(t.weight / 100, 4)} for t in course.grading]
    return {"GRADER": graders, "GRADE_CUTOFFS": {"Pass": round(course.passing_score / 100, 4)}}


def _overview(course: Course, lang: str | None) -> str:
    """The course About page: summary, then each module with its outcomes (all text escaped)."""
    langs = (lang,) if lang else LANGUAGES
    parts = ['<section class="about">']
    for code in langs:
        parts.append(f'<div lang="{code}">')
        parts.append(f"<h2>{html.escape(course.title.get(code))}</h2>")
        parts.append(f"<p>{html.escape(course.summary.get(code))}</p>")
        for module in course.modules:
            parts.append(f"<h3>{html.escape(module.title.get(code))}</h3>")
            parts.append(f"<p>{html.escape(module.summary.get(code))}</p>")
            parts.append("<ul>" + "".join(f"<li>{html.escape(o.get(code))}</li>" for o in module.outcomes)
                         + "</ul>")
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def _media(course: Course) -> set[str]:
    return {path for block in course.blocks() for path in getattr(block, "media", ())}


def _json(data) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _only(value, lang: str, units: bool = True):
    """*value* (the course, or a unit) with every text of the other language removed, for a
    single-language archive; ``units=False`` leaves the units as they are (each is stripped when
    it is rendered, and only if it is not in the cache)."""
    def strip(value):
        if isinstance(value, Text):
            return _single_language(value, lang)
        if isinstance(value, Markdown):
            return Markdown(strip(value.source), strip(value.html))
        if isinstance(value, tuple):
            return tuple(strip(v) for v in value)
        if isinstance(value, Unit) and not units:
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.replace(value, **{f.name: strip(getattr(value, f.name))
                                                 for f in dataclasses.fields(value) if f.init})
        return value

    return strip(value)


def write_archive(course: Course, out: Path, lang: str | None = None, cache=None) -> Path:
    """Write the course archive to *out* (``.tar.gz``); the same content gives the same bytes.

    Files go into the tar as they are made (:func:`archive_members`), each folder's entry before
    its first file, and a thread compresses what is written (gzip level 6, as ``tar czf``; no name
    or time in the gzip header) while the next files are made. Every member name is checked as it
    comes (:class:`UnsafeName` for one that would leave ``course/`` once unpacked), whatever the
    loader let through: the archive is written to a file beside *out*, renamed into place only
    when complete, and removed on any error, so a bad name leaves nothing behind.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.parent / f".{out.name}.{os.getpid()}.part"
    try:
        # The tar writer writes in pieces (headers of 512 bytes): a buffer hands gzip larger ones,
        # which a thread compresses while this one makes the next.
        with open(partial, "wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as gz, \
                io.BufferedWriter(BackgroundWriter(gz.write), buffer_size=1 << 17) as buffered:
            tar = TarWriter(buffered, FIXED_MTIME)
            folders = {""}
            tar.directory(f"{ROOT}/")
            for rel, data in archive_members(course, lang, cache):
                checked_name(rel)
                for folder in _new_folders(rel, folders):
                    tar.directory(f"{ROOT}/{folder}/")
                tar.file(f"{ROOT}/{rel}", data)
            tar.close()
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _new_folders(rel: str, seen: set[str]) -> list[str]:
    """The folders of *rel* not in *seen* (added to it), outermost first."""
    if rel.rpartition("/")[0] in seen:  # nearly every member: its folder is written already
        return []
    parts = rel.split("/")[:-1]
    new = [folder for folder in ("/".join(parts[:i]) for i in range(1, len(parts) + 1)) if folder not in seen]
    seen.update(new)
    return new
