"""Tests of recognition.graph_repair: folding int8 weights and fixing the graphs' inputs."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from recognition.graph_repair import _dequantize, repair_model
from recognition.model_files import SFACE, YUNET, bundled_path, read_verified


@pytest.fixture(scope="module")
def sface() -> bytes:
    """The verified SFace file as shipped."""
    return read_verified(bundled_path(SFACE), SFACE.sha256)


@pytest.fixture(scope="module")
def yunet() -> bytes:
    """The verified YuNet file as shipped."""
    return read_verified(bundled_path(YUNET), YUNET.sha256)


def test_shipped_sface_does_not_run_on_onnxruntime(sface: bytes) -> None:
    """The reason for the repair: the file as shipped fails at run time."""
    session = ort.InferenceSession(sface, providers=["CPUExecutionProvider"])
    feed = {"data": np.zeros((1, 3, 112, 112), np.float32)}

    with pytest.raises(Exception, match=r"(?i)input|initializer|missing"):
        session.run(None, feed)


def test_repair_model_folds_sface_weights_and_drops_stray_inputs(sface: bytes) -> None:
    """The repaired SFace has no DequantizeLinear, one input, and runs."""
    repaired = onnx.load_from_string(repair_model(sface))

    assert not any(node.op_type == "DequantizeLinear" for node in repaired.graph.node)
    assert [item.name for item in repaired.graph.input] == ["data"]
    session = ort.InferenceSession(
        repaired.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    (output,) = session.run(None, {"data": np.zeros((1, 3, 112, 112), np.float32)})
    assert output.shape == (1, 128)


def test_repair_model_makes_yunet_accept_any_padded_size(yunet: bytes) -> None:
    """With symbolic spatial dimensions YuNet runs at 320x480."""
    repaired = repair_model(yunet, symbolic_spatial=True)
    session = ort.InferenceSession(repaired, providers=["CPUExecutionProvider"])

    outputs = session.run(None, {"input": np.zeros((1, 3, 320, 480), np.float32)})

    assert outputs[0].shape == (1, 40 * 60, 1)


def test_repair_model_keeps_the_file_bytes_unchanged(sface: bytes) -> None:
    """Repair works on a copy in memory; the input bytes are not touched."""
    before = bytes(sface)
    repair_model(sface)

    assert sface == before


def test_dequantize_blockwise_follows_the_operator_definition() -> None:
    """Each block of ``block_size`` values along the axis uses its own scale and zero point."""
    values = np.arange(-6, 6, dtype=np.int8).reshape(2, 6)
    scales = np.array([[0.5, 2.0], [1.0, 3.0]], np.float32)
    zeros = np.array([[1, 0], [0, -1]], np.int8)

    result = _dequantize(values, scales, zeros, axis=1, block_size=3)

    expected = np.array(
        [[-3.5, -3.0, -2.5, -6.0, -4.0, -2.0], [0.0, 1.0, 2.0, 12.0, 15.0, 18.0]], np.float32
    )
    assert np.array_equal(result, expected)


def test_dequantize_per_axis_and_per_tensor() -> None:
    """Per-axis scales broadcast along their axis; a single scale applies everywhere."""
    values = np.array([[2, 4], [6, 8]], np.int8)

    per_axis = _dequantize(values, np.array([1.0, 0.5], np.float32), None, axis=0, block_size=0)
    per_tensor = _dequantize(
        values, np.array([0.25], np.float32), np.array([2], np.int8), axis=1, block_size=4
    )

    assert np.array_equal(per_axis, [[2.0, 4.0], [3.0, 4.0]])
    assert np.array_equal(per_tensor, [[0.0, 0.5], [1.0, 1.5]])
