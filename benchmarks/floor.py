"""The floor for transcript -> SRT: regex-parse the bullets, f-string-write SRT, nothing else.

No header, no validation, no escaping, no atomic write: what no real converter can beat by
much in Python. ``python floor.py IN.md OUT.srt``
"""

import re
import sys

BULLET = re.compile(r"^\*  (.*) \[\[[^\]]*\]\([^)]*[?&#]t=(\d+)(?:\.(\d+))?s?\)\]$", re.M)


def clock(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def main(source: str, dest: str) -> None:
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    found = BULLET.findall(text)
    starts = [int(s) * 1000 + int((f + "00")[:3]) for _, s, f in found]
    ends = [*starts[1:], starts[-1] + 2000] if starts else []
    blocks = [
        f"{n}\n{clock(a)} --> {clock(b)}\n{line}\n\n"
        for n, ((line, _, _), a, b) in enumerate(zip(found, starts, ends, strict=True), 1)
    ]
    with open(dest, "w", encoding="utf-8") as handle:
        handle.write("".join(blocks))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
