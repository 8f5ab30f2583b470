"""What both dialects of the Markdown transcript share: timestamp links and front matter.

A timestamp link is ``[[LABEL](URL)]``: the start comes from the URL's ``t=``
(rounded once to the millisecond, with integer arithmetic), else from the label.
YouTube writes the label as the whole seconds of ``t=`` (truncated), so the two agree
when they differ by less than a second, compared exactly, before any rounding.
"""

from __future__ import annotations

import re

from ..errors import ParseError, Problem
from ..timecode import clock, fraction_ms, parse_duration

TAIL = re.compile(r"\[\[([^\[\]]*)\]\(([^()\s]*)\)\][ \t]*$")
"""The timestamp link at the end of a line."""
T_PARAM = re.compile(r"([?&#])t=([^&#]*)")
# ASCII digits only, and bounded runs: int() refuses more than 4,300 digits, and twelve
# digits of seconds are already 30,000 years. A longer run is a time that cannot be read.
_LABEL = re.compile(r"([0-9]{1,11}):([0-9]{1,2})(?::([0-9]{1,2}))?(?:\.([0-9]+))?")
HEADER_KEY = re.compile(r"([A-Za-z][A-Za-z0-9 _-]*):(.*)")
DESCRIPTION_KEY = "Video Description"
HEADER_KEYS = frozenset(
    {
        "Date Generated",
        "Transcription Model",
        "Length",
        "Video Keywords",
        "Video Views",
        "Video Rating",
        DESCRIPTION_KEY,
    }
)
ESTIMATED_MARK = (
    "<!-- subconv: timing estimated from Length (--estimate-timing); "
    "these timestamps are not exact -->"
)
"""The line that marks a transcript whose starts were estimated (an HTML comment, so
rendered Markdown does not show it); it stands just before the first bullet or turn."""
_MARK_PREFIX = "<!-- subconv: timing estimated"


def is_estimated_mark(line: str) -> bool:
    """The estimated-timing line, as subconv writes it (its wording may change)."""
    line = line.strip()
    return line.startswith(_MARK_PREFIX) and line.endswith("-->")


def estimated_problem(line: int) -> Problem:
    return Problem(
        line,
        "timing was estimated from Length (--estimate-timing), not read: starts are not exact",
        code="W006",
    )


fraction_to_ms = fraction_ms
"""Half-up rounding of fraction digits (:func:`convert.timecode.fraction_ms`)."""


def parse_t_value(value: str) -> int | None:
    """A YouTube ``t=`` value in ms (``4.38s``, ``6.0600000000000005s``, ``100``,
    ``1m40s``), read with the one duration grammar; None when it is not one."""
    if not value or value[:1] in "+-" or value != value.strip():
        return None
    try:
        return parse_duration(value)
    except ValueError:
        return None


def _t_parts(value: str) -> tuple[int, str] | None:
    """A ``t=`` value as whole seconds and the digits of its fraction, exactly: the
    fraction's digits set aside, the rest read by :func:`parse_t_value`."""
    dot = value.find(".")
    if dot < 0:
        digits, rest = "", value
    else:
        end = dot + 1
        while end < len(value) and "0" <= value[end] <= "9":
            end += 1
        digits, rest = value[dot + 1 : end], value[:dot] + value[end:]
    whole = parse_t_value(rest)
    return None if whole is None else (whole // 1000, digits)


def label_gap(label_ms: int, t_value: str) -> tuple[int, int] | None:
    """How far a label is from the exact ``t=`` value, as the fraction (numerator,
    denominator) of a second, with integers only (no rounding, no floats)."""
    parts = _t_parts(t_value)
    if parts is None:
        return None
    whole, digits = parts
    # Thirty decimals decide whether the gap is under a second for any label of whole
    # milliseconds; more would only feed int() a number it may refuse.
    digits = digits[:30]
    scale = 10 ** len(digits)
    exact = (whole * scale + (int(digits) if digits else 0)) * 1000
    return abs(label_ms * scale - exact), 1000 * scale


def parse_label(label: str) -> int | None:
    """``MM:SS`` or ``HH:MM:SS`` (hours may have any number of digits) in ms."""
    match = _LABEL.fullmatch(label.strip())
    if not match:
        return None
    first, second, third, fraction = match.groups()
    if third is None:
        hours, minutes, seconds = 0, int(first), int(second)
    else:
        hours, minutes, seconds = int(first), int(second), int(third)
    if seconds > 59 or (third is not None and minutes > 59):
        return None
    return (hours * 3600 + minutes * 60 + seconds) * 1000 + fraction_ms(fraction or "")


def label_agrees(label_ms: int, t_value: str) -> bool:
    """Whether a label is within a second of the exact ``t=`` (a truncated label is)."""
    gap = label_gap(label_ms, t_value)
    return gap is not None and gap[0] < gap[1]


def format_label(ms: int) -> str:
    """``HH:MM:SS``, seconds rounded down, as the transcripts write it."""
    return clock(ms, millis=False)


def format_t_value(ms: int) -> str:
    """Shortest millisecond form: ``4.38s``, ``6.06s``, ``0.0s``, ``166.0s``."""
    seconds, millis = divmod(ms, 1000)
    fraction = f"{millis:03d}".rstrip("0") or "0"
    return f"{seconds}.{fraction}s"


def strip_t_param(url: str) -> str | None:
    """The video URL a timestamp link points into, without its ``t=``."""
    match = T_PARAM.search(url)
    if not match:
        return url or None
    start, end = match.span()
    if match.group(1) == "?":
        rest = url[end:]
        base = url[:start] + ("?" + rest[1:] if rest.startswith("&") else rest)
    else:
        base = url[:start] + url[end:]
    return base or None


def link_prefix(url: str | None) -> str:
    """What a link is written as before its ``t=`` value: ``URL&t=``, ``URL?t=`` or ``#t=``."""
    if url is None:
        return "#t="
    return url + ("&t=" if "?" in url else "?t=")


def read_link(label: str, url: str, line: int, problems: list[Problem]) -> int:
    """The start of ``[[label](url)]`` in ms; a label that disagrees with ``t=`` or
    cannot be read is an E105 warning (``t=`` wins). Raises when neither can be read."""
    label_ms = parse_label(label)
    t_match = T_PARAM.search(url)
    if t_match is None:
        if label_ms is None:
            raise ParseError(f"cannot read the timestamp label {label!r}", line=line)
        return label_ms
    value = t_match.group(2)
    start = parse_t_value(value)
    if start is None:
        raise ParseError(f"cannot read the time in {t_match.group(0)[1:]!r}", line=line)
    if label_ms is None:
        problems.append(
            Problem(line, f"timestamp label {label!r} is not MM:SS or HH:MM:SS", code="E105")
        )
    else:
        gap = label_gap(label_ms, value)
        if gap is not None and gap[0] >= gap[1]:
            problems.append(
                Problem(
                    line,
                    f"label {label} and t={value} disagree by {gap[0] / gap[1]:.3g} s; "
                    "the t= value is used",
                    code="E105",
                )
            )
    return start


def length_from_header(header: str) -> int | None:
    """The ``Length:`` key of a header in ms (``169s``, ``169``, ``2:49``, ``1m30``), read
    with the one duration grammar; None when there is none or it is not a duration."""
    for key, value in header_keys(header):
        if key == "Length":
            try:
                return parse_duration(value)
            except ValueError:
                return None
    return None


def header_keys(header: str) -> list[tuple[str, str]]:
    """``Key: value`` pairs before ``Video Description``, which runs to the header's end."""
    pairs = []
    for line in header.split("\n"):
        match = HEADER_KEY.match(line)
        if not match:
            continue
        key = match.group(1).strip()
        pairs.append((key, match.group(2)))
        if key == DESCRIPTION_KEY:
            break
    return pairs


def front_matter(lines: list[str]) -> tuple[str | None, int]:
    """The header between a first ``---`` line and the next one, and the index of the line
    after it; ``(None, 0)`` without front matter. Raises when it is never closed."""
    if not lines or lines[0].rstrip() != "---":
        return None, 0
    for close in range(1, len(lines)):
        if lines[close].rstrip() == "---":
            return "\n".join(lines[1:close]), close + 1
    raise ParseError("front matter opened with '---' is never closed", line=1)
