"""Types of reflow's optional compiled kernel (convert/_reflow_kernel.c); each function's
Python reference is named in convert/reflow.py."""

from collections.abc import Callable

SOURCE_DIGEST: str

def word_times(
    text: list[str], space: list[int], spans: list[tuple[int, int, int, int]], uneven: set[int]
) -> tuple[list[int], list[int], list[int], int]: ...
def gap_codes(
    text: list[str], ahead: dict[str, int], behind: dict[str, int], table: list[int], last: int
) -> list[int]: ...
def layout_arrays(
    codes: list[int],
    starts: list[int],
    ends: list[int],
    cue_firsts: list[int],
    timed: list[tuple[int, int]],
    line_starts: list[int],
    prefix: list[int],
    line: int,
    max_ms: int,
    constants: tuple[int, int, int, int, int, int],
) -> tuple[list[int], list[int], list[int], list[int]]: ...
def cues(
    candidates: list[int],
    numbers: tuple[int, ...],
    arrays: tuple[list[int], ...],
    lines_for: Callable[[int, int], tuple[int, list[int]] | None],
) -> list[int]: ...
def line_breaks(
    firsts: list[int],
    stops: list[int],
    prefix: list[int],
    space: list[int],
    effective: list[int],
    table: list[int],
    line: int,
    lines: int,
    shape: tuple[int, int, int],
) -> list[int]: ...
def chosen_times(
    bounds: list[int],
    segment: list[int],
    word_starts: list[int],
    word_ends: list[int],
    prefix: list[int],
    space: list[int],
    starts_of: list[int],
    need: list[int],
    min_ms: int,
    max_ms: int,
    gap_ms: int,
    cps_num: int,
    cps_den: int,
) -> tuple[list[int], list[int], list[int], list[int]]: ...
def cue_bodies(
    text: list[str], firsts: list[int], stops: list[int], splits: list[int], special: list[int]
) -> list[str | None]: ...
