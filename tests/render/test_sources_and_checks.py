"""What the shared templates show around the content: each check's numbered heading and its options
in the learner's order, the sources a text cites and the module's references (Harvard style,
linked), and the notice on Welsh views while the course's Welsh is a draft."""
from __future__ import annotations

import dataclasses
import re

from plxblocks.course import Check, Prose, load_course
from plxblocks.course.model import Reference
from plxblocks.render.citations import resolve_citations
from plxblocks.render.environment import render_block

HATTIE = Reference("Hattie, J. and Timperley, H.", "2007", "The Power of Feedback",
                   "Review of Educational Research, 77(1), 81-112", "https://doi.org/10.3102/003465430298487",
                   "hattie-2007")
WILIAM = Reference("Wiliam, D.", "2011", "Embedding Formative Assessment", "Solution Tree Press", "", "wiliam-2011")
REFS = {r.key: r for r in (HATTIE, WILIAM)}


def cite_in(course_path, en: str, cy: str = "Mae adborth yn symud dysgu ymlaen [@hattie-2007]."):
    module = course_path / "modules/basics/module.yaml"
    module.write_text(module.read_text().replace(
        "  - authors: Hattie, J. and Timperley, H.\n", "  - authors: Hattie, J. and Timperley, H.\n    key: hattie-2007\n")
        + "  - authors: Wiliam, D.\n    year: 2011\n    title: Embedding Formative Assessment\n"
          "    publisher: Solution Tree Press\n    key: wiliam-2011\n")
    unit = course_path / "modules/basics/first-steps"
    (unit / "introduction.en.md").write_text(f"## Why feedback matters\n\n{en}\n")
    (unit / "introduction.cy.md").write_text(f"## Pam mae adborth yn bwysig\n\n{cy}\n")
    result = load_course(course_path)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.course


# ------------------------------------------------------------------------------------ citations
def test_a_citation_becomes_a_harvard_link_to_its_entry_in_the_same_block():
    resolved = resolve_citations("As shown [@hattie-2007; @wiliam-2011], and again [@hattie-2007].", REFS, "u1")
    assert resolved.markdown == (
        "As shown ([Hattie and Timperley, 2007](#plx-ref-u1-hattie-2007); [Wiliam, 2011](#plx-ref-u1-wiliam-2011)),"
        " and again ([Hattie and Timperley, 2007](#plx-ref-u1-hattie-2007)).")
    assert resolved.cited == ["hattie-2007", "wiliam-2011"] and resolved.unknown == []


def test_in_text_citations_follow_harvard_and_the_language():
    assert HATTIE.in_text() == "Hattie and Timperley, 2007"
    assert HATTIE.in_text("cy") == "Hattie a Timperley, 2007"
    assert Reference("Black, P. and Wiliam, D.", "1998", "t").in_text("cy") == "Black a Wiliam, 1998"
    assert Reference("Kools, M. and Alden, L.", "2016", "t").in_text("cy") == "Kools ac Alden, 2016"
    assert Reference("Leahy, S., Lyon, C., Thompson, M. and Wiliam, D.", "2005", "t").in_text() == "Leahy et al., 2005"
    assert Reference("Education Endowment Foundation", "2021", "t").in_text("cy") == "Education Endowment Foundation, 2021"
    assert resolve_citations("[@hattie-2007]", REFS, "u", "cy").markdown == "([Hattie a Timperley, 2007](#plx-ref-u-hattie-2007))"


def test_links_emails_and_unknown_keys_are_left_as_written():
    text = "A [@hattie-2007](https://example.org) link, mail me@example.org, and [@nobody]."
    resolved = resolve_citations(text + "\n[@nobody-else]", REFS, "u1")
    assert resolved.markdown == text + "\n[@nobody-else]"
    assert resolved.unknown == [("nobody", 1), ("nobody-else", 2)]


def test_prose_lists_the_sources_it_cites_and_the_link_reaches_the_entry(minimal_course):
    course = cite_in(minimal_course, "Feedback moves learning on [@wiliam-2011], as [@hattie-2007] found.")
    prose = course.units[0].blocks[0]
    assert [r.key for r in prose.references] == ["hattie-2007", "wiliam-2011"]  # Harvard order: by author
    for lang, heading in (("en", "Sources cited here"), ("cy", "Ffynonellau a ddyfynnir yma")):
        html = render_block(prose, lang=lang, dom_id="p")
        targets = set(re.findall(r'href="#([^"]+)"', html))
        ids = set(re.findall(r'<li id="([^"]+)"', html))
        assert targets and targets <= ids, (targets, ids)
        assert f">{heading}</h2>" in html
    html = render_block(prose, lang="en", dom_id="p")
    assert f'<a href="#plx-ref-{prose.uid}-wiliam-2011" rel="noopener noreferrer">Wiliam, 2011</a>' in html
    assert ("Hattie, J. and Timperley, H. (2007) <cite>The Power of Feedback</cite>. Review of Educational "
            "Research, 77(1), 81-112. Available at: <a href=\"https://doi.org/10.3102/003465430298487\">"
            "https://doi.org/10.3102/003465430298487</a>") in html
    assert "Wiliam, D. (2011) <cite>Embedding Formative Assessment</cite>. Solution Tree Press." in html
    assert "[@" not in html


def test_the_module_ends_with_all_its_references(minimal_course):
    course = cite_in(minimal_course, "No citation here.", "Dim dyfyniad yma.")
    last = course.units[-1].blocks[-1]
    assert isinstance(last, Prose) and last.is_module_references
    assert [r.title for r in last.references] == ["The Power of Feedback", "Embedding Formative Assessment"]
    assert course.units[0].blocks[0].references == ()  # nothing cited: no list under the text
    welsh = render_block(last, lang="cy", dom_id="r")
    assert ">Cyfeiriadau</h2>" in welsh and "Ar gael yn:" in welsh and 'class="plx-prose"' not in welsh


# --------------------------------------------------------------------------------------- checks
def six_option_check(course, **changes) -> Check:
    check = course.units[0].blocks[1]
    options = tuple(dataclasses.replace(check.options[i % 2], id=f"o{i}", correct=i == 0) for i in range(6))
    return dataclasses.replace(check, options=options, **changes)


def option_ids(html: str) -> list[str]:
    return re.findall(r'data-plx-option="([^"]+)"', html)


def test_options_follow_the_learners_order_the_same_every_time(minimal_course):
    check = six_option_check(load_course(minimal_course).course)
    ada, bryn = check.option_order("ada"), check.option_order("bryn")
    assert ada == check.option_order("ada") and sorted(ada) == [o.id for o in check.options]
    assert ada != bryn, "two learners (of 720 possible orders) should not share one"
    moved = dataclasses.replace(check, uid="another-check")
    assert moved.option_order("ada") != ada, "a learner's orders differ between checks"
    assert option_ids(render_block(check, lang="en", dom_id="c", state={"order": list(ada)})) == list(ada)


def test_shuffle_false_and_anonymous_viewers_see_the_authors_order(minimal_course):
    check = six_option_check(load_course(minimal_course).course, shuffle=False)
    written = tuple(o.id for o in check.options)
    assert check.option_order("ada") == written
    assert dataclasses.replace(check, shuffle=True).option_order(None) == written
    assert option_ids(render_block(check, lang="en", dom_id="c")) == list(written)


def test_an_order_from_older_content_keeps_every_option(minimal_course):
    check = six_option_check(load_course(minimal_course).course)
    html = render_block(check, lang="en", dom_id="c", state={"order": ["o3", "gone", "o1"]})
    assert option_ids(html) == ["o3", "o1", "o0", "o2", "o4", "o5"]


def test_each_check_is_headed_with_its_place_in_the_unit(minimal_course):
    check = dataclasses.replace(load_course(minimal_course).course.units[0].blocks[1], number=2, count=3)
    assert '<h2 class="plx-check__title">Question 2 of 3</h2>' in render_block(check, lang="en", dom_id="c")
    assert '<h2 class="plx-check__title">Cwestiwn 2 o 3</h2>' in render_block(check, lang="cy", dom_id="c")


def test_the_loader_numbers_the_checks_of_each_unit(minimal_course):
    unit_file = minimal_course / "modules/basics/first-steps/unit.yaml"
    text = unit_file.read_text()
    start, end = text.index("  - check: purpose"), text.index("  - reflection:")
    unit_file.write_text(text[:end] + text[start:end].replace("check: purpose", "check: again") + text[end:])
    checks = [b for b in load_course(minimal_course).course.units[0].blocks if isinstance(b, Check)]
    assert [(c.id, c.number, c.count) for c in checks] == [("purpose", 1, 2), ("again", 2, 2)]


# --------------------------------------------------------------------------- Welsh draft notice
def test_the_draft_notice_is_on_welsh_views_only_and_only_when_asked(minimal_course):
    prose = load_course(minimal_course).course.units[0].blocks[0]
    notice = "Drafft yw Cymraeg y cwrs hwn"
    assert notice in render_block(prose, lang="cy", dom_id="p", draft_notice=True)
    assert notice not in render_block(prose, lang="cy", dom_id="p")
    english = render_block(prose, lang="en", dom_id="p", draft_notice=True)
    assert "plx-notice" not in english


def test_the_olx_puts_the_notice_on_the_first_block_of_each_page_while_the_welsh_is_a_draft(minimal_course):
    from plxblocks.olx.archive import archive_files

    def notices(course, lang=None) -> list[str]:
        files = archive_files(course, lang)
        return sorted(name for name, data in files.items() if b'draft_notice="true"' in data)

    from plxblocks.render.progress import module_introduction

    course = load_course(minimal_course).course
    first = module_introduction(course.modules[0])  # the module's introduction opens its first page
    task = course.units[0].blocks[3]  # scored with the check: a page of its own in Open edX
    assert notices(course) == [f"plx_lesson/{first.uid}.xml", f"plx_peer_review/{task.uid}.xml"]
    assert notices(course, "cy") == notices(course) and notices(course, "en") == []
    course_file = minimal_course / "course.yaml"
    course_file.write_text(course_file.read_text().replace("status: draft", "status: reviewed"))
    assert notices(load_course(minimal_course).course) == []
