"""Deterministic zip archives from file contents compressed once and remembered.

A course build writes one package per SCORM version, and the packages share every file of
the site; a rebuild after one edited lesson changes a handful of them. So each distinct
content is deflated once, shared by every package, and kept in the build cache for the next
build (`DeflateMemo`). The standard library's zipfile cannot take data that is already
compressed, so the archive is laid out here: the same bytes zipfile writes for these entries
(stored names, deflate at level 9, a fixed time, Unix permissions 0644), which a unit test
checks. Archives near the classic zip limits (2 GB of offsets and sizes, 65,535 entries) are
left to zipfile, which switches to ZIP64 where it must.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from typing import Any

FIXED_TIME = (1980, 1, 1, 0, 0, 0)   # zip timestamps: the same bytes on every build
LEVEL = 9
# Below these the classic format suffices and zipfile writes no ZIP64 record either: zipfile
# switches at 2 GB of offsets (or 1/1.05 of that for one member) and at 65,535 entries;
# 1 GB of content, compressed or not, with its headers stays well below.
MAX_ENTRIES = 0xFFFF - 1
MAX_BYTES = 1 << 30

Deflated = tuple[int, int, bytes]   # (CRC-32, size, raw deflate stream) of one content

_VERSION = 20                        # "2.0": deflate; what zipfile writes for these entries
_UNIX = 3
_MODE = 0o644 << 16
_DOS_TIME = 0                        # 00:00:00
_DOS_DATE = (FIXED_TIME[0] - 1980) << 9 | FIXED_TIME[1] << 5 | FIXED_TIME[2]
_UTF8_NAME = 0x800


def deflate(content: bytes) -> Deflated:
    """`content` as zip stores it: CRC-32, size and a raw deflate stream at LEVEL."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush()


class DeflateMemo:
    """Deflated contents by hash: those of the last build (`known`, from the build cache)
    and those this build used (`used`, to be cached for the next)."""

    def __init__(self, known: dict[bytes, Deflated] | None = None):
        self.known = known or {}
        self.used: dict[bytes, Deflated] = {}

    def get(self, content: bytes) -> Deflated:
        """`content` deflated, compressing it only if no build has done so before."""
        key = hashlib.blake2b(content, digest_size=16).digest()
        entry = self.used.get(key) or self.known.get(key)
        if entry is None:
            entry = deflate(content)
        self.used[key] = entry
        return entry


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


def zip_bytes(files: dict[str, bytes], memo: DeflateMemo | None = None) -> bytes:
    """A zip whose bytes depend only on the files: sorted names, fixed times and modes."""
    memo = memo if memo is not None else DeflateMemo()
    if len(files) > MAX_ENTRIES or sum(len(data) for data in files.values()) > MAX_BYTES:
        return _large_zip(files)
    parts: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name in sorted(files):
        crc, size, data = memo.get(files[name])
        encoded, flags = _name(name)
        header = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _VERSION, 0, flags, zipfile.ZIP_DEFLATED,
                             _DOS_TIME, _DOS_DATE, crc, len(data), size, len(encoded), 0)
        directory.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags,
                                     zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(data), size,
                                     len(encoded), 0, 0, 0, 0, _MODE, offset) + encoded)
        parts += (header, encoded, data)
        offset += len(header) + len(encoded) + len(data)
    listing = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), len(listing), offset, 0)
    return b"".join(parts) + listing + end


def _large_zip(files: dict[str, bytes]) -> bytes:
    """The same archive written by zipfile, which uses ZIP64 where the classic format ends."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            archive.writestr(standard_entry(name), files[name], compresslevel=LEVEL)
    return buffer.getvalue()


def standard_entry(name: str) -> Any:
    """The zipfile entry for `name` that `zip_bytes` lays out by hand."""
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _UNIX
    info.external_attr = _MODE
    return info
