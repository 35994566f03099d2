#!/usr/bin/env python3
"""Writes a copy of an RGBA PNG with its colours rotated (R->G->B->R): a
visible edit for the live-reload screenshots, with nothing but Python's
standard library. Usage: recolour-png.py in.png out.png"""
import struct, sys, zlib

def chunks(data):
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length

def main(source, target):
    data = open(source, "rb").read()
    header = dict(chunks(data))[b"IHDR"]
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    if depth != 8 or colour != 6:
        sys.exit("only 8-bit RGBA PNGs")
    raw = zlib.decompress(b"".join(body for kind, body in chunks(data) if kind == b"IDAT"))
    stride, rows, previous = width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - 4] if x >= 4 else 0
            b, c = previous[x], previous[x - 4] if x >= 4 else 0
            p = a + b - c
            predictor = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
            line[x] = (line[x] + [0, a, b, (a + b) // 2, predictor][kind]) & 0xff
        rows.append(line)
        previous = line
    out = b""
    for line in rows:
        for x in range(0, stride, 4):
            line[x:x + 3] = bytes([line[x + 2], line[x], line[x + 1]])
        out += b"\0" + bytes(line)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    open(target, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(out)) + chunk(b"IEND", b""))

main(*sys.argv[1:])
