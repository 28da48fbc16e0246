"""Image fingerprints: a perceptual hash that stays put when a photo is re-sent or re-encoded.

The caller keeps the fingerprints of recent check-in photos (they reveal nothing of the face) and
passes them back; a new photo within ``max_distance`` bits of one of them is the same picture
sent again, a hint of a replayed selfie. The hash is imagehash's 64-bit pHash of the upright
image, computed from a 128 px thumbnail so that it costs well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Iterable

import imagehash
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from recognition.image import shrink

_THUMBNAIL_SIDE = 128


def fingerprint_image(rgb: NDArray[np.uint8]) -> str:
    """Return the 16-hex-digit perceptual hash of an RGB image."""
    return str(imagehash.phash(Image.fromarray(shrink(rgb, _THUMBNAIL_SIDE))))


def fingerprint_distance(first: str, second: str) -> int:
    """Return the number of differing bits between two fingerprints."""
    return int(imagehash.hex_to_hash(first) - imagehash.hex_to_hash(second))


def is_repeat(fingerprint: str, previous: Iterable[str], max_distance: int) -> bool:
    """Return whether the fingerprint is within ``max_distance`` bits of any previous one."""
    return any(fingerprint_distance(fingerprint, other) <= max_distance for other in previous)
