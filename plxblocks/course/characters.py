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

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
"""One character that course text must not contain."""

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
