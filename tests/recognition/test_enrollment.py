"""Tests of recognition.enrollment: photo count, per-photo errors, duplicates, same person."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from recognition.enrollment import EnrollmentRules, enroll
from recognition.errors import (
    DuplicatePhoto,
    EnrollmentMismatch,
    EnrollmentPhotoRejected,
    ModelLoadError,
    NoFaceFound,
    NotEnoughPhotos,
)
from recognition.messages import hint_for
from recognition.template import Template
from recognition.verifier import FaceVerifier
from tests.recognition.photos import encode

RULES = EnrollmentRules(min_photos=3, pair_threshold=0.33, max_fingerprint_distance=6)


@dataclass(frozen=True)
class FakePhoto:
    """A captured photo as enrolment sees it."""

    template: Template
    fingerprint: str


def fake_capture(photo: bytes) -> FakePhoto:
    """Read 'angle:fingerprint' bytes into a 2-d template at that angle."""
    angle, fingerprint = photo.decode().split(":")
    radians = np.radians(float(angle))
    vector = np.array([np.cos(radians), np.sin(radians)], np.float32)
    return FakePhoto(Template("engine", "m", vector), fingerprint)


def test_enroll_returns_one_template_per_photo() -> None:
    """Three alike, distinct photos give three templates in order."""
    templates = enroll(
        [b"0:0000000000000000", b"10:ffffffffffffffff", b"20:00000000ffffffff"],
        fake_capture,
        RULES,
    )

    assert [round(float(t.vector[0]), 3) for t in templates] == [1.0, 0.985, 0.940]


def test_enroll_needs_the_minimum_number_of_photos() -> None:
    """Two photos are refused before any is captured."""
    with pytest.raises(NotEnoughPhotos, match="got 2 photos"):
        enroll([b"x", b"y"], fake_capture, RULES)


def test_enroll_names_the_rejected_photo_and_its_cause() -> None:
    """A failure in the second photo names photo 2 and keeps the cause."""

    def capture(photo: bytes) -> FakePhoto:
        if photo == b"bad":
            raise NoFaceFound(0.6)
        return fake_capture(photo)

    with pytest.raises(EnrollmentPhotoRejected) as caught:
        enroll([b"0:0000000000000000", b"bad", b"5:ffffffffffffffff"], capture, RULES)

    assert caught.value.index == 1
    assert isinstance(caught.value.cause, NoFaceFound)
    assert hint_for(caught.value).startswith("Foto ke-2: Wajah tidak terdeteksi")


def test_enroll_lets_model_errors_through() -> None:
    """An engine failure is not blamed on a photo."""

    def capture(photo: bytes) -> FakePhoto:
        raise ModelLoadError("engine is gone")

    with pytest.raises(ModelLoadError):
        enroll([b"a", b"b", b"c"], capture, RULES)


def test_enroll_refuses_the_same_picture_twice() -> None:
    """Two photos with near-identical fingerprints are one picture sent twice."""
    photos = [b"0:0000000000000000", b"5:ffffffffffffffff", b"9:0000000000000003"]

    with pytest.raises(DuplicatePhoto) as caught:
        enroll(photos, fake_capture, RULES)

    assert (caught.value.index, caught.value.duplicate_of, caught.value.distance) == (2, 0, 2)


def test_enroll_refuses_photos_of_different_people() -> None:
    """A pair below the threshold names both photos and the score."""
    photos = [b"0:0000000000000000", b"10:ffffffffffffffff", b"80:00000000ffffffff"]

    with pytest.raises(EnrollmentMismatch) as caught:
        enroll(photos, fake_capture, RULES)

    assert (caught.value.first, caught.value.second) == (0, 2)
    assert caught.value.score == pytest.approx(np.cos(np.radians(80)), abs=1e-6)


def test_verifier_enroll_tags_templates_with_engine_and_model(
    verifier: FaceVerifier, tom_templates: tuple[Template, ...]
) -> None:
    """Real enrolment gives three templates of the current engine and model version."""
    assert len(tom_templates) == 3
    assert {template.model_key for template in tom_templates} == {verifier.model_key}


def test_verifier_enroll_refuses_mixed_people(
    verifier: FaceVerifier, tom_photos: list[bytes], astronaut_photos: list[bytes]
) -> None:
    """Two photos of one person and one of another fail the pairwise check."""
    with pytest.raises(EnrollmentMismatch):
        verifier.enroll([*tom_photos[:2], astronaut_photos[0]])


def test_verifier_enroll_refuses_a_photo_without_face(
    verifier: FaceVerifier, tom_photos: list[bytes]
) -> None:
    """A blank third photo is named as photo 3."""
    blank = encode(np.full((480, 640, 3), 200, dtype=np.uint8))

    with pytest.raises(EnrollmentPhotoRejected) as caught:
        verifier.enroll([*tom_photos[:2], blank])

    assert caught.value.index == 2


def test_verifier_enroll_refuses_a_resent_photo(
    verifier: FaceVerifier, tom_photos: list[bytes]
) -> None:
    """The same photo twice, re-encoded, is caught as a duplicate."""
    from tests.recognition.photos import decode_rgb

    again = encode(decode_rgb(tom_photos[0]), "JPEG", quality=75)

    with pytest.raises(DuplicatePhoto):
        verifier.enroll([tom_photos[0], tom_photos[1], again])
