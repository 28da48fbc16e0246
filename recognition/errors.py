"""Typed errors of face recognition, each with a stable code the edges map to user text.

Every error carries a class-level ``code`` (snake_case, never renamed) so that the bot and the
admin web can pick the Indonesian hint from :mod:`recognition.messages` without parsing the
English message, which is meant for operators and logs and never contains personal data.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar


class RecognitionError(Exception):
    """Base of every error raised by the recognition package."""

    code: ClassVar[str] = "recognition_error"


class ImageError(RecognitionError):
    """The photo cannot be used before any face is looked for."""

    code: ClassVar[str] = "image_error"


class UnreadableImage(ImageError):
    """The bytes are not a readable JPEG, PNG or WebP image."""

    code: ClassVar[str] = "unreadable_image"


class ImageTooLarge(ImageError):
    """The photo exceeds the byte or pixel limit (decompression bombs land here)."""

    code: ClassVar[str] = "image_too_large"

    def __init__(self, what: str, value: int | None, limit: int) -> None:
        self.what = what
        self.value = value
        self.limit = limit
        amount = f"far more than {limit:,}" if value is None else f"{value:,}"
        super().__init__(f"Image has {amount} {what}. The limit is {limit:,} {what}.")


class ImageTooSmall(ImageError):
    """The photo is too small to hold a usable face."""

    code: ClassVar[str] = "image_too_small"

    def __init__(self, width: int, height: int, minimum: int) -> None:
        self.width = width
        self.height = height
        self.minimum = minimum
        super().__init__(f"Image is {width}x{height} px. Each side must be at least {minimum} px.")


class FaceError(RecognitionError):
    """The photo was read, but it does not show exactly one usable face."""

    code: ClassVar[str] = "face_error"


class NoFaceFound(FaceError):
    """No face was detected."""

    code: ClassVar[str] = "no_face"

    def __init__(self, min_score: float) -> None:
        self.min_score = min_score
        super().__init__(f"No face was detected with a score of at least {min_score:.2f}.")


class MultipleFaces(FaceError):
    """More than one prominent face was detected, so the subject is ambiguous."""

    code: ClassVar[str] = "multiple_faces"

    def __init__(self, count: int, ratio: float) -> None:
        self.count = count
        self.ratio = ratio
        super().__init__(
            f"{count} faces were detected at {ratio:.0%} or more of the largest face's size. "
            "A photo must show exactly one person."
        )


class QualityError(FaceError):
    """A face was found but fails the quality gate."""

    code: ClassVar[str] = "quality_error"

    def __init__(self, measure: str, value: float, rule: str) -> None:
        self.measure = measure
        self.value = value
        self.rule = rule
        super().__init__(f"Face {measure} is {value:.1f}. {rule}")


class FaceTooSmall(QualityError):
    """The face is too small (too far from the camera)."""

    code: ClassVar[str] = "face_too_small"


class TooDark(QualityError):
    """The face is too dark."""

    code: ClassVar[str] = "too_dark"


class TooBlurred(QualityError):
    """The face is too blurred."""

    code: ClassVar[str] = "too_blurred"


class PoseOutOfRange(QualityError):
    """The head is turned or tilted too far from the camera."""

    code: ClassVar[str] = "pose_out_of_range"


class ModelError(RecognitionError):
    """A model cannot be found, trusted or loaded; recognition fails closed."""

    code: ClassVar[str] = "model_error"


class ModelFileMissing(ModelError):
    """A model file is not where it should be."""

    code: ClassVar[str] = "model_file_missing"

    def __init__(self, path: Path | str, hint: str = "") -> None:
        self.path = Path(path)
        message = f"Model file {str(path)!r} does not exist."
        super().__init__(f"{message} {hint}".strip())


class ModelChecksumMismatch(ModelError):
    """A model file's sha256 differs from the pinned value, so it is not loaded."""

    code: ClassVar[str] = "model_checksum_mismatch"

    def __init__(self, path: Path | str, expected: str, actual: str) -> None:
        self.path = Path(path)
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Model file {str(path)!r} has sha256 {actual}, expected {expected}. "
            "The file is altered or a different version; it will not be loaded."
        )


class ModelLoadError(ModelError):
    """onnxruntime (or insightface) refused a model that passed its checksum."""

    code: ClassVar[str] = "model_load_error"


class EngineUnavailable(ModelError):
    """The configured engine cannot run here (package or model pack missing)."""

    code: ClassVar[str] = "engine_unavailable"


class ModelFetchError(ModelError):
    """Downloading a model failed or produced bytes other than the pinned ones."""

    code: ClassVar[str] = "model_fetch_error"


class TemplateError(RecognitionError):
    """A stored template cannot be used for comparison."""

    code: ClassVar[str] = "template_error"


class TemplateFormatError(TemplateError):
    """Template bytes are corrupt or of an unknown format version."""

    code: ClassVar[str] = "template_format_error"


class TemplateModelMismatch(TemplateError):
    """Templates were made by another engine or model version; the person must re-enrol."""

    code: ClassVar[str] = "template_model_mismatch"

    def __init__(self, expected: str, found: str) -> None:
        self.expected = expected
        self.found = found
        super().__init__(
            f"Template was made by {found!r} but the engine is {expected!r}. "
            "Faces are never compared across models; re-enrolment is needed."
        )


class NotEnrolled(TemplateError):
    """There are no templates to compare with."""

    code: ClassVar[str] = "not_enrolled"

    def __init__(self) -> None:
        super().__init__("No templates were given. The person must be enrolled first.")


class EnrollmentError(RecognitionError):
    """An enrolment cannot produce templates."""

    code: ClassVar[str] = "enrollment_error"


class NotEnoughPhotos(EnrollmentError):
    """Fewer photos than the minimum were given."""

    code: ClassVar[str] = "not_enough_photos"

    def __init__(self, count: int, minimum: int) -> None:
        self.count = count
        self.minimum = minimum
        super().__init__(f"Enrolment got {count} photos. At least {minimum} are required.")


class EnrollmentPhotoRejected(EnrollmentError):
    """One enrolment photo failed; ``index`` is 0-based and ``cause`` says why."""

    code: ClassVar[str] = "enrollment_photo_rejected"

    def __init__(self, index: int, cause: RecognitionError) -> None:
        self.index = index
        self.cause = cause
        super().__init__(f"Enrolment photo {index + 1} was rejected: {cause}")


class DuplicatePhoto(EnrollmentError):
    """Two enrolment photos are the same picture."""

    code: ClassVar[str] = "duplicate_photo"

    def __init__(self, index: int, duplicate_of: int, distance: int) -> None:
        self.index = index
        self.duplicate_of = duplicate_of
        self.distance = distance
        super().__init__(
            f"Enrolment photo {index + 1} is the same picture as photo {duplicate_of + 1} "
            f"(perceptual hash distance {distance}). Each photo must be taken separately."
        )


class EnrollmentMismatch(EnrollmentError):
    """Two enrolment photos do not look like the same person."""

    code: ClassVar[str] = "enrollment_mismatch"

    def __init__(self, first: int, second: int, score: float, threshold: float) -> None:
        self.first = first
        self.second = second
        self.score = score
        self.threshold = threshold
        super().__init__(
            f"Enrolment photos {first + 1} and {second + 1} have similarity {score:.3f}. "
            f"Photos of one person must reach {threshold:.3f}."
        )
