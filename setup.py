"""Builds reflow's optional compiled kernel; everything else is in pyproject.toml.

The kernel (convert/_reflow_dp.c) is optional: where no C compiler is found the build goes
on without it and reflow runs its Python reference of the same loop (docs/reflow.md,
"Speed"). The source's digest is compiled in, so a test can tell a stale build."""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

SOURCE = "convert/_reflow_dp.c"
digest = hashlib.sha256((Path(__file__).parent / SOURCE).read_bytes()).hexdigest()

setup(
    ext_modules=[
        Extension(
            "convert._reflow_dp",
            [SOURCE],
            define_macros=[("SUBCONV_SOURCE_DIGEST", f'"{digest}"')],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
