"""Tests of recognition.image: limits, formats, orientation, modes and hostile bytes."""

from __future__ import annotations

import contextlib
import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from recognition.errors import ImageTooLarge, ImageTooSmall, RecognitionError, UnreadableImage
from recognition.image import decode_image
from tests.recognition.photos import RGB, encode

LIMITS = {"max_bytes": 5_000_000, "max_pixels": 40_000_000, "working_long_side": 1280}


def decode(data: bytes, **overrides: int) -> RGB:
    """Decode with the test limits and return the pixels."""
    return decode_image(data, **{**LIMITS, **overrides}).pixels


def png_header(width: int, height: int) -> bytes:
    """Build a PNG that declares a size in its header but carries almost no pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_decode_image_reads_jpeg_png_and_webp_alike(astronaut: RGB) -> None:
    """The three accepted formats decode to nearly the same pixels."""
    reference = decode(encode(astronaut))
    for fmt, options in (("JPEG", {"quality": 95}), ("WEBP", {"quality": 95})):
        pixels = decode(encode(astronaut, fmt, **options))
        assert pixels.shape == reference.shape
        assert np.abs(pixels.astype(int) - reference).mean() < 4


def test_decode_image_applies_exif_orientation(astronaut: RGB) -> None:
    """A photo stored sideways with orientation 6 comes out upright."""
    stored = np.ascontiguousarray(np.rot90(astronaut, k=1))
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(stored, "JPEG", quality=95, exif=exif.tobytes())

    pixels = decode(data)

    assert np.abs(pixels.astype(int) - astronaut).mean() < 4


def test_decode_image_reports_the_upright_source_size(astronaut: RGB) -> None:
    """A wide photo stored with orientation 6 is reported with its upright (tall) size."""
    wide = np.ascontiguousarray(np.rot90(astronaut[:, :384], k=1))
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(wide, "JPEG", quality=95, exif=exif.tobytes())

    image = decode_image(data, **LIMITS)

    assert (wide.shape[1], wide.shape[0]) == (512, 384)
    assert (image.source_width, image.source_height) == (384, 512)
    assert (image.width, image.height) == (384, 512)


def test_decode_image_turns_greyscale_into_three_equal_channels(astronaut: RGB) -> None:
    """A greyscale JPEG becomes RGB with identical channels."""
    grey = Image.fromarray(astronaut).convert("L")
    buffer = io.BytesIO()
    grey.save(buffer, "JPEG")

    pixels = decode(buffer.getvalue())

    assert pixels.shape == (512, 512, 3)
    assert np.array_equal(pixels[:, :, 0], pixels[:, :, 2])


def test_decode_image_converts_cmyk_jpeg(astronaut: RGB) -> None:
    """A CMYK JPEG decodes to RGB close to the original colours."""
    buffer = io.BytesIO()
    Image.fromarray(astronaut).convert("CMYK").save(buffer, "JPEG", quality=95)

    pixels = decode(buffer.getvalue())

    assert np.abs(pixels.astype(int) - astronaut).mean() < 8


def test_decode_image_composes_alpha_over_white() -> None:
    """Transparent pixels become white, opaque ones keep their colour."""
    rgba = np.zeros((64, 64, 4), dtype=np.uint8)
    rgba[:, :32] = (200, 10, 10, 255)

    pixels = decode(encode(rgba))

    assert tuple(pixels[5, 5]) == (200, 10, 10)
    assert tuple(pixels[5, 50]) == (255, 255, 255)


def test_decode_image_scales_sixteen_bit_greyscale() -> None:
    """A 16-bit PNG is scaled to 8 bits rather than clipped."""
    wide = np.full((64, 64), 40000, dtype=np.uint16)
    buffer = io.BytesIO()
    Image.fromarray(wide).save(buffer, "PNG")

    pixels = decode(buffer.getvalue())

    assert 150 < int(pixels[0, 0, 0]) < 160


def test_decode_image_reduces_large_jpeg_while_decoding(astronaut: RGB) -> None:
    """A 2048 px JPEG decodes by DCT scaling to a long side within the working size."""
    big = np.asarray(Image.fromarray(astronaut).resize((2048, 1536)))

    image = decode_image(encode(big, "JPEG"), **LIMITS)

    assert (image.width, image.height) == (1024, 768)
    assert (image.source_width, image.source_height) == (2048, 1536)


def test_decode_image_bounds_large_png_to_working_size() -> None:
    """A large PNG is shrunk to the working long side."""
    pixels = decode(encode(np.zeros((1000, 3000, 3), dtype=np.uint8)))

    assert pixels.shape == (427, 1280, 3)


def test_decode_image_rejects_truncated_jpeg(astronaut: RGB) -> None:
    """A JPEG cut in half is unreadable, not a crash or a half-grey image."""
    data = encode(astronaut, "JPEG")

    with pytest.raises(UnreadableImage, match="truncated or corrupt"):
        decode(data[: len(data) // 2])


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", b"GIF89a" + b"\x00" * 64, b"\xff\xd8\xff" + b"\x00" * 32],
)
def test_decode_image_rejects_unreadable_bytes(data: bytes) -> None:
    """Empty, random, GIF and broken JPEG bytes raise UnreadableImage."""
    with pytest.raises(UnreadableImage):
        decode(data)


def test_decode_image_rejects_gif_as_unsupported() -> None:
    """A valid GIF is refused: only JPEG, PNG and WebP are opened."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, "GIF")

    with pytest.raises(UnreadableImage, match="JPEG, PNG or WebP"):
        decode(buffer.getvalue())


def test_decode_image_enforces_byte_limit(astronaut: RGB) -> None:
    """Bytes over the limit are refused before decoding."""
    with pytest.raises(ImageTooLarge, match="bytes") as caught:
        decode(encode(astronaut), max_bytes=10_000)

    assert caught.value.limit == 10_000


def test_decode_image_refuses_pixel_bomb_from_header() -> None:
    """A header declaring 50 megapixels is refused before any pixel is decoded."""
    with pytest.raises(ImageTooLarge, match="pixels") as caught:
        decode(png_header(10_000, 5_000))

    assert caught.value.value == 50_000_000


def test_decode_image_refuses_decompression_bomb() -> None:
    """A 900-megapixel header trips Pillow's own guard and is still a typed error."""
    with pytest.raises(ImageTooLarge):
        decode(png_header(30_000, 30_000))


def test_decode_image_refuses_tiny_image() -> None:
    """An image with a side under 32 px cannot hold a usable face."""
    with pytest.raises(ImageTooSmall, match="20x200"):
        decode(encode(np.zeros((200, 20, 3), dtype=np.uint8)))


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=4000), noise=st.binary(max_size=64))
def test_decode_image_raises_only_typed_errors_on_damaged_jpeg(
    astronaut: RGB, cut: int, noise: bytes
) -> None:
    """Any truncation or corruption of a JPEG either decodes or raises a RecognitionError."""
    data = encode(astronaut[:128, :128], "JPEG")
    damaged = data[:cut] + noise + data[cut + len(noise) :]
    with contextlib.suppress(RecognitionError):
        decode(damaged)
