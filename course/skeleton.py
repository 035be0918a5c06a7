"""`course new DIR`: a small, working course to start from."""

from __future__ import annotations

import shutil
from pathlib import Path

SKELETON = Path(__file__).resolve().parent / "skeleton"


def create(target: Path) -> None:
    """Copy the example course into `target` (which must be new or empty)."""
    shutil.copytree(SKELETON, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
