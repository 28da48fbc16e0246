"""Tests of recognition.aligner: the similarity transform and agreement with OpenCV."""

from __future__ import annotations

import cv2
import numpy as np

from recognition.aligner import ALIGNED_SIZE, TEMPLATE, align_face, similarity_transform
from recognition.model_files import SFACE, bundled_path
from recognition.verifier import FaceVerifier
from tests.recognition.photos import RGB


def test_similarity_transform_of_template_onto_itself_is_identity() -> None:
    """Mapping the template onto itself changes nothing."""
    matrix = similarity_transform(TEMPLATE, TEMPLATE)

    assert np.allclose(matrix, [[1, 0, 0], [0, 1, 0]], atol=1e-9)


def test_similarity_transform_recovers_a_known_transform() -> None:
    """Points moved by scale 2.5, rotation 30 degrees and a shift are mapped back exactly."""
    angle = np.radians(30)
    forward = 2.5 * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    moved = TEMPLATE @ forward.T + [100.0, 40.0]

    matrix = similarity_transform(moved, TEMPLATE)
    back = moved @ matrix[:, :2].T + matrix[:, 2]

    assert np.allclose(back, TEMPLATE, atol=1e-9)


def test_align_face_matches_opencv_align_crop(verifier: FaceVerifier, astronaut: RGB) -> None:
    """Crops agree with FaceRecognizerSF.alignCrop to within one grey level."""
    face = verifier.engine.detect(astronaut)[0]
    row = np.array(
        [[face.x, face.y, face.width, face.height, *face.landmarks.reshape(-1), face.score]],
        np.float32,
    )
    recogniser = cv2.FaceRecognizerSF.create(str(bundled_path(SFACE)), "")

    ours = align_face(astronaut, face.landmarks)
    theirs = recogniser.alignCrop(astronaut, row)

    assert ours.shape == (ALIGNED_SIZE, ALIGNED_SIZE, 3)
    assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 1
