"""Builds reflow's optional compiled kernel; everything else is in pyproject.toml.

The kernel (convert/_reflow_kernel.c) is optional: it needs GCC or Clang and Python's
headers, and where they are missing (or on Windows) the build goes on without it and
reflow runs the Python reference of the same loops (docs/reflow.md, "Speed"). The
source's digest is compiled in, so a test can tell a stale build."""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

SOURCE = "convert/_reflow_kernel.c"
digest = hashlib.sha256((Path(__file__).parent / SOURCE).read_bytes()).hexdigest()

setup(
    ext_modules=[
        Extension(
            "convert._reflow_kernel",
            [SOURCE],
            define_macros=[("SUBCONV_SOURCE_DIGEST", f'"{digest}"')],
            optional=True,
        )
    ]
)
