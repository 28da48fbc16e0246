"""Tests of recognition.detector: YuNet decoding, scaling and the border that fixes crops."""

from __future__ import annotations

import cv2
import numpy as np

from recognition.detector import YuNetDetector
from recognition.model_files import YUNET, bundled_path
from recognition.verifier import FaceVerifier
from recognition.yunet_sface import YuNetSFaceEngine
from tests.recognition.photos import RGB, decode_rgb, resize


def test_detect_finds_one_face_with_ordered_landmarks(
    verifier: FaceVerifier, astronaut: RGB
) -> None:
    """One face; eyes above the nose, nose above the mouth, all inside the box."""
    faces = verifier.engine.detect(astronaut)

    assert len(faces) == 1
    face = faces[0]
    eyes, nose, mouth = face.landmarks[:2], face.landmarks[2], face.landmarks[3:]
    assert eyes[:, 1].max() < nose[1] < mouth[:, 1].min()
    assert eyes[0, 0] < eyes[1, 0]
    assert (
        face.x <= face.landmarks[:, 0].min() and face.landmarks[:, 0].max() <= face.x + face.width
    )
    assert face.score > 0.8


def test_detect_finds_six_faces_largest_first(verifier: FaceVerifier, group_photo: bytes) -> None:
    """The group photo yields six faces sorted by box area."""
    faces = verifier.engine.detect(verifier.decode(group_photo).pixels)

    areas = [face.width * face.height for face in faces]
    assert len(faces) == 6
    assert areas == sorted(areas, reverse=True)


def test_detect_finds_nothing_on_a_plain_image(verifier: FaceVerifier) -> None:
    """A uniform image has no faces."""
    assert verifier.engine.detect(np.full((480, 640, 3), 90, dtype=np.uint8)) == []


def test_detect_without_border_matches_opencv_face_detector(
    verifier: FaceVerifier, group_photo: bytes
) -> None:
    """Our decoding of YuNet's outputs equals OpenCV's FaceDetectorYN on the same input."""
    engine = verifier.engine
    assert isinstance(engine, YuNetSFaceEngine)
    photo = resize(decode_rgb(group_photo), 640, 443)
    plain = YuNetDetector(engine.detector._session, long_side=640, padding=0.0, min_score=0.6)
    opencv = cv2.FaceDetectorYN.create(str(bundled_path(YUNET)), "", (640, 443), 0.6, 0.3)

    ours = sorted(plain.detect(photo), key=lambda face: face.x)
    _, rows = opencv.detect(np.ascontiguousarray(photo[:, :, ::-1]))
    theirs = rows[np.argsort(rows[:, 0])]

    assert len(ours) == len(theirs) == 6
    for face, row in zip(ours, theirs, strict=True):
        assert np.allclose([face.x, face.y, face.width, face.height], row[:4], atol=0.01)
        assert np.allclose(face.landmarks.reshape(-1), row[4:14], atol=0.01)


def test_detect_maps_coordinates_back_to_the_input_scale(
    verifier: FaceVerifier, astronaut: RGB
) -> None:
    """A photo twice as large gives boxes twice as large, in its own pixels."""
    small = verifier.engine.detect(astronaut)[0]
    large = verifier.engine.detect(resize(astronaut, 1024, 1024))[0]

    assert abs(large.x / small.x - 2) < 0.05
    assert abs(large.width / small.width - 2) < 0.05
