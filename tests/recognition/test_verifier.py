"""Tests of recognition.verifier: the whole pipeline on real photos, decode to decision."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from config.recognition import RecognitionSettings
from recognition.errors import (
    FaceTooSmall,
    ImageTooLarge,
    MultipleFaces,
    NoFaceFound,
    PoseOutOfRange,
    RecognitionError,
    TemplateModelMismatch,
    TooBlurred,
    TooDark,
    UnreadableImage,
)
from recognition.matcher import Decision, Reason
from recognition.pose import PoseChallenge
from recognition.template import Template
from recognition.verifier import FaceVerifier
from tests.recognition.photos import (
    RGB,
    blur,
    darken,
    decode_rgb,
    encode,
    on_canvas,
    resize,
    shared_path,
)
from tests.recognition.test_image import png_header


def test_verify_accepts_genuine_photo(
    verifier: FaceVerifier, tom_probe: bytes, tom_templates: tuple[Template, ...]
) -> None:
    """A new photo of the enrolled person is accepted with no reasons."""
    result = verifier.verify(tom_probe, tom_templates)

    assert result.decision is Decision.ACCEPT
    assert result.score >= verifier.settings.accept_threshold
    assert result.reasons == ()


def test_verify_rejects_impostor(
    verifier: FaceVerifier, astronaut_photos: list[bytes], tom_templates: tuple[Template, ...]
) -> None:
    """Another person's photo is rejected as below the review threshold."""
    result = verifier.verify(astronaut_photos[0], tom_templates)

    assert result.decision is Decision.REJECT
    assert result.reasons == (Reason.BELOW_REVIEW_THRESHOLD,)


def test_verify_rejects_impostor_from_group_photo(
    verifier: FaceVerifier, group_photo: bytes, astronaut_templates: tuple[Template, ...]
) -> None:
    """Each of six strangers, cropped from the group photo, scores below the review threshold."""
    photo = verifier.decode(group_photo).pixels
    for face in verifier.inspect(group_photo).faces:
        box = face.detection
        left, top = int(max(box.x - box.width, 0)), int(max(box.y - box.height, 0))
        crop = photo[top : int(box.y + 2 * box.height), left : int(box.x + 2 * box.width)]
        sample = verifier.capture(encode(np.ascontiguousarray(crop)), gate=False)

        best = max(sample.template.similarity(template) for template in astronaut_templates)
        assert best < verifier.settings.review_threshold


def test_capture_raises_no_face_on_blank_photo(verifier: FaceVerifier) -> None:
    """A photo of a wall raises NoFaceFound."""
    wall = np.full((480, 640, 3), (180, 170, 150), dtype=np.uint8)

    with pytest.raises(NoFaceFound):
        verifier.capture(encode(wall, "JPEG"))


def test_capture_raises_multiple_faces_on_group_photo(
    verifier: FaceVerifier, group_photo: bytes
) -> None:
    """The six-person photo raises MultipleFaces with the count."""
    with pytest.raises(MultipleFaces) as caught:
        verifier.capture(group_photo)

    assert caught.value.count == 6


def test_capture_ignores_small_background_face(
    verifier: FaceVerifier, tom: RGB, astronaut: RGB
) -> None:
    """A far smaller face behind the subject does not make the photo ambiguous."""
    photo = on_canvas(tom, size=260, at=(60, 100))
    small = resize(astronaut, 150, 150)
    photo[40:190, 450:600] = small

    sample = verifier.capture(encode(photo))

    assert sample.detection.short_side > 100


def test_verify_accepts_photo_with_exif_rotation(
    verifier: FaceVerifier, tom_probe: bytes, tom_templates: tuple[Template, ...]
) -> None:
    """A photo stored sideways with an EXIF orientation tag is turned upright and accepted."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 8
    stored = np.ascontiguousarray(np.rot90(decode_rgb(tom_probe), k=-1))
    data = encode(stored, "JPEG", quality=92, exif=exif.tobytes())

    assert verifier.verify(data, tom_templates).decision is Decision.ACCEPT


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_verify_never_accepts_physically_rotated_photo(
    verifier: FaceVerifier, tom_probe: bytes, tom_templates: tuple[Template, ...], turns: int
) -> None:
    """A photo rotated without an EXIF tag is refused or rejected, never accepted."""
    rotated = encode(np.ascontiguousarray(np.rot90(decode_rgb(tom_probe), k=turns)))
    try:
        decision = verifier.verify(rotated, tom_templates).decision
    except (NoFaceFound, PoseOutOfRange):
        return

    assert decision is Decision.REJECT


def test_capture_raises_face_too_small(verifier: FaceVerifier, astronaut: RGB) -> None:
    """A face of about 30 px in a 640 px photo raises FaceTooSmall."""
    small = resize(astronaut, 179, 179)
    photo = np.full((480, 640, 3), 118, dtype=np.uint8)
    photo[100 : 100 + small.shape[0], 200 : 200 + small.shape[1]] = small

    with pytest.raises(FaceTooSmall) as caught:
        verifier.capture(encode(photo))

    assert caught.value.value < verifier.settings.min_face_px


def test_capture_raises_too_dark(verifier: FaceVerifier, astronaut: RGB) -> None:
    """An under-exposed photo, still detectable, raises TooDark."""
    with pytest.raises(TooDark):
        verifier.capture(encode(darken(astronaut, 0.18)))


def test_capture_raises_too_blurred(verifier: FaceVerifier, astronaut: RGB) -> None:
    """A strongly blurred photo raises TooBlurred."""
    with pytest.raises(TooBlurred):
        verifier.capture(encode(blur(astronaut, 4)))


def test_capture_raises_too_blurred_on_shared_motion_blur(verifier: FaceVerifier) -> None:
    """The shared motion-blurred selfie raises TooBlurred."""
    photo = shared_path("faces", "insightface", "inspireface__bulk__blur.jpg").read_bytes()

    with pytest.raises(TooBlurred):
        verifier.capture(photo)


def test_capture_raises_pose_out_of_range_on_profile(
    verifier: FaceVerifier, group_photo: bytes
) -> None:
    """The man seen half in profile in the group photo, cropped alone, is refused for pose."""
    photo = verifier.decode(group_photo).pixels
    turned = [
        face.detection
        for face in verifier.inspect(group_photo).faces
        if abs(face.quality.pose.yaw) > 45
    ]
    assert turned
    box = turned[0]
    top, left = int(box.y - box.height), int(box.x - box.width)
    crop = photo[
        max(top, 0) : int(box.y + 2 * box.height), max(left, 0) : int(box.x + 2 * box.width)
    ]
    upscaled = resize(np.ascontiguousarray(crop), 2 * crop.shape[1], 2 * crop.shape[0])

    with pytest.raises(PoseOutOfRange, match="yaw"):
        verifier.capture(encode(upscaled))


def test_verify_raises_on_decompression_bomb(
    verifier: FaceVerifier, tom_templates: tuple[Template, ...]
) -> None:
    """A bomb header is a typed error from verify, not a memory blow-up."""
    with pytest.raises(ImageTooLarge):
        verifier.verify(png_header(30_000, 30_000), tom_templates)


def test_verify_raises_on_truncated_jpeg(
    verifier: FaceVerifier, tom_probe: bytes, tom_templates: tuple[Template, ...]
) -> None:
    """A truncated JPEG is a typed error from verify."""
    with pytest.raises(UnreadableImage):
        verifier.verify(tom_probe[: len(tom_probe) // 3], tom_templates)


def test_verify_refuses_templates_of_other_model(
    verifier: FaceVerifier, tom_probe: bytes, tom_templates: tuple[Template, ...]
) -> None:
    """Templates of another model version raise before any comparison."""
    old = Template(tom_templates[0].engine, "sface_old.r0", tom_templates[0].vector)

    with pytest.raises(TemplateModelMismatch, match="re-enrolment"):
        verifier.verify(tom_probe, [*tom_templates, old])
    assert verifier.needs_reenrollment([old])
    assert not verifier.needs_reenrollment(tom_templates)


def test_verify_sends_repeated_photo_to_review(
    verifier: FaceVerifier, tom_probe: bytes, tom_templates: tuple[Template, ...]
) -> None:
    """The same picture sent again (re-encoded) is flagged and never auto-accepted."""
    first = verifier.verify(tom_probe, tom_templates)
    again = encode(decode_rgb(tom_probe), "JPEG", quality=70)

    result = verifier.verify(again, tom_templates, previous_fingerprints=[first.fingerprint])

    assert result.decision is Decision.REVIEW
    assert result.reasons == (Reason.IMAGE_SEEN_BEFORE,)


def test_verify_sends_failed_pose_challenge_to_review(
    verifier: FaceVerifier, astronaut: RGB, astronaut_templates: tuple[Template, ...]
) -> None:
    """A frontal photo answering "turn left" goes to review with the reason."""
    probe = encode(astronaut, "JPEG", quality=80)

    result = verifier.verify(probe, astronaut_templates, challenge=PoseChallenge.TURN_LEFT)
    frontal = verifier.verify(probe, astronaut_templates, challenge=PoseChallenge.FRONTAL)

    assert result.decision is Decision.REVIEW
    assert result.reasons == (Reason.POSE_CHALLENGE_FAILED,)
    assert frontal.decision is Decision.ACCEPT


def test_inspect_reports_every_face_with_measures(
    verifier: FaceVerifier, group_photo: bytes
) -> None:
    """Inspection lists the six faces with their quality, pose and broken rules."""
    report = verifier.inspect(group_photo)

    assert (report.format, report.width, report.height) == ("JPEG", 1280, 886)
    assert len(report.faces) == 6
    assert all(face.quality.brightness > 100 for face in report.faces)
    assert any("pose_out_of_range" in face.problems for face in report.faces)


def test_load_fails_closed_without_antispoof_models(tmp_path: Path) -> None:
    """A configured anti-spoof path without models stops loading instead of running without."""
    settings = RecognitionSettings(antispoof_model_path=tmp_path)

    with pytest.raises(RecognitionError, match="MiniFASNet"):
        FaceVerifier.load(settings)


@pytest.fixture(scope="module")
def bench_scores(verifier: FaceVerifier) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Missed faces, genuine and impostor pair scores of the shared bench set."""
    faces = shared_path("faces")
    with (faces / "manifest.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["use"] == "bench"]

    missed, vectors, identities = [], [], []
    for row in rows:
        try:
            sample = verifier.capture((faces / row["file"]).read_bytes(), gate=False)
        except NoFaceFound:
            missed.append(row["file"])
            continue
        vectors.append(sample.template.vector)
        identities.append(row["identity"])

    matrix = np.asarray(vectors) @ np.asarray(vectors).T
    upper = np.triu_indices(len(identities), 1)
    names = np.asarray(identities)
    same = names[upper[0]] == names[upper[1]]
    return missed, matrix[upper][same], matrix[upper][~same]


def test_bench_set_has_no_missed_face(
    bench_scores: tuple[list[str], np.ndarray, np.ndarray],
) -> None:
    """Every bench photo yields a face."""
    assert bench_scores[0] == []


def test_bench_set_reaches_target_tar_at_far_0_1_percent(
    bench_scores: tuple[list[str], np.ndarray, np.ndarray],
) -> None:
    """At the threshold allowing 0.1 % false accepts, at least 99 % of genuine pairs pass."""
    _, genuine, impostor = bench_scores
    allowed = int(0.001 * impostor.size)
    threshold = np.sort(impostor)[::-1][allowed]

    assert np.mean(genuine > threshold) >= 0.99


def test_bench_set_error_rates_at_configured_thresholds(
    verifier: FaceVerifier, bench_scores: tuple[list[str], np.ndarray, np.ndarray]
) -> None:
    """The chosen thresholds keep FAR at accept under 0.1 % and FRR at review at 0."""
    _, genuine, impostor = bench_scores

    assert np.mean(impostor >= verifier.settings.accept_threshold) <= 0.001
    assert np.mean(genuine < verifier.settings.review_threshold) == 0.0
