"""Write the fonts the journal's PDF export embeds: DejaVu Sans cut down to the Latin alphabets.

    python scripts/subset-journal-fonts.py [/usr/share/fonts/truetype/dejavu]

The PDF must show Welsh (ŵ, ŷ, ẁ, ỳ, â...) on any server, whatever fonts it has, so the package
ships its own (plxblocks/journal/fonts/, with DejaVu's licence). Whole DejaVu Sans is 700 KB a
face; the Latin ranges (with Latin Extended Additional, where ẁ ẃ ẅ ỳ are), punctuation, the euro
and arrows are all the interface and nearly every learner's text need. A character outside them
(an emoji, Greek) falls back to the server's own fonts. Run once when the ranges change; the
fonts are committed. fontTools comes with WeasyPrint (plx[pdf]).
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20AC, 0x20AC),
          (0x2122, 0x2122), (0x2190, 0x2193), (0x2212, 0x2212), (0x25CF, 0x25CF))
OUT = Path(__file__).resolve().parent.parent / "plxblocks" / "journal" / "fonts"


def main(source: Path) -> None:
    unicodes = [code for low, high in RANGES for code in range(low, high + 1)]
    options = subset.Options()
    options.layout_features = ["*"]  # kerning and the combining-accent positioning
    options.name_IDs = ["*"]
    options.notdef_outline = True
    for face in FACES:
        font = subset.load_font(str(source / face), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        subset.save_font(font, str(OUT / face), options)
        print(f"{face}: {(OUT / face).stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu"))
