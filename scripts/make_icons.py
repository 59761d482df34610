"""Generate Envelope's app icons (PNG) using only the standard library.

    python scripts/make_icons.py

This writes static/icons/*.png. The output is deterministic, so running it
again gives byte-identical files. The motif is a rounded horizontal bar, like
a fuel gauge or an energy envelope, drawn as a soft-sage outline on dark slate
with its left 60 % filled. Shapes are drawn with signed distance functions,
which gives one-pixel anti-aliased edges without Pillow.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

BACKGROUND = (0x1F, 0x2A, 0x36)  # dark slate blue
MOTIF = (0x9C, 0xC3, 0xB5)  # soft sage
FILL_FRACTION = 0.60  # how much of the gauge is filled, from the left

OUT_DIR = Path(__file__).resolve().parent.parent / "static" / "icons"


@dataclass(frozen=True)
class Motif:
    """Gauge geometry, as fractions of the icon's side length."""

    width: float  # outer width of the bar
    height: float  # outer height of the bar
    stroke: float  # outline thickness
    gap: float  # space between the outline and the fill


# "any"-purpose icons: the motif fills the canvas comfortably.
REGULAR = Motif(width=0.72, height=0.32, stroke=0.045, gap=0.035)
# Maskable icons: scaled by 0.8, so the bar's corners (max. radius ~0.32) stay
# well inside the safe zone, a circle of radius 0.40 around the centre.
MASKABLE = Motif(width=0.576, height=0.256, stroke=0.036, gap=0.028)
# At 32 px, thin lines turn to mush. Use a bigger motif with a heavier stroke.
FAVICON = Motif(width=0.875, height=0.47, stroke=0.075, gap=0.065)


@dataclass(frozen=True)
class Icon:
    name: str
    size: int
    motif: Motif
    # Corner radius of the background square, as a fraction of the side.
    # 0 means full-bleed: maskable icons and apple-touch-icon need that, since
    # the platform applies its own mask, and iOS turns transparency black.
    corner: float


ICONS = [
    Icon("icon-192.png", 192, REGULAR, corner=0.18),
    Icon("icon-512.png", 512, REGULAR, corner=0.18),
    Icon("maskable-512.png", 512, MASKABLE, corner=0.0),
    Icon("apple-touch-icon-180.png", 180, REGULAR, corner=0.0),
    Icon("favicon-32.png", 32, FAVICON, corner=0.16),
]


def rounded_rect_sdf(
    px: float, py: float, cx: float, cy: float, hx: float, hy: float, r: float
) -> float:
    """Signed distance from (px, py) to a rounded rectangle (negative inside)."""
    qx = abs(px - cx) - (hx - r)
    qy = abs(py - cy) - (hy - r)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    inside = min(max(qx, qy), 0.0)
    return outside + inside - r


def coverage(d: float) -> float:
    """Fraction of a pixel covered, given the SDF (in pixels) at its centre."""
    return min(max(0.5 - d, 0.0), 1.0)


def render(icon: Icon) -> list[bytearray]:
    """Return the icon as rows of RGBA bytes."""
    s = icon.size
    m = icon.motif
    c = s / 2.0
    # Outer bar: a capsule (corner radius = half the height).
    ohx, ohy = m.width * s / 2, m.height * s / 2
    # Hole inside the outline.
    ihx, ihy = ohx - m.stroke * s, ohy - m.stroke * s
    # Fill: inset again by the gap, also capsule-shaped, cut off on the right.
    fhx, fhy = ihx - m.gap * s, ihy - m.gap * s
    fill_right = (c - fhx) + FILL_FRACTION * 2 * fhx
    bg_r = icon.corner * s

    rows = []
    for y in range(s):
        row = bytearray()
        py = y + 0.5
        for x in range(s):
            px = x + 0.5
            bg_a = coverage(rounded_rect_sdf(px, py, c, c, c, c, bg_r)) if bg_r else 1.0
            ring = max(
                rounded_rect_sdf(px, py, c, c, ohx, ohy, ohy),
                -rounded_rect_sdf(px, py, c, c, ihx, ihy, ihy),
            )
            fill = max(rounded_rect_sdf(px, py, c, c, fhx, fhy, fhy), px - fill_right)
            fg_a = coverage(min(ring, fill))
            rgb = [round(b + (f - b) * fg_a) for b, f in zip(BACKGROUND, MOTIF, strict=True)]
            # The motif always sits inside the background, so the background's
            # coverage is the pixel's alpha.
            row += bytes((*rgb, round(255 * bg_a)))
        rows.append(row)
    return rows


def png_bytes(rows: list[bytearray], size: int) -> bytes:
    """Encode RGBA rows as PNG. If every pixel is opaque, it drops alpha and writes RGB."""
    opaque = all(row[i] == 255 for row in rows for i in range(3, len(row), 4))
    if opaque:
        rows = [bytearray(b for i, b in enumerate(row) if i % 4 != 3) for row in rows]
    colour_type = 2 if opaque else 6
    raw = b"".join(b"\x00" + bytes(row) for row in rows)  # filter type 0 on every row

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"sRGB", b"\x00")
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for icon in ICONS:
        data = png_bytes(render(icon), icon.size)
        (OUT_DIR / icon.name).write_bytes(data)
        print(f"wrote {OUT_DIR / icon.name} ({icon.size}x{icon.size}, {len(data)} bytes)")


if __name__ == "__main__":
    main()
