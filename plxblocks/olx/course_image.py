"""The course card image Studio shows in catalogues (``static/course_image.png``).

Content folders may not have one, and Open edX (and olxcleaner) expect a course image, so the
archive carries a plain, text-free card in the course colours: 378 x 225 pixels, the size Studio
recommends. Drawn with pypng, a small pure-Python PNG writer, so the bytes never change.
"""
from __future__ import annotations

import io
from functools import lru_cache

import png

WIDTH, HEIGHT = 378, 225
DARK = (0x0B, 0x4F, 0x9C)    # plx.css --plx-accent
LIGHT = (0xE6, 0xF0, 0xF4)
BAND = (0x1F, 0x7A, 0x8C)


@lru_cache(maxsize=1)
def course_image_png() -> bytes:
    rows = []
    for y in range(HEIGHT):
        row = []
        for x in range(WIDTH):
            # A dark card with a diagonal band and a light foot: recognisable, no words to translate.
            if y > HEIGHT * 0.78:
                colour = LIGHT
            elif 0 < (x - y * 0.9) % 260 < 48:
                colour = BAND
            else:
                colour = DARK
            row.extend(colour)
        rows.append(row)
    out = io.BytesIO()
    png.Writer(WIDTH, HEIGHT, greyscale=False, compression=9).write(out, rows)
    return out.getvalue()
