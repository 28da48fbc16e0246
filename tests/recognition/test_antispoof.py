"""Tests of recognition.antispoof: MiniFASNet scores on the shared spoof samples, and loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from config.recognition import RecognitionSettings
from recognition.antispoof import INPUT_SIZE, SpoofDetector, _crop
from recognition.detector import Detection
from recognition.errors import ModelChecksumMismatch, ModelFileMissing
from recognition.matcher import Decision, Reason
from recognition.verifier import FaceVerifier
from tests.recognition.photos import darken, decode_rgb, encode, shared_path


@pytest.fixture(scope="module")
def spoof_verifier() -> FaceVerifier:
    """The bundled engine with both shared MiniFASNet models switched on."""
    models = shared_path("models")
    return FaceVerifier.load(RecognitionSettings(antispoof_model_path=models))


def spoof_score(verifier: FaceVerifier, name: str) -> float:
    """Return the live score of a shared spoof sample."""
    assert verifier.spoof_detector is not None
    photo = shared_path("faces", "spoof", name).read_bytes()
    sample = verifier.capture(photo, gate=False)
    return verifier.spoof_detector.score(sample.image.pixels, sample.detection)


def test_load_finds_both_models_in_a_folder(spoof_verifier: FaceVerifier) -> None:
    """A folder with the two shared files loads both variants."""
    assert spoof_verifier.spoof_detector is not None
    names = spoof_verifier.spoof_detector.model_names
    assert len(names) == 2
    assert any("V1SE" in name for name in names)


@pytest.mark.parametrize("name", ["silentface_image_F1.jpg", "silentface_image_F2.jpg"])
def test_score_is_low_for_printed_and_replayed_faces(
    spoof_verifier: FaceVerifier, name: str
) -> None:
    """A printed photo and a tablet replay score below 0.5."""
    assert spoof_score(spoof_verifier, name) < 0.5


def test_score_is_high_for_a_live_face(spoof_verifier: FaceVerifier) -> None:
    """The live capture scores above 0.9."""
    assert spoof_score(spoof_verifier, "silentface_image_T1.jpg") > 0.9


def test_verify_sends_replayed_face_to_review_or_rejects(spoof_verifier: FaceVerifier) -> None:
    """A replay of an enrolled person is never accepted and carries the spoof reason."""
    live = decode_rgb(shared_path("faces", "spoof", "silentface_image_T1.jpg").read_bytes())
    mirrored = np.ascontiguousarray(live[:, ::-1])
    photos = [encode(live), encode(mirrored), encode(darken(live, 0.8), "JPEG", quality=80)]
    templates = [spoof_verifier.capture(photo, gate=False).template for photo in photos]
    replay = shared_path("faces", "spoof", "silentface_image_F2.jpg").read_bytes()

    result = spoof_verifier.verify(replay, templates)

    assert result.decision is not Decision.ACCEPT
    assert Reason.SPOOF_SCORE_LOW in result.reasons
    assert result.spoof_score is not None and result.spoof_score < 0.5


def test_load_a_single_file() -> None:
    """A path to one .onnx file loads that model only."""
    detector = SpoofDetector.load(shared_path("models", "yakhyo_MiniFASNetV2.onnx"), threads=1)

    assert detector.model_names == ("yakhyo_MiniFASNetV2.onnx",)


def test_load_refuses_an_altered_model(tmp_path: Path) -> None:
    """A MiniFASNet file whose sha256 is not pinned is refused."""
    source = shared_path("models", "yakhyo_MiniFASNetV2.onnx")
    altered = tmp_path / "MiniFASNetV2.onnx"
    shutil.copyfile(source, altered)
    with altered.open("ab") as handle:
        handle.write(b"\x00")

    with pytest.raises(ModelChecksumMismatch, match=r"MiniFASNetV2\.onnx"):
        SpoofDetector.load(altered, threads=1)


def test_load_refuses_a_folder_without_models(tmp_path: Path) -> None:
    """A folder with no MiniFASNet file raises ModelFileMissing with a hint."""
    (tmp_path / "other.onnx").write_bytes(b"x")

    with pytest.raises(ModelFileMissing, match="sregep models fetch"):
        SpoofDetector.load(tmp_path, threads=1)


def test_crop_stays_inside_the_photo_near_its_edge() -> None:
    """A face at the corner gives a full 80x80 crop taken from inside the image."""
    photo = np.zeros((200, 300, 3), np.uint8)
    photo[:, :150] = 255
    face = Detection(
        x=0.0, y=0.0, width=60.0, height=60.0, landmarks=np.zeros((5, 2), np.float32), score=0.9
    )

    crop = _crop(photo, face, 2.7)

    assert crop.shape == (INPUT_SIZE, INPUT_SIZE, 3)
    assert crop[:, :, 0].mean() > 200
