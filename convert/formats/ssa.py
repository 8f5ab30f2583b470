"""SubStation Alpha v4 (.ssa): the SubStation adapter (:mod:`.ass`) writing the v4 sections."""

from __future__ import annotations

from .ass import SubStation

CODEC = SubStation("ssa")
