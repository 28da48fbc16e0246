"""Tests of recognition.template: the versioned byte format and its validation."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recognition.errors import TemplateFormatError
from recognition.template import MAGIC, Template


def unit_vector(size: int = 128, seed: int = 0) -> np.ndarray:
    """Return a random float32 vector of length 1."""
    vector = np.random.default_rng(seed).normal(size=size).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_template_round_trips_through_bytes() -> None:
    """to_bytes and from_bytes keep engine, model version and vector exactly."""
    template = Template("yunet_sface", "sface.abc.r1", unit_vector())

    restored = Template.from_bytes(template.to_bytes())

    assert (restored.engine, restored.model_version) == ("yunet_sface", "sface.abc.r1")
    assert np.array_equal(restored.vector, template.vector)
    assert len(template.to_bytes()) == 4 + 1 + 1 + 11 + 1 + 12 + 2 + 4 * 128


def test_template_bytes_start_with_magic_and_version() -> None:
    """The layout starts with the magic and format version 1."""
    data = Template("e", "m", unit_vector(4)).to_bytes()

    assert data[:5] == MAGIC + b"\x01"


def test_template_vector_is_read_only() -> None:
    """A template's vector cannot be changed after creation."""
    template = Template("e", "m", unit_vector())

    with pytest.raises(ValueError, match="read-only"):
        template.vector[0] = 1.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"XXXX\x01", "start with"),
        (MAGIC + b"\x02\x01e\x01m\x04\x00" + b"\x00" * 16, "version is 2"),
        (MAGIC + b"\x01\x01e\x01m", "malformed"),
        (MAGIC + b"\x01\x01e\x01m\x04\x00" + b"\x00" * 12, "declares 4 dimensions"),
        (MAGIC + b"\x01\x01e\x01m\x00\x00", "declares 0 dimensions"),
        (MAGIC + b"\x01\x01\xff\x01m\x01\x00" + struct.pack("<f", 1.0), "malformed"),
    ],
)
def test_template_from_bytes_rejects_malformed_data(data: bytes, message: str) -> None:
    """Bad magic, unknown version, truncation, wrong sizes and bad UTF-8 are refused."""
    with pytest.raises(TemplateFormatError, match=message):
        Template.from_bytes(data)


def test_template_from_bytes_rejects_trailing_bytes() -> None:
    """Extra bytes after the vector are refused."""
    data = Template("e", "m", unit_vector(8)).to_bytes() + b"\x00"

    with pytest.raises(TemplateFormatError, match="exactly 8"):
        Template.from_bytes(data)


@pytest.mark.parametrize("vector", [np.ones(4, np.float32), np.full(4, np.nan, np.float32)])
def test_template_rejects_unnormalised_or_nan_vector(vector: np.ndarray) -> None:
    """Only finite unit vectors make a template."""
    with pytest.raises(TemplateFormatError, match="norm"):
        Template("e", "m", vector)


@pytest.mark.parametrize(("engine", "model"), [("", "m"), ("e", "x" * 256)])
def test_template_rejects_empty_or_long_names(engine: str, model: str) -> None:
    """Engine and model version must fit in 1 to 255 bytes."""
    with pytest.raises(TemplateFormatError, match="1 to 255 bytes"):
        Template(engine, model, unit_vector(4))


@given(
    engine=st.text(min_size=1, max_size=40).filter(lambda text: len(text.encode()) <= 255),
    model=st.text(min_size=1, max_size=40).filter(lambda text: len(text.encode()) <= 255),
    size=st.integers(min_value=1, max_value=600),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_template_round_trip_holds_for_any_names_and_sizes(
    engine: str, model: str, size: int, seed: int
) -> None:
    """Any valid template survives serialisation unchanged."""
    template = Template(engine, model, unit_vector(size, seed))

    restored = Template.from_bytes(template.to_bytes())

    assert restored.model_key == template.model_key
    assert np.array_equal(restored.vector, template.vector)
