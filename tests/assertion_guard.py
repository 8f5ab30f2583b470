"""A test that passes without asserting anything fails: it could not have caught a bug.

With ``enable_assertion_pass_hook`` (pyproject.toml), pytest rewrites every ``assert``
in test files and conftest so that a pass asks ``_check_if_assertion_pass_impl()``
whether to build an explanation; the guard replaces that helper with a counter.
``pytest.raises`` and ``pytest.warns`` are assertions too: they are counted when their
block raised or warned as required. A test's call phase that ends
with none of these fails with a message naming the test.

Loaded from tests/conftest.py. Set ``SUBCONV_ALLOW_NO_ASSERT=1`` to list such tests as
warnings instead (to survey a suite, never in CI).
"""

from __future__ import annotations

import os
from collections.abc import Generator
from types import TracebackType
from typing import Any

import pytest
from _pytest.assertion import rewrite as _rewrite

_count = [0]


def _count_pass() -> bool:
    """Count a passing ``assert`` and tell the rewritten code not to build its explanation.

    Rewritten asserts (``enable_assertion_pass_hook``) ask this helper, on every pass,
    whether a pass hook wants the explanation. Answering no keeps a passing assert as
    cheap as without the hook: the explanation of a big comparison is a diff, and
    building one per pass made the hypothesis tests minutes slower.
    """
    _count[0] += 1
    return False


if not callable(getattr(_rewrite, "_check_if_assertion_pass_impl", None)):
    raise ImportError(
        "tests/assertion_guard.py: this pytest has no _check_if_assertion_pass_impl; "
        "the guard cannot count asserts"
    )
_rewrite._check_if_assertion_pass_impl = _count_pass  # type: ignore[attr-defined]


class _Counted:
    """A ``pytest.raises``/``pytest.warns`` context that counts as an assertion when it
    exits without failing."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __enter__(self) -> Any:
        return self._inner.__enter__()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> Any:
        result = self._inner.__exit__(kind, value, traceback)
        if kind is None or result:
            _count[0] += 1
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _counting(real: Any) -> Any:
    def checked(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if len(args) > 1 and callable(args[1]):  # the call form ran the function already
            _count[0] += 1
            return result
        return _Counted(result)

    checked.__wrapped__ = real  # type: ignore[attr-defined]
    checked.__doc__ = real.__doc__
    return checked


pytest.raises = _counting(pytest.raises)  # type: ignore[assignment]
pytest.warns = _counting(pytest.warns)  # type: ignore[assignment]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    _count[0] = 0
    result = yield  # a failing test raises here, and is reported as it is
    if _count[0] == 0:
        message = (
            f"{item.nodeid} passed without asserting anything (no assert, pytest.raises or "
            "pytest.warns ran): it cannot fail; give it a real check (tests/assertion_guard.py)"
        )
        if os.environ.get("SUBCONV_ALLOW_NO_ASSERT"):
            item.warn(pytest.PytestWarning(message))
        else:
            raise pytest.fail.Exception(message, pytrace=False)
    return result
