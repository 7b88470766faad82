"""Characters no course text may hold, and how to name them to an author.

XML 1.0 (the OLX archive, the SCORM manifest, every XHTML page lxml writes) cannot hold the C0
control characters other than tab, line feed and carriage return, nor U+FFFE, U+FFFF or a lone
surrogate: lxml refuses them with a traceback at build time. The loader refuses them instead,
with where they are, along with DEL, the C1 controls (U+0080-U+009F: they come from text
mis-decoded from Windows-1252, where U+0085 was an ellipsis) and the other Unicode noncharacters,
which no web page should carry either. They are invisible in most editors, so a message must
name the character by its code point.
"""
from __future__ import annotations

import re
from typing import Iterator

_PLANES = "".join(f"{chr(plane * 0x10000)}-{chr(plane * 0x10000 + 0xFFFD)}" for plane in range(1, 17))
FORBIDDEN = re.compile(f"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd{_PLANES}]")
"""One character that course text must not contain: U+0000-U+0008, U+000B, U+000C, U+000E-U+001F,
U+007F-U+009F, the surrogates U+D800-U+DFFF, U+FDD0-U+FDEF, and the last two code points of every
plane (U+FFFE, U+FFFF, U+1FFFE...). Written as everything outside the allowed ranges: every file
is searched for one, and a regular expression takes a seventh of the time to see that a character
lies in one of the first few ranges of a negated class as to see that it lies in none of the
forty of the positive one (tests/course/test_characters.py holds the two to the same set)."""

CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9A-Fa-f]{1,8})|0*([0-9]{1,10}));?")
"""``&#7;``, ``&#x1b;``, ``&#0007`` in Markdown: raw HTML passes it through the sanitiser as the
character (HTML reads leading zeros and no semicolon too)."""

# Python's unicodedata has no names for control characters (they have only aliases, and
# unicodedata offers no reverse lookup of aliases), so their standard abbreviations are listed.
_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN "
       "EM SUB ESC FS GS RS US").split()
_C1 = ("PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 DCS PU1 PU2 STS CCH MW SPA "
       "EPA SOS SGCI SCI CSI ST OSC PM APC").split()


def describe_character(char: str) -> str:
    """``U+0007 (BEL), a control character``, ``U+FFFE, a Unicode noncharacter``..."""
    code = ord(char)
    if code < 0x20:
        return f"U+{code:04X} ({_C0[code]}), a control character"
    if code == 0x7F:
        return "U+007F (DEL), a control character"
    if 0x80 <= code <= 0x9F:
        return f"U+{code:04X} ({_C1[code - 0x80]}), a control character"
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X}, half of a UTF-16 surrogate pair on its own"
    return f"U+{code:04X}, a Unicode noncharacter"


def forbidden_characters(text: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of each character *text* must not contain."""
    for match in FORBIDDEN.finditer(text):
        yield match.start(), match.group()


def forbidden_references(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, reference as written, character) of each ``&#...;`` in *text* to a forbidden character."""
    for match in CHARACTER_REFERENCE.finditer(text):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code <= 0x10FFFF and FORBIDDEN.match(chr(code)):
            yield match.start(), match.group(), chr(code)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of *offset* in *text*."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


REMEDY = ("delete it; web pages and LMS files cannot hold it (it often comes in with text pasted "
          "from another program)")
