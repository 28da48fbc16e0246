"""Tests of recognition.embedder: SFace on onnxruntime, RGB in, unit vectors out."""

from __future__ import annotations

import cv2
import numpy as np

from recognition.aligner import align_face
from recognition.embedder import EMBEDDING_SIZE, normalise
from recognition.model_files import SFACE, bundled_path
from recognition.verifier import FaceVerifier
from tests.recognition.photos import RGB


def test_embed_returns_a_unit_vector(verifier: FaceVerifier, astronaut: RGB) -> None:
    """The embedding has 128 float32 values and length 1."""
    face = verifier.engine.detect(astronaut)[0]

    vector = verifier.engine.embed(align_face(astronaut, face.landmarks))

    assert vector.shape == (EMBEDDING_SIZE,)
    assert vector.dtype == np.float32
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-6


def test_embed_matches_opencv_sface_on_rgb(verifier: FaceVerifier, astronaut: RGB) -> None:
    """The repaired onnxruntime graph fed RGB agrees with OpenCV's FaceRecognizerSF."""
    face = verifier.engine.detect(astronaut)[0]
    aligned = align_face(astronaut, face.landmarks)
    recogniser = cv2.FaceRecognizerSF.create(str(bundled_path(SFACE)), "")

    # OpenCV's feature() takes BGR and swaps it to RGB itself.
    feature = recogniser.feature(np.ascontiguousarray(aligned[:, :, ::-1]))
    reference = normalise(np.asarray(feature, dtype=np.float32).reshape(-1))
    ours = verifier.engine.embed(aligned)

    assert float(ours @ reference) > 0.9999


def test_embed_depends_on_channel_order(verifier: FaceVerifier, astronaut: RGB) -> None:
    """Feeding BGR gives a visibly different embedding, so the order matters."""
    face = verifier.engine.detect(astronaut)[0]
    aligned = align_face(astronaut, face.landmarks)

    rgb = verifier.engine.embed(aligned)
    bgr = verifier.engine.embed(np.ascontiguousarray(aligned[:, :, ::-1]))

    assert float(rgb @ bgr) < 0.99


def test_normalise_leaves_zero_vector_alone() -> None:
    """A zero vector stays zero instead of becoming NaN."""
    assert np.array_equal(normalise(np.zeros(3)), np.zeros(3, np.float32))
