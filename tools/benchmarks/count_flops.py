#!/usr/bin/python3
"""Floating-point operations of one ONNX model call, counted from the graph's shapes at concrete input shapes.

The real-size benchmark (vexpress-benchmarks/README.md, "The real size") divides this count by the measured time of
one denoising UNet call to get the achieved GFLOP/s. The model is loaded without its external data (only the graph
and the shapes of the weights are needed), the given input shapes are substituted, and every tensor's shape is
propagated through the graph node by node; small integer tensors (the traced shape arithmetic: Shape, Gather, Div,
Concat, ... feeding Reshape, Expand, Slice, Resize) are evaluated with numpy so that data-dependent shapes resolve.
onnx.shape_inference is not used: it does not know ONNX Runtime's com.microsoft operators and stops at the first
MultiHeadAttention; here its output shape is the query's shape with the value's width.

Counted, as 2 x multiply-accumulates: Conv, ConvTranspose, MatMul, Gemm, and MultiHeadAttention (the scores Q.K^T
and their weighted sum of V: 2*B*Sq*Sk*Dqk + 2*B*Sq*Sk*Dv, i.e. 4*B*heads*Sq*Sk*head_dim; the softmax is left out).
Elementwise and normalisation operators (Add, Mul, Sigmoid, Erf, LayerNormalization, InstanceNormalization, Resize,
the softmax, ...) are not in the total; their output elements are reported separately ("elementwise outputs"), as a
sense of their share (each costs a few operations per element and is bound by memory, not arithmetic).

V-Express's guided window (the engine's call): --window SIZE FRAMES sets the denoising UNet's inputs as the engine
feeds them (sample [2, 4, T, S/8, S/8], timestep, audio tokens [2T, 5, Dt], kps_images uint8 [1, 3, T, S, S], the
16 reference features [2, L_k, C_k], both attention weights); the reference features' token counts come from
propagating reference_net.onnx (next to the UNet) at latent [1, 4, S/8, S/8]. Any input can be set with
--input NAME=d0,d1,...

    source /work/vxenv/env.sh   # onnx 1.12, numpy (Debian); no onnxruntime needed
    /usr/bin/python3 tools/benchmarks/count_flops.py /work/models/sd15/denoising_unet.onnx --window 512 24

Prints one JSON object: total FLOPs and GFLOP, the share of each operator type, the elementwise output elements.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

import numpy as np
import onnx
from onnx import helper, numpy_helper

# values of integer tensors up to this many elements are computed (shape arithmetic); float tensors are not
MAX_VALUE_ELEMENTS = 4096

ELEMENTWISE = {"Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Neg", "Abs", "Exp", "Log", "Sigmoid", "Tanh", "Relu",
               "Erf", "Sin", "Cos", "Cast", "Identity", "Where", "Equal", "Less", "Greater", "Not", "And", "Or",
               "Floor", "Ceil", "Round", "Mod", "Softmax", "LayerNormalization", "InstanceNormalization",
               "Dropout", "Clip", "Max", "Min", "Sum", "Softplus", "LeakyRelu", "HardSigmoid", "Gelu",
               "BatchNormalization", "GroupNormalization", "Reciprocal", "IsNaN", "Sign", "LessOrEqual",
               "GreaterOrEqual", "PRelu", "Elu", "Selu", "Mish", "Xor", "BitShift"}


def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def broadcast(*shapes):
    shapes = [tuple(s) for s in shapes if s is not None]
    return tuple(np.broadcast_shapes(*shapes)) if shapes else None


class Graph:
    def __init__(self, model):
        self.model = model
        self.shape = {}
        self.value = {}
        self.dtype = {}
        self.flops = defaultdict(int)
        self.elementwise = 0
        self.unknown = defaultdict(int)
        g = model.graph
        for init in g.initializer:
            self.shape[init.name] = tuple(init.dims)
            self.dtype[init.name] = init.data_type
            if init.data_location != onnx.TensorProto.EXTERNAL and np.prod(init.dims, dtype=np.int64) <= MAX_VALUE_ELEMENTS:
                try:
                    self.value[init.name] = numpy_helper.to_array(init)
                except Exception:  # noqa: BLE001 (no data: shape only)
                    pass

    def set_input(self, name, dims, dtype):
        self.shape[name] = tuple(dims)
        self.dtype[name] = dtype

    def known(self, name):
        return name == "" or name in self.value

    def val(self, name):
        return self.value.get(name)

    def run(self):
        for node in self.model.graph.node:
            self.node(node)

    def out(self, node, i, shape, value=None, dtype=None):
        name = node.output[i]
        self.shape[name] = tuple(int(d) for d in shape) if shape is not None else None
        if value is not None:
            value = np.asarray(value)
            if value.size <= MAX_VALUE_ELEMENTS:
                self.value[name] = value
        if dtype is not None:
            self.dtype[name] = dtype

    def node(self, n):
        op, a = n.op_type, attrs(n)
        ins = list(n.input)
        s = [self.shape.get(x) if x else None for x in ins]
        v = [self.val(x) if x else None for x in ins]
        allv = all(x == "" or x in self.value for x in ins)
        if op == "Constant":
            t = a.get("value")
            if t is not None:
                arr = numpy_helper.to_array(t)
            elif "value_ints" in a:
                arr = np.array(a["value_ints"], dtype=np.int64)
            elif "value_int" in a:
                arr = np.array(a["value_int"], dtype=np.int64)
            elif "value_floats" in a:
                arr = np.array(a["value_floats"], dtype=np.float32)
            else:
                arr = np.array(a["value_float"], dtype=np.float32)
            self.out(n, 0, arr.shape, arr)
            self.value[n.output[0]] = arr
            return
        if any(x is None for x, name in zip(s, ins) if name):
            self.unknown[op] += 1
            for i in range(len(n.output)):
                self.shape[n.output[i]] = None
            return
        handler = getattr(self, "op_" + op, None)
        if handler is not None:
            handler(n, a, s, v, allv)
        elif op in ELEMENTWISE:
            self.op_elementwise(n, a, s, v, allv)
        else:
            self.unknown[op] += 1
            for i in range(len(n.output)):
                self.shape[n.output[i]] = None

    # elementwise and normalisation: broadcast of the inputs (LayerNormalization: output 0 = input 0)
    def op_elementwise(self, n, a, s, v, allv):
        op = n.op_type
        if op in ("LayerNormalization", "InstanceNormalization", "Softmax", "Dropout", "BatchNormalization",
                  "GroupNormalization", "Clip"):
            shape = s[0]
        elif op == "Where":
            shape = broadcast(*s)
        else:
            shape = broadcast(*[x for x in s if x is not None])
        value = None
        if allv and all(x is not None for x in v) and op in NUMPY_OPS:
            value = NUMPY_OPS[op](v, a)
        self.elementwise += int(np.prod(shape, dtype=np.int64))
        self.out(n, 0, shape, value)

    def op_Shape(self, n, a, s, v, allv):
        shape = np.array(s[0], dtype=np.int64)
        start, end = a.get("start", 0), a.get("end", None)
        shape = shape[start:end]
        self.out(n, 0, shape.shape, shape)

    def op_Size(self, n, a, s, v, allv):
        self.out(n, 0, (), np.array(np.prod(s[0]), dtype=np.int64))

    def op_Gather(self, n, a, s, v, allv):
        axis = a.get("axis", 0)
        data, idx = s
        axis = axis % len(data)
        shape = data[:axis] + idx + data[axis + 1:]
        value = np.take(v[0], v[1], axis=axis) if v[0] is not None and v[1] is not None else None
        self.out(n, 0, shape, value)

    def op_Unsqueeze(self, n, a, s, v, allv):
        axes = list(v[1]) if len(n.input) > 1 else a["axes"]
        rank = len(s[0]) + len(axes)
        axes = sorted(x % rank for x in axes)
        shape = list(s[0])
        for ax in axes:
            shape.insert(ax, 1)
        value = v[0].reshape(shape) if v[0] is not None else None
        self.out(n, 0, shape, value)

    def op_Squeeze(self, n, a, s, v, allv):
        if len(n.input) > 1 and n.input[1]:
            axes = [x % len(s[0]) for x in v[1]]
        elif "axes" in a:
            axes = [x % len(s[0]) for x in a["axes"]]
        else:
            axes = [i for i, d in enumerate(s[0]) if d == 1]
        shape = [d for i, d in enumerate(s[0]) if i not in axes]
        value = v[0].reshape(shape) if v[0] is not None else None
        self.out(n, 0, shape, value)

    def op_Concat(self, n, a, s, v, allv):
        axis = a["axis"] % len(s[0])
        shape = list(s[0])
        shape[axis] = sum(x[axis] for x in s)
        value = np.concatenate(v, axis=axis) if all(x is not None for x in v) else None
        self.out(n, 0, shape, value)

    def op_Reshape(self, n, a, s, v, allv):
        target = [int(x) for x in v[1]]
        shape = []
        for i, d in enumerate(target):
            shape.append(s[0][i] if d == 0 and not a.get("allowzero", 0) else d)
        if -1 in shape:
            rest = int(np.prod([d for d in shape if d != -1], dtype=np.int64))
            shape[shape.index(-1)] = int(np.prod(s[0], dtype=np.int64)) // rest
        value = v[0].reshape(shape) if v[0] is not None else None
        self.out(n, 0, shape, value)

    def op_Flatten(self, n, a, s, v, allv):
        axis = a.get("axis", 1) % len(s[0])
        shape = (int(np.prod(s[0][:axis])), int(np.prod(s[0][axis:])))
        self.out(n, 0, shape, v[0].reshape(shape) if v[0] is not None else None)

    def op_Transpose(self, n, a, s, v, allv):
        perm = a.get("perm", list(range(len(s[0])))[::-1])
        shape = [s[0][p] for p in perm]
        self.out(n, 0, shape, np.transpose(v[0], perm) if v[0] is not None else None)

    def op_Slice(self, n, a, s, v, allv):
        starts, ends = v[1], v[2]
        axes = v[3] if len(n.input) > 3 and n.input[3] else np.arange(len(starts))
        steps = v[4] if len(n.input) > 4 and n.input[4] else np.ones(len(starts), dtype=np.int64)
        shape = list(s[0])
        index = [slice(None)] * len(shape)
        for st, en, ax, sp in zip(starts, ends, axes, steps):
            ax = int(ax) % len(shape)
            index[ax] = slice(int(st), int(en) if abs(int(en)) < 2 ** 62 else (None if sp > 0 else None), int(sp))
            shape[ax] = len(range(*index[ax].indices(shape[ax])))
        value = v[0][tuple(index)] if v[0] is not None else None
        self.out(n, 0, shape, value)

    def op_Split(self, n, a, s, v, allv):
        axis = a.get("axis", 0) % len(s[0])
        if len(n.input) > 1 and n.input[1]:
            parts = [int(x) for x in v[1]]
        elif "split" in a:
            parts = list(a["split"])
        else:
            k = len(n.output)
            parts = [s[0][axis] // k] * k
        for i, p in enumerate(parts):
            shape = list(s[0])
            shape[axis] = p
            self.out(n, i, shape)

    def op_Expand(self, n, a, s, v, allv):
        shape = broadcast(s[0], tuple(int(x) for x in v[1]))
        value = np.broadcast_to(v[0], shape).copy() if v[0] is not None else None
        self.out(n, 0, shape, value)

    def op_Tile(self, n, a, s, v, allv):
        shape = [d * int(r) for d, r in zip(s[0], v[1])]
        self.out(n, 0, shape, np.tile(v[0], v[1]) if v[0] is not None else None)

    def op_ConstantOfShape(self, n, a, s, v, allv):
        shape = [int(x) for x in v[0]]
        fill = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
        self.out(n, 0, shape, np.full(shape, fill.reshape(-1)[0], dtype=fill.dtype))

    def op_Range(self, n, a, s, v, allv):
        value = np.arange(v[0], v[1], v[2])
        self.out(n, 0, value.shape, value)

    def op_MatMul(self, n, a, s, v, allv):
        x, w = s
        x2, w2 = (x if len(x) > 1 else (1,) + x), (w if len(w) > 1 else w + (1,))
        batch = broadcast(x2[:-2], w2[:-2])
        shape = batch + (x2[-2], w2[-1])
        macs = int(np.prod(batch, dtype=np.int64)) * x2[-2] * x2[-1] * w2[-1]
        self.flops["MatMul"] += 2 * macs
        shape = list(shape)
        if len(x) == 1:
            shape.pop(-2)
        if len(w) == 1:
            shape.pop(-1)
        self.out(n, 0, shape, np.matmul(v[0], v[1]) if allv and v[0] is not None and v[1] is not None else None)

    def op_Gemm(self, n, a, s, v, allv):
        x, w = s[0], s[1]
        m, k = (x[1], x[0]) if a.get("transA", 0) else (x[0], x[1])
        nn = w[0] if a.get("transB", 0) else w[1]
        self.flops["Gemm"] += 2 * m * k * nn
        self.out(n, 0, (m, nn))

    def op_Conv(self, n, a, s, v, allv):
        x, w = s[0], s[1]
        spatial = len(x) - 2
        k = a.get("kernel_shape", w[2:])
        strides = a.get("strides", [1] * spatial)
        dil = a.get("dilations", [1] * spatial)
        pads = a.get("pads", [0] * 2 * spatial)
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
            outs = [-(-x[2 + i] // strides[i]) for i in range(spatial)]
        else:
            outs = [(x[2 + i] + pads[i] + pads[i + spatial] - dil[i] * (k[i] - 1) - 1) // strides[i] + 1
                    for i in range(spatial)]
        shape = (x[0], w[0]) + tuple(outs)
        # each output element: (in channels / groups) x kernel volume multiply-accumulates
        self.flops["Conv"] += 2 * int(np.prod(shape, dtype=np.int64)) * int(np.prod(w[1:], dtype=np.int64))
        self.out(n, 0, shape)

    def op_ConvTranspose(self, n, a, s, v, allv):
        x, w = s[0], s[1]
        spatial = len(x) - 2
        group = a.get("group", 1)
        k = a.get("kernel_shape", w[2:])
        strides = a.get("strides", [1] * spatial)
        dil = a.get("dilations", [1] * spatial)
        pads = a.get("pads", [0] * 2 * spatial)
        outpad = a.get("output_padding", [0] * spatial)
        outs = [strides[i] * (x[2 + i] - 1) + outpad[i] + ((k[i] - 1) * dil[i] + 1) - pads[i] - pads[i + spatial]
                for i in range(spatial)]
        shape = (x[0], w[1] * group) + tuple(outs)
        # each input element meets (out channels / groups) x kernel volume weights
        self.flops["ConvTranspose"] += 2 * int(np.prod(x, dtype=np.int64)) * int(np.prod(w[1:], dtype=np.int64))
        self.out(n, 0, shape)

    def op_MultiHeadAttention(self, n, a, s, v, allv):
        q, k, val = s[0], s[1], s[2]
        if len(q) != 3 or len(k) != 3 or len(val) != 3:
            raise SystemExit(f"MultiHeadAttention {n.name}: only 3-D query/key/value are handled, got {q} {k} {val}")
        b, sq, dqk = q
        sk, dv = k[1], val[2]
        self.flops["MultiHeadAttention"] += 2 * b * sq * sk * dqk + 2 * b * sq * sk * dv
        self.out(n, 0, (b, sq, dv))

    def op_Resize(self, n, a, s, v, allv):
        x = s[0]
        if len(n.input) > 3 and n.input[3]:
            shape = [int(d) for d in v[3]]
        else:
            scales = v[2]
            shape = [int(np.floor(d * sc)) for d, sc in zip(x, scales)]
        self.elementwise += int(np.prod(shape, dtype=np.int64))
        self.out(n, 0, shape)

    def op_Pad(self, n, a, s, v, allv):
        pads = [int(p) for p in (v[1] if len(n.input) > 1 else a["pads"])]
        r = len(s[0])
        shape = [d + pads[i] + pads[i + r] for i, d in enumerate(s[0])]
        self.out(n, 0, shape)

    def _pool(self, n, a, s, v=None, allv=None):
        x = s[0]
        spatial = len(x) - 2
        k = a["kernel_shape"]
        strides = a.get("strides", [1] * spatial)
        pads = a.get("pads", [0] * 2 * spatial)
        ceil = a.get("ceil_mode", 0)
        outs = []
        for i in range(spatial):
            num = x[2 + i] + pads[i] + pads[i + spatial] - k[i]
            outs.append((-(-num // strides[i]) if ceil else num // strides[i]) + 1)
        shape = (x[0], x[1]) + tuple(outs)
        self.elementwise += int(np.prod(shape, dtype=np.int64))
        self.out(n, 0, shape)

    op_AveragePool = _pool
    op_MaxPool = _pool

    def _reduce(self, n, a, s, v, allv):
        x = s[0]
        if len(n.input) > 1 and n.input[1]:
            axes = [int(t) % len(x) for t in v[1]]
        else:
            axes = [t % len(x) for t in a.get("axes", range(len(x)))]
        keep = a.get("keepdims", 1)
        shape = [1 if i in axes else d for i, d in enumerate(x)] if keep else [d for i, d in enumerate(x) if i not in axes]
        value = None
        if v[0] is not None and n.op_type in ("ReduceProd", "ReduceSum", "ReduceMax", "ReduceMin"):
            f = {"ReduceProd": np.prod, "ReduceSum": np.sum, "ReduceMax": np.max, "ReduceMin": np.min}[n.op_type]
            value = f(v[0], axis=tuple(axes), keepdims=bool(keep))
        self.elementwise += int(np.prod(x, dtype=np.int64))
        self.out(n, 0, shape, value)

    op_ReduceMean = _reduce
    op_ReduceSum = _reduce
    op_ReduceProd = _reduce
    op_ReduceMax = _reduce
    op_ReduceMin = _reduce


def _div(v, a):
    x, y = v
    if np.issubdtype(x.dtype, np.integer) and np.issubdtype(y.dtype, np.integer):
        return (np.trunc(x / y)).astype(x.dtype)  # ONNX integer Div truncates
    return x / y


def _cast(v, a):
    to = (helper.tensor_dtype_to_np_dtype(a["to"]) if hasattr(helper, "tensor_dtype_to_np_dtype")
          else onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[a["to"]])  # onnx < 1.13
    return v[0].astype(to)


NUMPY_OPS = {
    "Add": lambda v, a: v[0] + v[1], "Sub": lambda v, a: v[0] - v[1], "Mul": lambda v, a: v[0] * v[1],
    "Div": _div, "Cast": _cast, "Identity": lambda v, a: v[0], "Neg": lambda v, a: -v[0],
    "Equal": lambda v, a: v[0] == v[1], "Where": lambda v, a: np.where(v[0], v[1], v[2]),
    "Floor": lambda v, a: np.floor(v[0]), "Ceil": lambda v, a: np.ceil(v[0]), "Sqrt": lambda v, a: np.sqrt(v[0]),
    "Less": lambda v, a: v[0] < v[1], "Greater": lambda v, a: v[0] > v[1], "Not": lambda v, a: ~v[0],
    "Max": lambda v, a: np.maximum.reduce(v), "Min": lambda v, a: np.minimum.reduce(v),
    "Mod": lambda v, a: np.fmod(v[0], v[1]) if a.get("fmod", 0) else np.mod(v[0], v[1]),
    "Abs": lambda v, a: np.abs(v[0]), "Pow": lambda v, a: np.power(v[0], v[1]),
}


def load(path):
    return onnx.load(path, load_external_data=False)


def propagate(model, inputs):
    """inputs: name -> dims. Returns the Graph with every shape and the FLOP counts."""
    g = Graph(model)
    declared = {i.name: i for i in model.graph.input}
    for name, dims in inputs.items():
        if name not in declared:
            raise SystemExit(f"the model has no input {name!r}; its inputs: {sorted(declared)}")
    for name, inp in declared.items():
        if name in g.shape and name not in inputs:
            continue  # an initializer listed as input
        if name not in inputs:
            dims = [d.dim_value for d in inp.type.tensor_type.shape.dim]
            if any(d.dim_param or not d.dim_value for d in inp.type.tensor_type.shape.dim):
                raise SystemExit(f"input {name} has dynamic dimensions {[d.dim_param or d.dim_value for d in inp.type.tensor_type.shape.dim]}: give it with --input {name}=...")
            inputs[name] = dims
        g.set_input(name, inputs[name], inp.type.tensor_type.elem_type)
    g.run()
    return g


def window_inputs(unet_path, size, frames):
    """The engine's inputs of one guided window call (VExpress's classifier-free guidance: batch 2)."""
    h = size // 8
    model = load(unet_path)
    declared = {i.name: [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim] for i in model.graph.input}
    ref_path = os.path.join(os.path.dirname(unet_path), "reference_net.onnx")
    ref_model = load(ref_path)
    ref_input = ref_model.graph.input[0].name
    ref = propagate(ref_model, {ref_input: [1, 4, h, h]})
    inputs = {"sample": [2, 4, frames, h, h],
              "audio_tokens": [2 * frames, declared["audio_tokens"][1], declared["audio_tokens"][2]],
              "reference_attention_weight": [1], "audio_attention_weight": [1]}
    inputs["timestep"] = [1] * len(declared["timestep"])
    if "kps_images" in declared:
        inputs["kps_images"] = [1, 3, frames, size, size]
    if "kps_features" in declared:  # bundle format 1
        inputs["kps_features"] = [2, declared["kps_features"][1], frames, h, h]
    for out in ref_model.graph.output:
        shape = ref.shape[out.name]
        inputs[out.name] = [2] + list(shape[1:])
    return model, inputs, {"reference_net": ref}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("--window", nargs=2, type=int, metavar=("SIZE", "FRAMES"),
                   help="the denoising UNet's guided window call at SIZE x SIZE pixels and FRAMES frames")
    p.add_argument("--input", action="append", default=[], help="NAME=d0,d1,... (overrides --window's)")
    args = p.parse_args()
    others = {}
    if args.window:
        model, inputs, others = window_inputs(args.model, *args.window)
    else:
        model, inputs = load(args.model), {}
    for spec in args.input:
        name, dims = spec.split("=")
        inputs[name] = [int(d) for d in dims.split(",")]
    g = propagate(model, dict(inputs))
    outputs = {o.name: g.shape.get(o.name) for o in model.graph.output}
    total = sum(g.flops.values())
    result = {"model": os.path.abspath(args.model), "inputs": inputs, "outputs": outputs,
              "flops": total, "gflop": round(total / 1e9, 1),
              "by_operator_gflop": {k: round(f / 1e9, 1) for k, f in sorted(g.flops.items(), key=lambda x: -x[1])},
              "elementwise_outputs": g.elementwise,
              "nodes": len(model.graph.node)}
    for name, other in others.items():
        result[name + "_gflop_at_batch_1"] = round(sum(other.flops.values()) / 1e9, 1)
    if g.unknown or any(s is None for s in outputs.values()):
        result["unresolved"] = dict(g.unknown)
        print(json.dumps(result, indent=1))
        print("some shapes could not be resolved: the count is incomplete", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
