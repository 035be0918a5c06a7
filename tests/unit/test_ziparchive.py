"""Zips laid out from remembered compressed contents: the bytes zipfile writes, each content
compressed once, and the ZIP64 fallback."""

from __future__ import annotations

import io
import zipfile

import pytest

from course import ziparchive
from course.ziparchive import DeflateMemo, zip_bytes

FILES = {
    "index.html": b"<!doctype html><title>Course</title>" * 50,
    "en/m1/lesson.html": "Торговля людьми — уголовное дело. ".encode("utf-8") * 200,
    "assets/empty.css": b"",
    "assets/media/схема.png": bytes(range(256)) * 40,   # a trainer's image with a Cyrillic name
    "assets/copy.html": b"<!doctype html><title>Course</title>" * 50,  # same content as index.html
}


def zipfile_bytes(files: dict[str, bytes]) -> bytes:
    """What the standard library writes for the same entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            archive.writestr(ziparchive.standard_entry(name), files[name], compresslevel=ziparchive.LEVEL)
    return buffer.getvalue()


def test_archive_is_byte_for_byte_what_zipfile_writes() -> None:
    assert zip_bytes(FILES) == zipfile_bytes(FILES)


def test_archive_opens_and_holds_every_file_unchanged() -> None:
    with zipfile.ZipFile(io.BytesIO(zip_bytes(FILES))) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(FILES)
        assert {name: archive.read(name) for name in FILES} == FILES
        assert all(info.date_time == ziparchive.FIXED_TIME for info in archive.infolist())


def count_compressions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = ziparchive.deflate

    def counted(content: bytes) -> ziparchive.Deflated:
        calls.append(len(content))
        return real(content)

    monkeypatch.setattr(ziparchive, "deflate", counted)
    return calls


def test_each_distinct_content_is_compressed_once_for_all_archives(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_compressions(monkeypatch)
    memo = DeflateMemo()
    first = zip_bytes(FILES, memo)
    second = zip_bytes({**FILES, "imsmanifest.xml": b"<manifest/>"}, memo)
    assert len(calls) == len(set(FILES.values())) + 1   # the duplicate once, the manifest once more
    assert first == zipfile_bytes(FILES)
    assert second == zipfile_bytes({**FILES, "imsmanifest.xml": b"<manifest/>"})


def test_a_later_build_compresses_only_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = DeflateMemo()
    zip_bytes(FILES, earlier)
    calls = count_compressions(monkeypatch)
    edited = {**FILES, "en/m1/lesson.html": FILES["en/m1/lesson.html"] + b"One more sentence."}
    later = DeflateMemo(earlier.used)
    assert zip_bytes(edited, later) == zipfile_bytes(edited)
    assert calls == [len(edited["en/m1/lesson.html"])]
    # Only what this build used is passed on, so the cache does not grow with every edit.
    assert len(later.used) == len(set(edited.values()))


def test_archives_past_the_classic_limits_are_left_to_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ziparchive, "MAX_ENTRIES", 2)
    calls = count_compressions(monkeypatch)
    assert zip_bytes(FILES) == zipfile_bytes(FILES)
    assert calls == []
