"""The face engine interface: detect faces in an RGB image, embed an aligned face.

Decoding, the quality gate, alignment and matching are the same for every engine and live in
:mod:`recognition.verifier`; an engine contributes only its detector and its embedder, plus the
name and model version that tag its templates. Two engines exist: the bundled YuNet + SFace
(:mod:`recognition.yunet_sface`, the default) and insightface model packs
(:mod:`recognition.insightface_engine`, optional, non-commercial weights).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from config.recognition import RecognitionSettings
from recognition.detector import Detection


class FaceEngine(Protocol):
    """A detector and an embedder that belong together."""

    @property
    def name(self) -> str:
        """Engine name stored in templates, e.g. ``yunet_sface``."""

    @property
    def model_version(self) -> str:
        """Model version stored in templates; it changes whenever embeddings would."""

    def detect(self, rgb: NDArray[np.uint8]) -> list[Detection]:
        """Return the faces in an RGB image, largest first."""

    def embed(self, aligned_rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
        """Return the L2-normalised embedding of a 112x112 aligned RGB face."""


def load_engine(settings: RecognitionSettings) -> FaceEngine:
    """Load the configured engine once; raise a ModelError rather than run without it."""
    if settings.engine == "insightface":
        from recognition.insightface_engine import InsightFaceEngine

        assert settings.insightface_pack_dir is not None
        return InsightFaceEngine.load(settings.insightface_pack_dir, settings)

    from recognition.yunet_sface import YuNetSFaceEngine

    return YuNetSFaceEngine.load(settings)
