"""The characters no course text may hold, as the loader searches for them."""
from __future__ import annotations

import re

from plxblocks.course.characters import FORBIDDEN

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                          for plane in range(17))
AS_DOCUMENTED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
"""The list in characters.py's module docstring, written out: XML's refusals plus DEL, the C1
controls and the noncharacters."""


def test_the_search_pattern_finds_exactly_the_documented_characters():
    every_character = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in FORBIDDEN.finditer(every_character)] == \
           [m.start() for m in AS_DOCUMENTED.finditer(every_character)]
    assert len(FORBIDDEN.findall(every_character)) == 9 + 2 + 18 + 33 + 2048 + 32 + 34
