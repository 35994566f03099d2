#!/usr/bin/env python3
"""Regenerates the images and sounds of examples/demo.

The demo's assets are committed; this script documents how they were made
and lets anyone rebuild them. Images are written with the standard library
only; sounds need `sox` (apt-get install sox).
"""
import math
import os
import struct
import subprocess
import sys
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "demo", "assets")


def write_png(path, width, height, pixel):
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def sprite(art, palette):
    h = len(art)
    w = len(art[0])
    return w, h, lambda x, y: palette[art[y][x]]


CLEAR = (0, 0, 0, 0)

HERO = [
    "....KKKK....",
    "...KRRRRK...",
    "..KRRRRRRK..",
    "..KSSWSSWK..",
    "..KSSSSSSK..",
    "...KSSSSK...",
    "..KBBBBBBK..",
    ".KSBBBBBBSK.",
    ".KSBBBBBBSK.",
    "..KBBKKBBK..",
    "..KBK..KBK..",
    "..KKK..KKK..",
]
SLIME = [
    "............",
    "....KKKK....",
    "..KKGGGGKK..",
    ".KGGGGGGGGK.",
    ".KGWKGGWKGK.",
    "KGGGGGGGGGGK",
    "KGGGGGGGGGGK",
    ".KKKKKKKKKK.",
]
COIN = [
    "..KKKK..",
    ".KYYYYK.",
    "KYYWYYYK",
    "KYWYYYYK",
    "KYYYYYYK",
    "KYYYYYOK",
    ".KYYYOK.",
    "..KKKK..",
]
HEART = [
    ".KK.KK.",
    "KRRKRRK",
    "KRWRRRK",
    "KRRRRRK",
    ".KRRRK.",
    "..KRK..",
    "...K...",
]
PALETTE = {
    ".": CLEAR,
    "K": (24, 20, 37, 255),
    "R": (228, 59, 68, 255),
    "S": (247, 190, 142, 255),
    "W": (255, 255, 255, 255),
    "B": (44, 105, 214, 255),
    "G": (99, 199, 77, 255),
    "Y": (254, 231, 97, 255),
    "O": (247, 118, 34, 255),
}


def tile(base, accent, pattern):
    def pixel(x, y):
        return accent if pattern(x, y) else base
    return 16, 16, pixel


def main():
    images = {
        "sprites/hero.png": sprite(HERO, PALETTE),
        "sprites/slime.png": sprite(SLIME, PALETTE),
        "sprites/coin.png": sprite(COIN, PALETTE),
        "ui/heart.png": sprite(HEART, PALETTE),
        "tiles/grass.png": tile((99, 199, 77, 255), (62, 137, 72, 255), lambda x, y: (x * 7 + y * 3) % 11 == 0),
        "tiles/dirt.png": tile((184, 111, 80, 255), (116, 63, 57, 255), lambda x, y: (x * 5 + y * 9) % 13 == 0),
        "tiles/stone.png": tile((139, 155, 180, 255), (90, 105, 136, 255), lambda x, y: x % 8 == 0 or y % 8 == 0),
        "tiles/water.png": tile((44, 105, 214, 255), (128, 180, 255, 255), lambda x, y: (y + int(2 * math.sin(x / 2))) % 6 == 0),
        "tiles/brick.png": tile((190, 74, 47, 255), (228, 166, 114, 255), lambda x, y: y % 4 == 3 or (x + (y // 4) * 4) % 8 == 0),
        "tiles/sand.png": tile((254, 231, 97, 255), (228, 166, 114, 255), lambda x, y: (x * y) % 7 == 3),
    }
    for name, (w, h, pixel) in images.items():
        write_png(os.path.join(ROOT, name), w, h, pixel)

    # A sky gradient background and a tiny 4x6 font sheet.
    write_png(os.path.join(ROOT, "backgrounds/sky.png"), 160, 90,
              lambda x, y: (int(40 + y * 1.2), int(90 + y * 1.3), int(200 + y * 0.5), 255))
    write_png(os.path.join(ROOT, "backgrounds/hills.png"), 160, 40,
              lambda x, y: (38, 92, 66, 255) if y > 20 + 10 * math.sin(x / 14) else (0, 0, 0, 0))
    write_png(os.path.join(ROOT, "ui/font.png"), 64, 24,
              lambda x, y: (255, 255, 255, 255) if (x % 4 != 3 and y % 6 != 5 and (x // 4 + y // 6 + x * y) % 3 == 0) else (0, 0, 0, 0))
    write_png(os.path.join(ROOT, "ui/button.png"), 32, 12,
              lambda x, y: (24, 20, 37, 255) if x in (0, 31) or y in (0, 11) else (58, 68, 102, 255))

    sounds = [
        ("sounds/jump.wav", ["synth", "0.18", "square", "300-900", "vol", "0.4"]),
        ("sounds/coin.ogg", ["synth", "0.12", "sine", "1200", "synth", "0.12", "sine", "mix", "1800", "vol", "0.5"]),
        ("sounds/hit.wav", ["synth", "0.2", "noise", "vol", "0.3", "fade", "0", "0.2", "0.15"]),
        ("music/theme.flac", ["synth", "2.0", "sine", "220", "sine", "330", "channels", "2", "vol", "0.3", "fade", "0.2", "2.0", "0.5"]),
    ]
    for name, effect in sounds:
        path = os.path.join(ROOT, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", path] + effect, check=True)


if __name__ == "__main__":
    sys.exit(main())
