"""The ``plx`` console script: the command line, or what to install when it is missing.

``pip install plx`` (what an Open edX image gets) has the blocks but not the authors' command
line, whose libraries are the ``author`` extra; the script is installed either way, so without
them it says what to install instead of ending in a traceback.
"""
from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as cli_main
    except ModuleNotFoundError as missing:
        sys.exit(f"plx: the command line needs {missing.name!r}, which the base install (for Open edX) "
                 "leaves out. Install it with: pip install 'plx[author]' (or 'plx[workbench]' for plx serve).")
    cli_main()
