"""Accessibility checks with axe-core (from npm, a test tool) in the real browser."""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""The rule tags checked: WCAG 2.0, 2.1 and 2.2, levels A and AA."""


def axe_violations(page, selector: str | None = None) -> list[dict]:
    """Run axe-core on the page (or the part matching *selector*) and return its violations.

    Each violation is summarised as ``{id, impact, help, nodes: [html...]}`` so a failing assert
    shows what to fix.
    """
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make test` (it runs npm ci for the test tools)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async ([selector, tags]) => {
            const context = selector ? document.querySelector(selector) : document;
            const r = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.map(n => n.html)}));
        }""",
        [selector, WCAG_AA],
    )
    return result


def tab_to(page, selector: str, frame=None, limit: int = 40) -> None:
    """Press Tab (the keyboard alone) until the element matching *selector* has the focus, in
    *page* or in its *frame*; fail, saying where the focus is, if it is not reached in *limit*."""
    where = frame or page
    for _ in range(limit):
        if where.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    focused = where.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{selector} was not reached with Tab; the focus is on {focused}")
