"""How big content may be: each limit is checked before the thing it limits is read or parsed.

A YAML or Markdown file of 255 MB once took 73 s and 4.3 GB to validate, then passed; a YAML
file nested 100,000 deep crashed the YAML parser. The figures leave room for courses many times
the size of the shipped ones (``content/``, measured when the limits were set) while refusing, in
a fraction of a second, what no author writes. ``docs/content-format.md`` ("Limits") lists them
for authors and ``docs/operators.md`` for operators; change them there too.
"""
from __future__ import annotations

KB = 1024
MB = 1024 * KB

TEXT_FILE_BYTES = 512 * KB
"""One YAML or Markdown file. The largest shipped text file is ``content/glossary.yaml`` (27 KB;
the largest ``unit.yaml`` is 12 KB, the largest Markdown file 4 KB): about 20 times that. A unit
longer than 1,200 words is already a warning, so no honest unit comes near."""

COURSE_TEXT_BYTES = 16 * MB
"""All the YAML and Markdown of one course. The largest shipped course (``npqh``) has 300 KB; 20
times that would refuse the 5,000-unit course the load benchmark generates (12.5 MB, the largest
size the project measures and promises), so about 50 times, which still stops a runaway course
before it costs minutes and gigabytes."""

MEDIA_FILE_BYTES = 20 * MB
"""One file in ``media/``. Open edX Studio's default limit for one uploaded file
(``MAX_ASSET_UPLOAD_FILE_SIZE_IN_MB``); the shipped media are small SVGs, so 20 times those would
refuse an ordinary photograph."""

COURSE_MEDIA_BYTES = 200 * MB
"""All of ``media/``: every SCORM package and Open edX archive of the course carries it, and an
archive much larger than this is hard to upload to an LMS and to download on a school network."""

MEDIA_FILES = 2_000
"""Files in ``media/``: the shipped courses have 4 and 8; a figure in two languages for each of
1,000 units fits. Listing ``media/`` stops here, so a folder of a whole disk is never walked."""

YAML_DEPTH = 32
"""Mappings and lists inside each other in one YAML file. The shipped files go 8 deep (a rubric
level's label in a peer review); the YAML parser crashes the process at about 100,000."""

NUMBER_DIGITS = 30
"""Digits in a number written in YAML. No setting takes more than 5; Python refuses to convert
integers of more than 4,300 digits (a ValueError, once a traceback)."""
