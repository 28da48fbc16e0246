"""The optional insightface engine: a model pack (``buffalo_l``, ``buffalo_s``) via FaceAnalysis.

For sites that can download a pack and accept its licence: insightface's code is MIT, but its
pretrained packs are for non-commercial research only. The pack directory is configured
(``insightface_pack_dir``, filled by ``sregep models fetch buffalo_l``); nothing is downloaded
here. Only the pack's detection and recognition models are loaded, on onnxruntime's CPU
provider. Alignment stays ours (:mod:`recognition.aligner`, the same transform as insightface's
``norm_crop``), and insightface expects BGR, so both directions are converted here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from config.recognition import RecognitionSettings
from recognition.detector import Detection
from recognition.embedder import normalise
from recognition.errors import EngineUnavailable, ModelLoadError
from recognition.model_files import sha256_of

ENGINE_NAME = "insightface"
PIPELINE_REVISION = 1
_INSTALL_HINT = (
    "Install it without its GUI OpenCV dependency: "
    "pip install --no-deps insightface && pip install 'si-sregep[insightface]'."
)


class InsightFaceEngine:
    """SCRFD detection and ArcFace embedding from one insightface pack."""

    def __init__(self, analysis: Any, model_version: str) -> None:
        self._detector = analysis.det_model
        self._recogniser = analysis.models["recognition"]
        self._model_version = model_version

    @classmethod
    def load(cls, pack_dir: Path, settings: RecognitionSettings) -> InsightFaceEngine:
        """Load a pack's detector and recogniser; raise if insightface or the pack is missing."""
        try:
            from insightface.app import FaceAnalysis
        except ImportError as err:
            msg = (
                f"The insightface engine is configured but insightface is missing. {_INSTALL_HINT}"
            )
            raise EngineUnavailable(msg) from err
        if not pack_dir.is_dir() or not any(pack_dir.glob("*.onnx")):
            msg = (
                f"insightface pack directory {str(pack_dir)!r} has no .onnx models. "
                "Fetch one with 'sregep models fetch buffalo_l' on a machine with internet."
            )
            raise EngineUnavailable(msg)

        options = ort.SessionOptions()
        options.intra_op_num_threads = settings.session_threads
        options.inter_op_num_threads = 1
        try:
            analysis = FaceAnalysis(
                name=str(pack_dir),
                allowed_modules=["detection", "recognition"],
                providers=["CPUExecutionProvider"],
                sess_options=options,
            )
            size = settings.detection_long_side
            analysis.prepare(
                ctx_id=-1, det_thresh=settings.detection_min_score, det_size=(size, size)
            )
        except Exception as err:
            # insightface raises AssertionError, RuntimeError or onnxruntime's own errors.
            msg = f"insightface cannot load the pack in {str(pack_dir)!r}: {err!r}"
            raise ModelLoadError(msg) from err

        if "recognition" not in analysis.models or not getattr(
            analysis.det_model, "use_kps", False
        ):
            msg = (
                f"insightface pack {str(pack_dir)!r} lacks a recognition model or a detector "
                "with five landmarks. Use buffalo_l or buffalo_s."
            )
            raise EngineUnavailable(msg)

        weights = Path(analysis.models["recognition"].model_file)
        version = f"{pack_dir.name}.{sha256_of(weights)[:12]}.r{PIPELINE_REVISION}"
        return cls(analysis, version)

    @property
    def name(self) -> str:
        """Engine name stored in templates."""
        return ENGINE_NAME

    @property
    def model_version(self) -> str:
        """Pack name, the recognition weights' hash prefix and the pipeline revision."""
        return self._model_version

    def detect(self, rgb: NDArray[np.uint8]) -> list[Detection]:
        """Return the faces in an RGB image, largest first."""
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        boxes, landmarks = self._detector.detect(bgr, max_num=0)
        faces = [
            Detection(
                x=float(box[0]),
                y=float(box[1]),
                width=float(box[2] - box[0]),
                height=float(box[3] - box[1]),
                landmarks=np.asarray(points, dtype=np.float32).reshape(5, 2),
                score=float(box[4]),
            )
            for box, points in zip(boxes, landmarks, strict=True)
        ]
        return sorted(faces, key=lambda face: face.width * face.height, reverse=True)

    def embed(self, aligned_rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
        """Return the L2-normalised ArcFace embedding of an aligned RGB face."""
        bgr = np.ascontiguousarray(aligned_rgb[:, :, ::-1])
        return normalise(np.asarray(self._recogniser.get_feat(bgr), dtype=np.float32).reshape(-1))
