"""Test photos: where they come from and how genuine variants are made.

Photos every machine has: insightface's ``Tom_Hanks_54745.png`` (a 112x112 grey face crop) and
``t1.jpg`` (six people), located without importing insightface, and scikit-image's
``astronaut``. Data under ``../shared`` is reached through :func:`shared_path`, which skips the
test with the reason when the folder is absent.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageOps

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"

RGB = NDArray[np.uint8]


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, or skip the test with the reason if it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data {path} is absent (it sits beside the main checkout)")
    return path


def package_image(name: str) -> Path:
    """Return an image shipped in the insightface wheel, without importing insightface."""
    spec = importlib.util.find_spec("insightface")
    if spec is None or spec.origin is None:
        pytest.skip("insightface, which carries the test photos, is not installed")
    return Path(spec.origin).parent / "data" / "images" / name


def encode(rgb: RGB, fmt: str = "PNG", **options: object) -> bytes:
    """Encode an RGB array as image bytes."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, fmt, **options)
    return buffer.getvalue()


def decode_rgb(data: bytes) -> RGB:
    """Decode image bytes to an upright RGB array with Pillow."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    return np.asarray(image.convert("RGB"), dtype=np.uint8)


def on_canvas(
    face: RGB, *, size: int, at: tuple[int, int], shape: tuple[int, int] = (480, 640)
) -> RGB:
    """Place a face photo scaled to ``size`` px with its corner at ``(x, y)`` on grey."""
    canvas = np.full((*shape, 3), 118, dtype=np.uint8)
    x, y = at
    canvas[y : y + size, x : x + size] = resize(face, size, size)
    return canvas


def resize(rgb: RGB, width: int, height: int) -> RGB:
    """Resize an RGB array (area averaging when shrinking, cubic when growing)."""
    method = cv2.INTER_AREA if width < rgb.shape[1] else cv2.INTER_CUBIC
    return np.asarray(cv2.resize(rgb, (width, height), interpolation=method), dtype=np.uint8)


def blur(rgb: RGB, sigma: float) -> RGB:
    """Blur an RGB array with a Gaussian of ``sigma`` px."""
    return np.asarray(cv2.GaussianBlur(rgb, (0, 0), sigma), dtype=np.uint8)


def darken(rgb: RGB, factor: float) -> RGB:
    """Scale every pixel by ``factor``."""
    return np.asarray(np.clip(rgb.astype(np.float32) * factor, 0, 255), dtype=np.uint8)
