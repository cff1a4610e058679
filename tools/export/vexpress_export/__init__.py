"""Export V-Express's PyTorch networks to the ONNX model bundle of docs/model-bundle.md.

The package never copies V-Express code: :mod:`vexpress_export.vexpress_loading` imports it from
the checkout the user points to, and :mod:`vexpress_export.wrappers` only wraps those modules.
"""
