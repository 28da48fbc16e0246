"""Tests of recognition.messages: every error and reason code has an Indonesian text."""

from __future__ import annotations

import pytest

from recognition import errors
from recognition.errors import (
    EnrollmentPhotoRejected,
    ModelChecksumMismatch,
    NoFaceFound,
    RecognitionError,
)
from recognition.matcher import Reason
from recognition.messages import ERROR_HINTS, REASON_TEXTS, hint_for, text_for


def every_error_class() -> list[type[RecognitionError]]:
    """Return RecognitionError and all its subclasses defined in recognition.errors."""
    return [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, RecognitionError)
    ]


# Base classes are never raised themselves; an enrolment rejection uses its cause's hint.
BASES = {
    RecognitionError,
    errors.ImageError,
    errors.FaceError,
    errors.QualityError,
    errors.TemplateError,
    errors.EnrollmentError,
    EnrollmentPhotoRejected,
}


@pytest.mark.parametrize(
    "kind", [kind for kind in every_error_class() if kind not in BASES], ids=lambda k: k.__name__
)
def test_every_raised_error_has_a_hint(kind: type[RecognitionError]) -> None:
    """Each error that is raised has its own text, or inherits its family's."""
    assert any(getattr(parent, "code", None) in ERROR_HINTS for parent in kind.__mro__)


def test_error_codes_are_unique_snake_case() -> None:
    """No two error classes share a code, and codes are snake_case."""
    codes = [kind.code for kind in every_error_class()]

    assert len(codes) == len(set(codes))
    assert all(code.replace("_", "").isalpha() and code.islower() for code in codes)


def test_hint_for_no_face_is_the_documented_text() -> None:
    """The no-face hint tells the person what to do."""
    assert hint_for(NoFaceFound(0.6)) == (
        "Wajah tidak terdeteksi. Pastikan wajah terlihat jelas dan cahaya cukup, "
        "lalu kirim ulang foto."
    )


def test_hint_for_model_errors_hides_the_technical_cause() -> None:
    """A checksum failure tells the person to try later, not about hashes."""
    hint = hint_for(ModelChecksumMismatch("m.onnx", "a" * 64, "b" * 64))

    assert "sha256" not in hint
    assert "operator" in hint


def test_hint_for_enrolment_names_the_photo() -> None:
    """An enrolment rejection starts with the photo's number."""
    assert hint_for(EnrollmentPhotoRejected(2, NoFaceFound(0.6))).startswith("Foto ke-3: ")


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_text(reason: Reason) -> None:
    """Each reason code has a non-empty Indonesian text."""
    assert text_for(reason) == REASON_TEXTS[reason]
    assert len(text_for(reason)) > 10
