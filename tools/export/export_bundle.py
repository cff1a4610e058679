#!/usr/bin/env python3
"""Entry point: python tools/export/export_bundle.py --vexpress_dir V-Express --output_dir bundle [...]

See tools/export/README.md.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vexpress_export.bundle import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
