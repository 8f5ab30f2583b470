"""The no-assert guard itself: a test with no check fails, every kind of check counts."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

pytest_plugins = ("pytester",)

CASES = """
import pytest

def test_asserts():
    assert 1 + 1 == 2

def test_raises():
    with pytest.raises(ZeroDivisionError):
        1 / 0

def test_raises_call_form():
    pytest.raises(ZeroDivisionError, lambda: 1 / 0)

def test_warns():
    import warnings
    with pytest.warns(UserWarning):
        warnings.warn("w")

def test_nothing():
    x = 1 + 1

def test_raises_but_nothing_raised():
    with pytest.raises(ZeroDivisionError):
        pass

def test_big_comparison_passes():
    text = "word " * 200_000
    for _ in range(50):
        assert text == "word " * 200_000
"""


def test_the_guard_fails_tests_without_a_check(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\nenable_assertion_pass_hook = true\n")
    pytester.makepyfile(test_cases=CASES)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess("-p", "tests.assertion_guard", "-q", "-rf")
    outcomes = result.parseoutcomes()
    assert outcomes == {"passed": 5, "failed": 2}, result.stdout.str()
    failed = [line for line in result.stdout.lines if line.startswith("FAILED")]
    assert sorted(line.split("::")[1].split()[0] for line in failed) == [
        "test_nothing",
        "test_raises_but_nothing_raised",
    ]
    assert "test_cases.py::test_nothing passed without asserting anything" in result.stdout.str()
