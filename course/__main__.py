"""`python -m course` runs the command-line interface."""

import sys

if sys.argv[1:] == ["--version"]:
    # Answer at once, before importing the command-line toolkit.
    from . import __version__

    print(f"course, version {__version__}")
    sys.exit(0)

from .cli import run  # noqa: E402

run()
