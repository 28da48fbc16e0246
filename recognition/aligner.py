"""Face alignment: the standard 5-point similarity transform onto the 112x112 ArcFace template.

This is the transform of ``insightface.utils.face_align.norm_crop`` and OpenCV's
``FaceRecognizerSF.alignCrop``: a least-squares similarity (Umeyama) from the five detected
landmarks onto fixed template positions, then ``warpAffine``. It is computed here in a few lines
of numpy rather than called from either library: insightface's version needs scikit-image at run
time and warns (FutureWarning) on scikit-image 0.26, and ``alignCrop`` needs a second copy of
SFace loaded in OpenCV's dnn, whose nets are not safe to share between worker threads. A test
checks the crops against ``FaceRecognizerSF.alignCrop`` to within one grey level.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

ALIGNED_SIZE = 112

# Where the eyes, nose tip and mouth corners sit in a 112x112 aligned face (ArcFace standard).
TEMPLATE = np.array(
    [
        [38.2946, 51.6963],
        [73.5318, 51.5014],
        [56.0252, 71.7366],
        [41.5493, 92.3655],
        [70.7299, 92.2041],
    ],
    dtype=np.float64,
)


def similarity_transform(
    source: NDArray[np.floating], target: NDArray[np.floating]
) -> NDArray[np.float64]:
    """Return the 2x3 least-squares similarity matrix mapping ``source`` points onto ``target``."""
    src = np.asarray(source, dtype=np.float64)
    dst = np.asarray(target, dtype=np.float64)
    src_mean = src.mean(axis=0)
    dst_mean = dst.mean(axis=0)
    src_centred = src - src_mean
    dst_centred = dst - dst_mean

    covariance = dst_centred.T @ src_centred / len(src)
    u, singular, vt = np.linalg.svd(covariance)
    signs = np.ones(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        signs[1] = -1.0
    rotation = u @ np.diag(signs) @ vt

    variance = float((src_centred**2).sum()) / len(src)
    scale = float((singular * signs).sum()) / variance if variance > 0 else 1.0
    translation = dst_mean - scale * rotation @ src_mean

    return np.hstack([scale * rotation, translation[:, None]])


def align_face(rgb: NDArray[np.uint8], landmarks: NDArray[np.floating]) -> NDArray[np.uint8]:
    """Warp the face with these landmarks into a 112x112 crop."""
    matrix = similarity_transform(landmarks, TEMPLATE)
    aligned = cv2.warpAffine(rgb, matrix, (ALIGNED_SIZE, ALIGNED_SIZE), borderValue=(0, 0, 0))
    return np.asarray(aligned, dtype=np.uint8)
