#!/usr/bin/env python3
"""Regenerate the theme's web fonts from Debian's DejaVu Sans (a maintainer tool, not a build step).

    apt-get install fonts-dejavu-core && pip install fonttools brotli
    python scripts/make_fonts.py

Subsets to Latin, Cyrillic (with every Kazakh letter: ә ғ қ ң ө ұ ү һ і) and the symbols the
theme uses, and writes WOFF2 files plus the font licence into theme/static/fonts/.
"""
import shutil
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "theme" / "static" / "fonts"
FACES = {"course-sans.woff2": "DejaVuSans.ttf", "course-sans-bold.woff2": "DejaVuSans-Bold.ttf",
         "course-sans-italic.woff2": "DejaVuSans-Oblique.ttf"}
UNICODES = "U+0000-024F,U+0300-036F,U+0400-04FF,U+0500-052F,U+2000-206F,U+20A0-20BF,U+2116,U+2190-21FF,U+2713-2717,U+25B8,U+2610"


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, source in FACES.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        font = subset.load_font(str(SOURCE / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(TARGET / name), options)
        print(name, (TARGET / name).stat().st_size, "bytes")
    shutil.copy("/usr/share/doc/fonts-dejavu-core/copyright", TARGET / "LICENSE-DejaVu.txt")


if __name__ == "__main__":
    main()
