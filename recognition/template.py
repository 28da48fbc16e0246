"""Face templates: one L2-normalised embedding tagged with the engine and model that made it.

Byte format, version 1 (all integers little-endian; about 560 bytes for SFace):

==========  ======  =====================================================
offset      size    content
==========  ======  =====================================================
0           4       magic ``b"SRFT"``
4           1       format version (1)
5           1       length E of the engine name
6           E       engine name, UTF-8 (e.g. ``yunet_sface``)
6+E         1       length M of the model version
7+E         M       model version, UTF-8
7+E+M       2       dimension D of the vector
9+E+M       4*D     the vector, float32, L2 norm 1
==========  ======  =====================================================

The bytes hold no name or id; the caller stores them encrypted beside the person's id.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np
from numpy.typing import NDArray

from recognition.errors import TemplateFormatError

MAGIC = b"SRFT"
FORMAT_VERSION = 1
_NORM_TOLERANCE = 1e-3
_MAX_DIMENSION = 4096


@dataclass(frozen=True, slots=True, eq=False)
class Template:
    """An embedding with the engine name and model version it is only comparable within."""

    engine: str
    model_version: str
    vector: NDArray[np.float32]

    format_version: ClassVar[int] = FORMAT_VERSION

    def __post_init__(self) -> None:
        vector = np.asarray(self.vector, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(vector))
        if not np.all(np.isfinite(vector)) or abs(norm - 1.0) > _NORM_TOLERANCE:
            msg = f"Template vector has L2 norm {norm:.4f}. It must be finite with norm 1."
            raise TemplateFormatError(msg)
        for label, text in (("engine", self.engine), ("model_version", self.model_version)):
            if not text or len(text.encode()) > 255:
                msg = f"Template {label} {text!r} must be 1 to 255 bytes of UTF-8."
                raise TemplateFormatError(msg)
        vector.setflags(write=False)
        object.__setattr__(self, "vector", vector)

    @property
    def model_key(self) -> str:
        """Return ``engine/model_version``: templates compare only within one key."""
        return f"{self.engine}/{self.model_version}"

    def similarity(self, other: Template) -> float:
        """Return the cosine similarity with another template of the same model."""
        return float(np.dot(self.vector, other.vector))

    def to_bytes(self) -> bytes:
        """Serialise to the versioned byte format."""
        engine = self.engine.encode()
        model = self.model_version.encode()
        header = MAGIC + struct.pack("<BB", FORMAT_VERSION, len(engine)) + engine
        header += struct.pack("<B", len(model)) + model + struct.pack("<H", self.vector.size)
        return header + self.vector.astype("<f4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Parse the versioned byte format, rejecting anything malformed."""
        try:
            return cls._parse(memoryview(data))
        except (struct.error, UnicodeDecodeError, ValueError) as err:
            msg = f"Template bytes ({len(data)} bytes) are malformed: {err}"
            raise TemplateFormatError(msg) from err

    @classmethod
    def _parse(cls, view: memoryview) -> Self:
        if bytes(view[:4]) != MAGIC:
            msg = f"Template starts with {bytes(view[:4])!r}. Templates start with {MAGIC!r}."
            raise TemplateFormatError(msg)
        version, engine_length = struct.unpack_from("<BB", view, 4)
        if version != FORMAT_VERSION:
            msg = (
                f"Template format version is {version}. This code reads version {FORMAT_VERSION}."
            )
            raise TemplateFormatError(msg)

        offset = 6
        engine = bytes(view[offset : offset + engine_length]).decode()
        offset += engine_length
        (model_length,) = struct.unpack_from("<B", view, offset)
        model_version = bytes(view[offset + 1 : offset + 1 + model_length]).decode()
        offset += 1 + model_length
        (dimension,) = struct.unpack_from("<H", view, offset)
        offset += 2

        if not 0 < dimension <= _MAX_DIMENSION or len(view) != offset + 4 * dimension:
            msg = (
                f"Template declares {dimension} dimensions in {len(view)} bytes. "
                f"It must hold exactly {dimension} float32 values after its header."
            )
            raise TemplateFormatError(msg)

        vector = np.frombuffer(view, dtype="<f4", count=dimension, offset=offset)
        return cls(engine=engine, model_version=model_version, vector=vector.astype(np.float32))
