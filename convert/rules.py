"""The rule registry: every code subconv reports, with its severity, summary and fix.

This table is the only source of codes and severities. A :class:`~convert.errors.Problem`
takes its severity from here; ``subconv check`` selects, grades and fixes by it;
``subconv rules`` prints it; docs/rules.md is generated from it::

    python -m convert.rules --markdown > docs/rules.md

and tests/test_rules.py fails when the page, the table and the codes the code emits
disagree. It imports nothing from the package, so any module may use it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
Kind = Literal["read", "timing", "readability", "format", "conversion"]

_NOUNS = {"srt": "SRT", "vtt": "WebVTT", "transcript": "transcript"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One code."""

    code: str
    severity: Severity
    kind: Kind
    """``read``: found by a reader; ``timing``/``readability``/``format``: check's rules
    over the cues; ``conversion``: only a conversion reports it."""
    summary: str
    """One line, as ``subconv rules`` prints it."""
    description: str
    """What the documentation says (Markdown)."""
    fixable: tuple[str, ...] = ()
    """Formats in which ``check --fix`` repairs it."""
    fix: str = ""
    """What the fix does."""
    warning_in: tuple[str, ...] = ()
    """Formats where the rule is only a warning (an overlap is legal in WebVTT)."""
    refuses: bool = False
    """A conversion refuses the file (unless ``--lenient``): part of it cannot be read."""

    def severity_in(self, fmt: str | None, *, strict: bool = False) -> Severity:
        """The severity for a file of format ``fmt``; ``strict`` makes readability errors."""
        if fmt in self.warning_in:
            return "warning"
        if strict and self.kind == "readability":
            return "error"
        return self.severity

    def severity_text(self) -> str:
        if self.kind == "readability":
            return f"{self.severity} (`--strict`: error)"
        if self.warning_in:
            other = "warning" if self.severity == "error" else "error"
            where = ", ".join(_NOUNS.get(f, f) for f in self.warning_in)
            return f"{self.severity} ({other} in {where})"
        return self.severity

    def fix_text(self) -> str:
        if not self.fixable:
            return ""
        return ", ".join(_NOUNS.get(f, f) for f in self.fixable) + ": " + self.fix

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "kind": self.kind,
            "summary": self.summary,
            "description": self.description,
            "fixable": list(self.fixable),
            "fix": self.fix or None,
            "warning_in": list(self.warning_in),
        }


_CAPTIONS = ("srt", "vtt")

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "E001",
            "error",
            "read",
            "malformed block or timestamp: the block cannot be read",
            "a block or timestamp cannot be read (malformed timing line, SRT block without "
            "one, negative SRT time, transcript line that is not a bullet, a heading in meeting "
            "notes that is not a turn, unreadable `t=`, missing `WEBVTT` signature)",
            refuses=True,
        ),
        Rule(
            "E101",
            "error",
            "timing",
            "start goes backwards, before the previous cue's start",
            "a start goes backwards, before the previous cue's start",
            fixable=_CAPTIONS,
            fix="cues sorted by start",
        ),
        Rule(
            "E102",
            "error",
            "timing",
            "transcript bullet starts at the same time as the previous one",
            "a transcript bullet starts at the same time as the previous one (its end "
            "cannot be inferred)",
        ),
        Rule(
            "E103",
            "error",
            "timing",
            "end is not after start",
            "a cue's end is not after its start",
        ),
        Rule(
            "E104",
            "error",
            "timing",
            "cue still showing when the next starts",
            "a cue is still showing when the next one starts",
            fixable=("srt",),
            fix="end trimmed to the next start",
            warning_in=("vtt",),
        ),
        Rule(
            "E105",
            "error",
            "read",
            "transcript label and its t= disagree by a second or more",
            "a transcript's label and its link's `t=` disagree by a second or more (or the "
            "label is not `MM:SS`/`HH:MM:SS`)",
        ),
        Rule(
            "E106",
            "error",
            "timing",
            "cue past the header's Length",
            "a cue is past the header's `Length`: a transcript bullet starts (a caption "
            "ends) a second or more after it, since `Length` is whole seconds",
        ),
        Rule(
            "E107",
            "error",
            "read",
            "transcript has no timestamps at all",
            "a transcript has no timestamps at all",
        ),
        Rule(
            "W001",
            "warning",
            "read",
            "text after an SRT timing line is ignored",
            "text after an SRT timing line (coordinates) is ignored",
        ),
        Rule(
            "W002",
            "warning",
            "read",
            "blank line inside SRT cue text",
            "a blank line inside SRT cue text",
        ),
        Rule(
            "W003",
            "warning",
            "read",
            "WebVTT STYLE or REGION block after the first cue is ignored",
            "a WebVTT STYLE or REGION block after the first cue is ignored",
        ),
        Rule(
            "W004",
            "warning",
            "read",
            "unreadable subconv metadata NOTE in WebVTT",
            "the subconv metadata NOTE in a WebVTT file cannot be read",
        ),
        Rule(
            "W005",
            "warning",
            "read",
            "not UTF-8: the encoding was guessed",
            "not UTF-8: the encoding was guessed",
        ),
        Rule(
            "W006",
            "warning",
            "read",
            "timing was estimated from Length (--estimate-timing), not read",
            "timing was estimated from `Length` (`--estimate-timing`), not read: said by the "
            "conversion that estimates it, and by `check` and every conversion of a file marked "
            "as estimated (a transcript's mark line, the WebVTT metadata NOTE, JSON's "
            "`estimated_timing`; see [transcripts.md](transcripts.md))",
        ),
        Rule(
            "W007",
            "warning",
            "conversion",
            "the target format cannot hold something, which was dropped",
            "conversion only: something the target format cannot hold was dropped (markup, "
            "cue settings, ids, blocks)",
        ),
        Rule(
            "W008",
            "warning",
            "read",
            "two meeting-notes turns start together: kept in one cue",
            "two turns of meeting notes start at the same time: they are kept in one cue, each "
            "turn with its speaker",
        ),
        Rule(
            "W010",
            "warning",
            "read",
            "SRT file ends after a cue number (cut short?)",
            "SRT: the file ends after a cue number (cut short?)",
        ),
        Rule(
            "W011",
            "warning",
            "read",
            "SRT minutes or seconds of 60 or more, read as a count",
            "SRT: minutes or seconds of 60 or more, read as a count",
        ),
        Rule(
            "W012",
            "warning",
            "read",
            "SRT cue starts without a blank line before it",
            "SRT: a cue starts without a blank line before it",
        ),
        Rule(
            "W013",
            "warning",
            "read",
            "WebVTT block that is not a cue and holds no text is ignored",
            "WebVTT: a block that is not a cue and holds no lost text (NOTE/STYLE with `-->`, "
            "only spaces, old `Region:` line) is ignored",
        ),
        Rule(
            "W014",
            "warning",
            "conversion",
            "YouTube rolling auto-captions unrolled, repeated lines removed",
            "conversion only: YouTube rolling auto-captions were unrolled into the lines as "
            "spoken, repeated lines removed (`--keep-rolling` keeps them; see "
            "[recognizers.md](recognizers.md))",
        ),
        Rule(
            "W015",
            "warning",
            "conversion",
            "unknown keys in a subconv JSON input are ignored",
            "conversion only: a subconv JSON input has keys outside its form (named, with the "
            "line of the first); they are ignored",
        ),
        Rule(
            "W016",
            "warning",
            "conversion",
            "--word-timestamps given, but the input has no word times",
            "conversion only: `--word-timestamps` writes the word times a recognizer or "
            "YouTube gave; this input has none, so the output has none either",
        ),
        Rule(
            "W301",
            "warning",
            "read",
            "what the ttconv engine reported while reading TTML or SCC",
            "TTML, SCC: what the ttconv engine reported while reading (a style it ignores, no "
            "`xml:lang`): its first message and how many more",
        ),
        Rule(
            "W302",
            "warning",
            "read",
            "SBV timing line with no text after it",
            "SBV: a timing line with no text after it (an empty cue)",
        ),
        Rule(
            "W303",
            "warning",
            "read",
            "SAMI SYNC starts before the one above it",
            "SAMI: a `SYNC` starts before the one above it",
        ),
        Rule(
            "W304",
            "warning",
            "read",
            "TTML or SCC paragraph with no end in the file",
            "TTML, SCC: a paragraph has no end in the file; it ends at the document's last "
            "change, else 10 s after its start (as in ttconv's own converters)",
        ),
        Rule(
            "W305",
            "warning",
            "read",
            "a header value ignored or overridden",
            "LRC: an `[offset:]` that is not a number is ignored; MicroDVD: the file's frame "
            "rate differs from `--fps`, which is used",
        ),
        Rule(
            "W306",
            "warning",
            "read",
            "SAMI file with several language classes: the first is read",
            "a SAMI file holds several languages side by side (`<P Class=KRCC>`, "
            "`<P Class=ENCC>`); the first class with text is read, the others are named",
        ),
        Rule(
            "W101",
            "warning",
            "readability",
            "shown too briefly to read (under min-duration)",
            "shown for less than `min-duration` (5/6 s)",
        ),
        Rule(
            "W102",
            "warning",
            "readability",
            "shown too long (over max-duration)",
            "shown for more than `max-duration` (7 s)",
        ),
        Rule(
            "W103",
            "warning",
            "readability",
            "reading speed over max-cps characters per second",
            "reading speed over `max-cps` (20) characters per second",
        ),
        Rule(
            "W104",
            "warning",
            "readability",
            "line longer than max-line-length characters",
            "a caption line longer than `max-line-length` (42) characters",
        ),
        Rule(
            "W105",
            "warning",
            "readability",
            "more than max-lines lines",
            "a caption with more than `max-lines` (2) lines",
        ),
        Rule(
            "W106",
            "warning",
            "readability",
            "gap to the next cue under min-gap-frames frames (0, chained, is fine)",
            "a gap to the next cue of more than 0 but under `min-gap-frames` (2) frames at "
            "`fps` (24)",
        ),
        Rule(
            "W201",
            "warning",
            "format",
            "SRT cue number missing or out of sequence",
            "an SRT cue number missing, or not one more than the number before",
            fixable=("srt",),
            fix="renumbered 1, 2, 3, ...",
        ),
    )
}


def rule(code: str) -> Rule:
    """The rule for ``code``; a code missing from the table is a programming error."""
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"{code!r} is not in the rule registry (convert/rules.py)") from None


def severity_of(code: str, fmt: str | None = None, *, strict: bool = False) -> Severity:
    return rule(code).severity_in(fmt, strict=strict)


# --- what `subconv rules` and docs/rules.md show --------------------------------------------


def text(rules: list[Rule] | None = None) -> str:
    """One line per rule: code, severity, summary, and the fix if there is one."""
    lines = []
    for item in rules if rules is not None else RULES.values():
        fix = f" [fix: {item.fix_text()}]" if item.fixable else ""
        severity = item.severity_text().replace("`", "")
        lines.append(f"{item.code}  {severity:<25}  {item.summary}{fix}")
    return "".join(line + "\n" for line in lines)


def as_json(rules: list[Rule] | None = None) -> str:
    chosen = rules if rules is not None else list(RULES.values())
    return json.dumps([r.to_dict() for r in chosen], indent=2, ensure_ascii=False) + "\n"


_MARKDOWN_HEAD = """\
# Rules

<!-- Generated from convert/rules.py by `python -m convert.rules --markdown > docs/rules.md`;
edit the registry, not this page (tests/test_rules.py compares them). -->

Errors (`E`) fail the check; warnings (`W`) are reported but never fail, except
that `--strict` turns the readability warnings `W1xx` into errors. An overlap is an
error in transcripts and SRT but only a warning in WebVTT, where overlapping cues are
legal. Fixable: what `--fix` repairs. `subconv rules` prints this table (`--format json`
for scripts).

| code | severity | rule | fixable |
|---|---|---|---|
"""

_MARKDOWN_TAIL = """
How the readability rules measure: characters are those shown (markup tags removed,
line breaks not counted); a transcript bullet lasts until the next bullet starts, and
the last one until `Length` (without `Length` its duration is unknown and not
checked). `W104` and `W105` apply to captions only: a transcript bullet is a segment,
not a displayed line. The turns of meeting notes are speech, not displayed captions: no
readability rule applies to them (check the captions `--reflow` makes of them). A gap of 0
(chained cues) is fine. The default figures are the Netflix timed-text style guide's. Codes
`W007`, `W014`, `W015` and `W016` appear only in conversions (markup a format cannot hold;
rolling captions unrolled; unknown JSON keys; `--word-timestamps` without word times), and so
do `W3xx`, which come from the formats
`check` does not read ([formats](formats.md)).
"""


def markdown() -> str:
    """docs/rules.md."""
    rows = "".join(
        f"| `{r.code}` | {r.severity_text()} | {r.description} | {r.fix_text()} |\n".replace(
            " |  |\n", " | |\n"
        )
        for r in RULES.values()
    )
    return _MARKDOWN_HEAD + rows + _MARKDOWN_TAIL


def main(argv: list[str]) -> int:
    """``python -m convert.rules [--markdown | --json]``."""
    if argv == ["--markdown"]:
        sys.stdout.write(markdown())
    elif argv == ["--json"]:
        sys.stdout.write(as_json())
    elif not argv:
        sys.stdout.write(text())
    else:
        print("usage: python -m convert.rules [--markdown | --json]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
