"""Image decoding: untrusted bytes in, an upright 8-bit RGB array out, or a typed error.

Rules, in order: the byte limit; only JPEG, PNG and WebP are opened; the pixel limit is checked
from the header before any pixel is decoded (decompression bombs); JPEGs are decoded with DCT
scaling (1/2, 1/4, 1/8) to the smallest size whose long side still reaches half the working
size, the fastest path for phone selfies (a 1280x960 JPEG decodes straight to 640x480); EXIF
orientation is applied; greyscale, palette, CMYK, 16-bit and alpha images are converted (alpha
is composed over white); finally the working image is bounded to ``working_long_side`` so that
later steps cost about the same for any input.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

from recognition.errors import ImageTooLarge, ImageTooSmall, UnreadableImage

FORMATS = ("JPEG", "PNG", "WEBP")
MIN_SIDE = 32
_ORIENTATION = 0x0112
# EXIF orientations that turn the picture by 90 degrees, swapping width and height.
_TRANSPOSING_ORIENTATIONS = (5, 6, 7, 8)

_RGB = NDArray[np.uint8]


@dataclass(frozen=True, slots=True, eq=False)
class DecodedImage:
    """An upright RGB image and the facts about the file it came from.

    ``source_width`` and ``source_height`` are the full-resolution size of the upright picture
    (EXIF orientation applied); ``pixels`` may be smaller (the working image).
    """

    pixels: _RGB
    format: str
    source_width: int
    source_height: int

    @property
    def width(self) -> int:
        """Width of the working image in pixels."""
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        """Height of the working image in pixels."""
        return int(self.pixels.shape[0])

    @property
    def source_scale(self) -> float:
        """Source pixels per working-image pixel (1.0 when the photo was not reduced)."""
        return self.source_width / self.width


def decode_image(
    data: bytes, *, max_bytes: int, max_pixels: int, working_long_side: int
) -> DecodedImage:
    """Decode photo bytes into an upright RGB image no longer than the working size."""
    if not data:
        msg = "Image is empty (0 bytes). A JPEG, PNG or WebP photo is required."
        raise UnreadableImage(msg)
    if len(data) > max_bytes:
        raise ImageTooLarge(what="bytes", value=len(data), limit=max_bytes)

    image = _open(data, max_pixels)
    width, height = image.size
    if width * height > max_pixels:
        raise ImageTooLarge(what="pixels", value=width * height, limit=max_pixels)
    if min(width, height) < MIN_SIDE:
        raise ImageTooSmall(width, height, MIN_SIDE)

    if image.format == "JPEG":
        scale = min(1.0, working_long_side / 2 / max(width, height))
        image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
    upright, turned = _load_upright(image)
    if turned:
        width, height = height, width
    pixels = _to_rgb(upright)

    return DecodedImage(
        pixels=shrink(pixels, working_long_side),
        format=str(image.format),
        source_width=width,
        source_height=height,
    )


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Open the header only; the formats list keeps other (riskier) decoders out."""
    try:
        return Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        # Pillow's own guard fires at open for headers far above any sane photo size.
        raise ImageTooLarge(what="pixels", value=None, limit=max_pixels) from err
    except UnidentifiedImageError as err:
        # Pillow's text names its internal buffer object, which says nothing to anyone.
        magic = data[:8].hex(" ")
        msg = f"Image is not a JPEG, PNG or WebP file (it starts with bytes {magic})."
        raise UnreadableImage(msg) from err
    except Exception as err:
        # Pillow raises OSError, SyntaxError or struct.error on broken headers.
        msg = f"Image cannot be read as JPEG, PNG or WebP: {err}"
        raise UnreadableImage(msg) from err


def _load_upright(image: Image.Image) -> tuple[Image.Image, bool]:
    """Decode the pixels and apply the EXIF orientation; say whether it swapped the sides."""
    try:
        image.load()
        turned = image.getexif().get(_ORIENTATION) in _TRANSPOSING_ORIENTATIONS
        return ImageOps.exif_transpose(image), turned
    except Exception as err:
        # Truncated or corrupt data: Pillow raises OSError, ValueError, SyntaxError and more.
        msg = f"Image data is truncated or corrupt: {err}"
        raise UnreadableImage(msg) from err


def _to_rgb(image: Image.Image) -> _RGB:
    """Convert any supported mode to 8-bit RGB; alpha is composed over white."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        wide = np.asarray(image, dtype=np.float32)
        peak = 65535.0 if wide.max(initial=0) > 255 else 255.0
        grey = np.clip(wide * (255.0 / peak), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))

    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)

    return np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))


def shrink(pixels: _RGB, long_side: int, *, fast: bool = False) -> _RGB:
    """Scale an image down so its long side is at most ``long_side``; never enlarge it.

    Area averaging keeps the most detail but is slow for mild reductions; ``fast`` uses
    bilinear interpolation for reductions by less than half (enough for the detector, whose
    input it is, but measurably worse for the crops that are embedded).
    """
    height, width = pixels.shape[:2]
    scale = long_side / max(height, width)
    if scale >= 1.0:
        return pixels

    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    method = cv2.INTER_LINEAR if fast and scale >= 0.5 else cv2.INTER_AREA
    return np.ascontiguousarray(cv2.resize(pixels, size, interpolation=method), dtype=np.uint8)
