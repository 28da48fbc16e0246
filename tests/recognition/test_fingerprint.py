"""Tests of recognition.fingerprint: the same picture is found again, others are not."""

from __future__ import annotations

from recognition.fingerprint import fingerprint_distance, fingerprint_image, is_repeat
from tests.recognition.photos import RGB, decode_rgb, encode, resize


def test_fingerprint_survives_recompression_and_resizing(astronaut: RGB) -> None:
    """A re-encoded, downscaled copy stays within a few bits."""
    copy = decode_rgb(encode(resize(astronaut, 300, 300), "JPEG", quality=60))

    distance = fingerprint_distance(fingerprint_image(astronaut), fingerprint_image(copy))

    assert distance <= 4


def test_fingerprint_separates_different_photos(astronaut: RGB, tom: RGB) -> None:
    """Two different photos are far apart, and so is a mirrored copy."""
    original = fingerprint_image(astronaut)

    assert fingerprint_distance(original, fingerprint_image(tom)) > 12
    assert fingerprint_distance(original, fingerprint_image(astronaut[:, ::-1].copy())) > 12


def test_fingerprint_is_sixteen_hex_digits(astronaut: RGB) -> None:
    """The fingerprint is a 64-bit hash written as 16 hex digits."""
    fingerprint = fingerprint_image(astronaut)

    assert len(fingerprint) == 16
    int(fingerprint, 16)


def test_is_repeat_compares_with_every_previous_fingerprint() -> None:
    """One close previous fingerprint is enough; none means no repeat."""
    assert is_repeat("00000000000000ff", ["ffffffffffffffff", "000000000000000f"], 4)
    assert not is_repeat("00000000000000ff", ["ffffffffffffffff"], 4)
    assert not is_repeat("00000000000000ff", [], 4)
