"""The alpha channel of a screenshot, read with the standard library (zlib and struct).

Chromium saves 8-bit RGBA PNGs; this reads those (and RGB ones, all opaque) and nothing else.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Alpha:
    width: int
    height: int
    rows: list[bytes]  # one byte of alpha per pixel, row by row

    def at(self, x: int, y: int) -> int:
        return self.rows[y][x]


def _unfilter(kind: int, row: bytearray, above: bytes, step: int) -> None:
    if kind == 1:
        for i in range(step, len(row)):
            row[i] = (row[i] + row[i - step]) & 0xFF
    elif kind == 2:
        for i in range(len(row)):
            row[i] = (row[i] + above[i]) & 0xFF
    elif kind == 3:
        for i in range(len(row)):
            left = row[i - step] if i >= step else 0
            row[i] = (row[i] + ((left + above[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(len(row)):
            a = row[i - step] if i >= step else 0
            b, c = above[i], above[i - step] if i >= step else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            guess = a if pa <= pb and pa <= pc else b if pb <= pc else c
            row[i] = (row[i] + guess) & 0xFF


def read_alpha(path: Path) -> Alpha:
    data = path.read_bytes()
    assert data.startswith(SIGNATURE), f"{path} is not a PNG"
    at, idat = len(SIGNATURE), bytearray()
    width = height = colour = 0
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "an 8-bit RGB(A) PNG"
        elif kind == b"IDAT":
            idat += body
    step = 4 if colour == 6 else 3
    raw = zlib.decompress(bytes(idat))
    stride = width * step
    above, rows = bytes(stride), []
    for y in range(height):
        start = y * (stride + 1)
        row = bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(raw[start], row, above, step)
        above = bytes(row)
        rows.append(bytes(row[3::4]) if step == 4 else bytes([255]) * width)
    return Alpha(width, height, rows)
