#!/usr/bin/env python3
"""Thin entry point: `python build.py [ARGS]` is the same as `course build [ARGS]`."""
import sys

from course.cli import run

if __name__ == "__main__":
    run(["build", *sys.argv[1:]])
