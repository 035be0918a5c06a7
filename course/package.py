"""Deterministic SCORM zips: the built site, a launch page, the manifest and the schemas."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .scorm import LAUNCH_PAGE, SCHEMAS_12, manifest_12, manifest_2004
from .templates import make_environment
from .writer import MARKER, write_file
from .ziparchive import DeflateMemo, zip_bytes

if TYPE_CHECKING:
    from .pipeline import Checked

DATA = Path(__file__).resolve().parent / "data"


def schema_files(version: str) -> dict[str, bytes]:
    """The schema files a package of `version` carries at its root, unmodified."""
    if version == "1.2":
        return {name: (DATA / "scorm12" / name).read_bytes() for name in SCHEMAS_12}
    folder = DATA / "scorm2004"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the built site by site-relative path, the build marker left out."""
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file() and p.name != MARKER}


def launch_page(checked: "Checked", version: str) -> bytes:
    """The page the LMS launches for SCORM `version`, in the course's first language."""
    course = checked.course
    lang = course.languages[0]
    strings = checked.strings[lang]
    template = make_environment(checked.theme).get_template("launch.html")
    return template.render(lang=lang, course_title=course.title.get(course.chain(lang)), scorm_version=version,
                           exited=strings.t("lms.exited"),
                           asset_version=checked.renderer.asset_version if checked.renderer else "").encode("utf-8")


def package_files(checked: "Checked", site: Path, version: str) -> dict[str, bytes]:
    """Every file of one package, manifest included."""
    files = site_files(site)
    files[LAUNCH_PAGE] = launch_page(checked, version)
    files.update(schema_files(version))
    listed = sorted(files)
    build = manifest_12 if version == "1.2" else manifest_2004
    files["imsmanifest.xml"] = build(checked.course, listed).encode("utf-8")
    return files


def package_name(checked: "Checked", version: str) -> str:
    """The zip's name: '<course id>-<version>-scorm12.zip' or '...-scorm2004.zip'."""
    suffix = "scorm12" if version == "1.2" else "scorm2004"
    return f"{checked.course.id}-{checked.course.version}-{suffix}.zip"


def write_packages(checked: "Checked", site: Path, dist: Path, memo: DeflateMemo | None = None) -> list[Path]:
    """Write one zip per SCORM version the course builds; each distinct file is compressed
    once for all of them, or taken from `memo` (the last build's) when unchanged."""
    memo = memo if memo is not None else DeflateMemo()
    return [write_file(dist, package_name(checked, version), zip_bytes(package_files(checked, site, version), memo))
            for version in checked.course.scorm_versions]
