#!/usr/bin/env python3
"""Reads (and crops) 8-bit RGB/RGBA PNG screenshots with the standard library only.

    png_tool.py stats FILE          -> JSON: width, height, share of non-white pixels, distinct colours
    png_tool.py crop FILE OUT [PAD] -> writes OUT cut below the last non-white row (plus PAD pixels)
"""
import json
import struct
import sys
import zlib


def read(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: only 8-bit RGB/RGBA, non-interlaced PNGs")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upper_left)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def pixels(row, channels):
    for i in range(0, len(row), channels):
        yield row[i:i + 3]


def stats(path):
    width, height, channels, rows = read(path)
    nonwhite, colours = 0, set()
    for row in rows:
        for pixel in pixels(row, channels):
            if pixel != b"\xff\xff\xff":
                nonwhite += 1
            if len(colours) < 10000:
                colours.add(pixel)
    print(json.dumps({"width": width, "height": height, "nonwhite": nonwhite / (width * height), "colours": len(colours)}))


def crop(path, out, pad=24):
    width, height, channels, rows = read(path)
    last = max((y for y, row in enumerate(rows) if any(p != b"\xff\xff\xff" for p in pixels(row, channels))), default=0)
    keep = rows[:min(height, last + 1 + pad)]
    raw = b"".join(b"\x00" + row for row in keep)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    colour = 2 if channels == 3 else 6
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(keep), 8, colour, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(out, "wb").write(png)


if __name__ == "__main__":
    if sys.argv[1] == "stats":
        stats(sys.argv[2])
    elif sys.argv[1] == "crop":
        crop(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 24)
