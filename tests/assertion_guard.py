"""A test that passes without asserting anything fails: it could not have caught a bug.

pytest calls ``pytest_assertion_pass`` for every ``assert`` that passes in a rewritten
module (test files and conftest; ``enable_assertion_pass_hook`` in pyproject.toml turns
the hook on). ``pytest.raises`` and ``pytest.warns`` are assertions too: they are
counted when their block raised or warned as required. A test's call phase that ends
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

_count = [0]


def pytest_assertion_pass(item: pytest.Item, lineno: int, orig: str, expl: str) -> None:
    _count[0] += 1


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
