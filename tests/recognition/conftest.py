"""Fixtures for the recognition tests: models loaded once per session, photos made once."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from config.recognition import RecognitionSettings
from recognition.template import Template
from recognition.verifier import FaceVerifier
from tests.recognition.photos import RGB, darken, encode, on_canvas, package_image, resize


@pytest.fixture(scope="session")
def recognition_settings() -> RecognitionSettings:
    """Default settings: bundled engine, anti-spoof off."""
    return RecognitionSettings()


@pytest.fixture(scope="session")
def verifier(recognition_settings: RecognitionSettings) -> FaceVerifier:
    """The bundled engine, loaded once for the whole session."""
    return FaceVerifier.load(recognition_settings)


@pytest.fixture(scope="session")
def tom() -> RGB:
    """insightface's Tom Hanks photo as RGB (a tight 112x112 grey face crop)."""
    return np.asarray(Image.open(package_image("Tom_Hanks_54745.png")).convert("RGB"))


@pytest.fixture(scope="session")
def group_photo() -> bytes:
    """insightface's t1.jpg: six people."""
    return package_image("t1.jpg").read_bytes()


@pytest.fixture(scope="session")
def astronaut() -> RGB:
    """scikit-image's astronaut photo (512x512 RGB, one face)."""
    from skimage import data

    return np.asarray(data.astronaut(), dtype=np.uint8)  # type: ignore[no-untyped-call]


@pytest.fixture(scope="session")
def tom_photos(tom: RGB) -> list[bytes]:
    """Three different photos of Tom Hanks, as enrolment would receive them."""
    mirrored = np.ascontiguousarray(tom[:, ::-1])
    return [
        encode(on_canvas(tom, size=220, at=(200, 120))),
        encode(on_canvas(mirrored, size=260, at=(60, 90)), "JPEG", quality=92),
        encode(darken(on_canvas(tom, size=180, at=(380, 250)), 0.85), "WEBP", quality=90),
    ]


@pytest.fixture(scope="session")
def tom_probe(tom: RGB) -> bytes:
    """A fourth, differently framed photo of Tom Hanks."""
    return encode(on_canvas(tom, size=240, at=(300, 60), shape=(600, 800)), "JPEG", quality=85)


@pytest.fixture(scope="session")
def astronaut_photos(astronaut: RGB) -> list[bytes]:
    """Three different photos of the astronaut."""
    mirrored = np.ascontiguousarray(astronaut[:, ::-1])
    closer = resize(np.ascontiguousarray(astronaut[20:420, 60:460]), 560, 560)
    return [encode(astronaut, "JPEG", quality=90), encode(mirrored), encode(closer, "WEBP")]


@pytest.fixture(scope="session")
def tom_templates(verifier: FaceVerifier, tom_photos: list[bytes]) -> tuple[Template, ...]:
    """Tom Hanks enrolled with the bundled engine."""
    return verifier.enroll(tom_photos)


@pytest.fixture(scope="session")
def astronaut_templates(
    verifier: FaceVerifier, astronaut_photos: list[bytes]
) -> tuple[Template, ...]:
    """The astronaut enrolled with the bundled engine."""
    return verifier.enroll(astronaut_photos)
