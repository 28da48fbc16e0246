"""Passive anti-spoofing: MiniFASNet's estimate that a face is live, one weak signal of many.

The models are the ONNX conversions of Silent-Face-Anti-Spoofing's MiniFASNetV2 (crop x2.7) and
MiniFASNetV1SE (crop x4.0), Apache-2.0. Each takes an 80x80 BGR crop, raw 0..255, of the face
box enlarged by its factor (kept inside the photo), and returns three logits whose softmax
class 1 means "real". The score is the mean over the loaded models. An open passive model can
be fooled, so a low score is only ever a reason for review (:class:`recognition.matcher.Reason`).

``antispoof_model_path`` may name one ``.onnx`` file or a directory; in a directory every file
whose name contains ``MiniFASNetV2`` or ``MiniFASNetV1SE`` is loaded. Known files are checked
against the sha256 pinned in :mod:`recognition.catalog`; other files are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from recognition.catalog import CATALOG
from recognition.detector import Detection
from recognition.errors import ModelFileMissing
from recognition.model_files import read_verified
from recognition.runtime import create_session

INPUT_SIZE = 80
REAL_CLASS = 1
CROP_SCALES = {"MiniFASNetV2": 2.7, "MiniFASNetV1SE": 4.0}
_CATALOG_NAMES = {"MiniFASNetV2": "minifasnet_v2", "MiniFASNetV1SE": "minifasnet_v1se"}


@dataclass(frozen=True, slots=True)
class _Model:
    name: str
    session: ort.InferenceSession
    input_name: str
    crop_scale: float


class SpoofDetector:
    """Score faces with one or more MiniFASNet models."""

    def __init__(self, models: list[_Model]) -> None:
        self._models = models

    @classmethod
    def load(cls, path: Path, *, threads: int) -> SpoofDetector:
        """Load the MiniFASNet file at ``path``, or every known one in that directory."""
        files = sorted(path.glob("*.onnx")) if path.is_dir() else [path]
        variants = [(file, _variant(file.name)) for file in files]
        models = [_load_model(file, kind, threads) for file, kind in variants if kind]
        if not models:
            hint = "Expected MiniFASNetV2 and/or MiniFASNetV1SE .onnx files (sregep models fetch)."
            raise ModelFileMissing(path, hint)
        return cls(models)

    @property
    def model_names(self) -> tuple[str, ...]:
        """Names of the loaded model files."""
        return tuple(model.name for model in self._models)

    def score(self, rgb: NDArray[np.uint8], face: Detection) -> float:
        """Return the mean probability, 0..1, that the face is live."""
        scores = []
        for model in self._models:
            # Channels are swapped on the 80x80 crop, not on the whole photo.
            crop = _crop(rgb, face, model.crop_scale)[:, :, ::-1]
            blob = crop.transpose(2, 0, 1)[None].astype(np.float32)
            (logits,) = model.session.run(None, {model.input_name: blob})
            scores.append(_softmax(np.asarray(logits, dtype=np.float64).reshape(-1))[REAL_CLASS])
        return float(np.mean(scores))


def _variant(filename: str) -> str | None:
    """Return the MiniFASNet variant a file name denotes, or None for other files."""
    for variant in ("MiniFASNetV1SE", "MiniFASNetV2"):
        if variant.lower() in filename.lower():
            return variant
    return None


def _load_model(file: Path, variant: str, threads: int) -> _Model:
    """Load one anti-spoof model after checking its pinned sha256."""
    pinned = CATALOG[_CATALOG_NAMES[variant]].sha256
    session = create_session(read_verified(file, pinned), name=file.name, threads=threads)
    return _Model(file.name, session, session.get_inputs()[0].name, CROP_SCALES[variant])


def _crop(image: NDArray[np.uint8], face: Detection, scale: float) -> NDArray[np.uint8]:
    """Cut the face box enlarged ``scale`` times, shifted to stay inside the image, at 80x80."""
    height, width = image.shape[:2]
    box_w, box_h = max(face.width, 1.0), max(face.height, 1.0)
    scale = min(scale, (height - 1) / box_h, (width - 1) / box_w)
    crop_w, crop_h = box_w * scale, box_h * scale
    centre_x, centre_y = face.x + box_w / 2, face.y + box_h / 2

    left = min(max(centre_x - crop_w / 2, 0.0), width - 1 - crop_w)
    top = min(max(centre_y - crop_h / 2, 0.0), height - 1 - crop_h)
    x0, y0 = int(left), int(top)
    x1, y1 = int(left + crop_w), int(top + crop_h)

    patch = image[y0 : y1 + 1, x0 : x1 + 1]
    resized = cv2.resize(patch, (INPUT_SIZE, INPUT_SIZE), interpolation=cv2.INTER_LINEAR)
    return np.asarray(resized, dtype=np.uint8)


def _softmax(logits: NDArray[np.float64]) -> NDArray[np.float64]:
    shifted = np.exp(logits - logits.max())
    return np.asarray(shifted / shifted.sum(), dtype=np.float64)
