"""The SCORM packages: valid manifests (the standards validator), deterministic zips, the
schema files unmodified, every file of the site, names, and what `course package` and
`course build --no-package` write."""

from __future__ import annotations

import re

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
import yaml

from course.pipeline import build

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO.parent / "shared" / "standards"
VALIDATOR = STANDARDS / "validate_manifest.py"
BASIC = REPO / "tests" / "fixtures" / "basic"
COURSES = {"basic": BASIC, "bundled": REPO}
SUFFIX = {"1.2": "scorm12", "2004": "scorm2004"}
MARKER = ".course-build"


def built(root: Path, target: Path) -> Path:
    """Build the course at `root` into target/site and target/dist; return target."""
    build(root, target / "site", target / "dist", use_cache=False)
    return target


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture course and the bundled course, each built once with its packages."""
    return {name: built(root, tmp_path_factory.mktemp(name)) for name, root in COURSES.items()}


def course_yaml(root: Path) -> dict:
    return yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))


def package_path(root: Path, dist: Path, version: str) -> Path:
    meta = course_yaml(root)
    return dist / f"{meta['id']}-{meta['version']}-{SUFFIX[version]}.zip"


def zip_contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*") if p.is_file() and p.name != MARKER}


def schema_files(version: str) -> dict[str, bytes]:
    folder = STANDARDS / ("scorm12" if version == "1.2" else "scorm2004")
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def manifest_files(manifest: bytes) -> list[str]:
    root = ET.fromstring(manifest)
    return [unquote(e.attrib["href"]) for e in root.iter() if e.tag.endswith("}file")]


# -- validity ------------------------------------------------------------------------------

@pytest.mark.parametrize("course", sorted(COURSES))
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_manifest_passes_the_standards_validator(course: str, version: str, builds: dict[str, Path],
                                                 tmp_path: Path) -> None:
    package = package_path(COURSES[course], builds[course] / "dist", version)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "pkg")
    manifest = tmp_path / "pkg" / "imsmanifest.xml"
    assert VALIDATOR.is_file(), f"{VALIDATOR} is missing: the tests need ../shared/standards beside the repository"
    result = subprocess.run([sys.executable, "validate_manifest.py", "--check-files", "--strict", str(manifest)],
                            cwd=STANDARDS, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = "SCORM 1.2 manifest" if version == "1.2" else "SCORM 2004 manifest"
    assert expected in result.stdout
    assert f"{manifest}: valid (0 error(s), 0 warning(s))" in result.stdout


# -- determinism ---------------------------------------------------------------------------------

def test_zips_are_byte_identical_across_builds_and_output_folders(builds: dict[str, Path], tmp_path: Path) -> None:
    first = builds["basic"] / "dist"
    again = built(BASIC, tmp_path / "again")                       # a fresh build
    built(BASIC, again)                                             # and a rebuild over it
    elsewhere = built(BASIC, tmp_path / "other place" / "deeper")   # a different output folder
    for version in ("1.2", "2004"):
        reference = package_path(BASIC, first, version).read_bytes()
        for target in (again, elsewhere):
            assert package_path(BASIC, target / "dist", version).read_bytes() == reference, (version, target)


def test_zip_entries_have_fixed_times_and_modes(builds: dict[str, Path]) -> None:
    with zipfile.ZipFile(package_path(BASIC, builds["basic"] / "dist", "1.2")) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}


# -- contents --------------------------------------------------------------------------------------

@pytest.mark.parametrize("course", sorted(COURSES))
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_package_holds_site_launch_page_schemas_and_manifest(course: str, version: str,
                                                             builds: dict[str, Path]) -> None:
    contents = zip_contents(package_path(COURSES[course], builds[course] / "dist", version))
    site = site_files(builds[course] / "site")
    schemas = schema_files(version)
    # Every file of the site, byte for byte (the build marker is not part of the site).
    assert {name: contents.get(name) for name in site} == site
    assert MARKER not in contents
    # The schema files of this version, unmodified, at the package root (2004 keeps its folders).
    assert {name: contents.get(name) for name in schemas} == schemas
    other = schema_files("2004" if version == "1.2" else "1.2")
    assert not (set(other) - set(schemas)) & set(contents), "the other version's schemas are in the package"
    # Nothing else but the launch page and the manifest.
    assert set(contents) == set(site) | set(schemas) | {"launch.html", "imsmanifest.xml"}
    launch = contents["launch.html"].decode("utf-8")
    assert f'data-scorm="{version}"' in launch
    for script in ("assets/js/state.js", "assets/js/scorm-api.js", "assets/js/host.js", "assets/course-data.js"):
        assert re.search(rf'src="{re.escape(script)}(\?v=[0-9a-f]+)?"', launch) and script in contents
    assert 'id="course-frame"' in launch


@pytest.mark.parametrize("course", sorted(COURSES))
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_manifest_lists_exactly_the_files_of_the_zip(course: str, version: str, builds: dict[str, Path]) -> None:
    contents = zip_contents(package_path(COURSES[course], builds[course] / "dist", version))
    manifest = contents["imsmanifest.xml"]
    listed = manifest_files(manifest)
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert set(listed) == set(contents) - {"imsmanifest.xml"}
    root = ET.fromstring(manifest)
    resources = [e for e in root.iter() if e.tag.endswith("}resource")]
    assert len(resources) == 1 and resources[0].attrib["href"] == "launch.html"
    namespace = "http://www.imsproject.org/xsd/imscp_rootv1p1p2" if version == "1.2" else \
        "http://www.imsglobal.org/xsd/imscp_v1p1"
    assert root.tag == f"{{{namespace}}}manifest"


@pytest.mark.parametrize("course", sorted(COURSES))
def test_package_names_carry_id_version_and_scorm_version(course: str, builds: dict[str, Path]) -> None:
    meta = course_yaml(COURSES[course])
    names = sorted(p.name for p in (builds[course] / "dist").iterdir())
    assert names == [f"{meta['id']}-{meta['version']}-scorm12.zip", f"{meta['id']}-{meta['version']}-scorm2004.zip"]


# -- the commands --------------------------------------------------------------------------------

def course_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_course_package_writes_only_the_zips(builds: dict[str, Path], tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(BASIC, root)
    # No site yet: `course package` makes none, and writes the zips to DIR/dist by default.
    result = course_cli("package", str(root))
    assert result.returncode == 0, result.stderr
    assert not (root / "site").exists()
    assert sorted(p.name for p in (root / "dist").iterdir()) == [
        "basic-course-0.1.0-scorm12.zip", "basic-course-0.1.0-scorm2004.zip"]
    for version in ("1.2", "2004"):
        assert package_path(root, root / "dist", version).read_bytes() == \
            package_path(BASIC, builds["basic"] / "dist", version).read_bytes()
    # An existing site is left exactly as it was (bytes and modification times).
    result = course_cli("build", str(root), "--no-package")
    assert result.returncode == 0, result.stderr
    (root / "site" / "en" / "index.html").write_text("an older site", encoding="utf-8")
    before = snapshot(root / "site")
    result = course_cli("package", str(root), "--dist", str(tmp_path / "packages"))
    assert result.returncode == 0, result.stderr
    assert snapshot(root / "site") == before
    assert sorted(p.name for p in (tmp_path / "packages").iterdir()) == [
        "basic-course-0.1.0-scorm12.zip", "basic-course-0.1.0-scorm2004.zip"]
    assert "Package:" in result.stdout


def test_build_no_package_writes_no_zip(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(BASIC, root)
    result = course_cli("build", str(root), "--out", str(tmp_path / "out"), "--no-package")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "en" / "index.html").is_file()
    assert not (root / "dist").exists()
    assert list(tmp_path.rglob("*.zip")) == []
    assert "Package:" not in result.stdout
    # Without --no-package the same command writes both.
    result = course_cli("build", str(root), "--out", str(tmp_path / "out"), "--dist", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        "basic-course-0.1.0-scorm12.zip", "basic-course-0.1.0-scorm2004.zip"]
