"""torch -> ONNX with the bundle's conventions: opset 17, named inputs/outputs, dynamic axes, and one
external data file for models whose weights exceed the 2 GB protobuf limit."""
import inspect
import logging
import os
import shutil
import tempfile
from typing import Dict, List, Optional, Sequence

import torch

LOG = logging.getLogger("vexpress_export")

PROTOBUF_LIMIT_BYTES = 2 * 1024 ** 3


def _initializer_bytes(model) -> int:
    from onnx import numpy_helper  # noqa: F401 (import check)
    total = 0
    for t in model.graph.initializer:
        if t.raw_data:
            total += len(t.raw_data)
        else:
            total += 4 * max(len(t.float_data), len(t.int32_data), len(t.int64_data) * 2)
    return total


def export_onnx(module: torch.nn.Module, args: Sequence[torch.Tensor], path: str,
                input_names: List[str], output_names: List[str],
                dynamic_axes: Dict[str, Dict[int, str]], opset: int = 17,
                external_data_threshold_bytes: int = PROTOBUF_LIMIT_BYTES - 64 * 1024 ** 2,
                custom_opsets: Optional[Dict[str, int]] = None) -> dict:
    """Exports ``module`` and returns facts about the written file(s).

    The TorchScript exporter is used (``dynamo=False`` where torch has the dynamo exporter), which
    handles V-Express's hooks and Python control flow by tracing. Files whose initializers exceed
    ``external_data_threshold_bytes`` are saved with all weights in one ``<name>.onnx.data`` file next
    to the model (ONNX Runtime, Java included, finds it relative to the model file).
    """
    import onnx
    path = os.path.abspath(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    kwargs = dict(opset_version=opset, input_names=input_names, output_names=output_names,
                  dynamic_axes=dynamic_axes, do_constant_folding=True, custom_opsets=custom_opsets or {})
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    tmp = tempfile.mkdtemp(prefix=".export-", dir=os.path.dirname(path))
    try:
        raw = os.path.join(tmp, "model.onnx")
        with torch.no_grad():
            traced_out = module(*args)
            torch.onnx.export(module, tuple(args), raw, **kwargs)
        traced_out = traced_out if isinstance(traced_out, (tuple, list)) else (traced_out,)
        model = onnx.load(raw, load_external_data=True)
        declare_output_shapes(model, output_names, [tuple(o.shape) for o in traced_out], dynamic_axes)
        shorten_value_names(model)
        size = _initializer_bytes(model)
        data_name = os.path.basename(path) + ".data"
        for old in (path, path + ".data"):
            if os.path.exists(old):
                os.remove(old)
        external = size > external_data_threshold_bytes
        if external:
            onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                            location=data_name, size_threshold=1024)
        else:
            onnx.save_model(model, path)
        del model
        onnx.checker.check_model(path)  # by path: works for models with external data too
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    files = [path] + ([path + ".data"] if external else [])
    result = {"path": path, "external_data": external, "bytes": sum(os.path.getsize(f) for f in files),
              "weight_bytes": size}
    LOG.info("wrote %s (%.1f MB%s)", path, result["bytes"] / 1e6, ", external data" if external else "")
    return result


def shorten_value_names(model) -> int:
    """Renames the graph's intermediate values (``/unet/down_blocks.0/.../Mul_3_output_0``) to ``v<n>``.

    PyTorch's exporter names every intermediate tensor after its module path; for V-Express's UNet, whose
    dynamic shapes take about 26,000 nodes, those names are 3.6 MB of the graph, more than the weights of a
    small test network. Graph inputs, outputs and initializers keep their names, nodes keep theirs (module
    paths, useful in profiles). Graphs with subgraphs (If/Loop) are left alone. Returns how many values were
    renamed."""
    import onnx
    graph = model.graph
    if any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for n in graph.node for a in n.attribute):
        return 0
    keep = {v.name for v in graph.input} | {v.name for v in graph.output} | {t.name for t in graph.initializer}
    mapping = {}
    for node in graph.node:
        for name in node.output:
            if name and name not in keep and name not in mapping:
                mapping[name] = f"v{len(mapping)}"
    if any(name in keep for name in mapping.values()):
        return 0  # a kept name looks like ours: do nothing rather than risk a clash
    for node in graph.node:
        node.input[:] = [mapping.get(n, n) for n in node.input]
        node.output[:] = [mapping.get(n, n) for n in node.output]
    for info in graph.value_info:
        info.name = mapping.get(info.name, info.name)
    return len(mapping)


def declare_output_shapes(model, output_names, shapes, dynamic_axes) -> None:
    """Declares each output's shape as the contract wants it: the dynamic axes by name, every other
    dimension fixed to its traced value. (The exporter's shape inference leaves some fixed
    dimensions, e.g. latent channels after a Slice, as anonymous symbols; the engine reads those
    numbers from the declared outputs.)"""
    by_name = {o.name: o for o in model.graph.output}
    for name, shape in zip(output_names, shapes):
        dims = by_name[name].type.tensor_type.shape.dim
        if len(dims) != len(shape):
            del dims[:]
            for _ in shape:
                dims.add()
        axes = dynamic_axes.get(name, {})
        for i, (dim, value) in enumerate(zip(dims, shape)):
            if i in axes:
                dim.Clear()
                dim.dim_param = axes[i]
            else:
                dim.Clear()
                dim.dim_value = int(value)


def declared_io(path: str) -> dict:
    """Names, element types and shapes (ints or symbolic names) of a saved model's inputs/outputs."""
    import onnx
    model = onnx.load(path, load_external_data=False)

    def describe(values):
        out = {}
        for v in values:
            t = v.type.tensor_type
            dims = [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in t.shape.dim]
            out[v.name] = {"elem_type": onnx.TensorProto.DataType.Name(t.elem_type), "shape": dims}
        return out

    init = {i.name for i in model.graph.initializer}
    return {"inputs": describe([i for i in model.graph.input if i.name not in init]),
            "outputs": describe(model.graph.output)}
