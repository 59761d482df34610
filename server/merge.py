"""The merge rule on the server: a sync change applied to a stored record.

The same rule as the app's (static/js/record.js): per field, the value with the
newer stamp wins, an equal stamp keeps what is stored; a record is deleted iff
its delete stamp is newer than every field stamp, so a newer edit revives it and
a newer delete removes it. Because every replica keeps every field's newest
value and stamp, deleted or not, the result is the same whatever order changes
arrive in. Pure: no database, no Flask.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

APPLIED = "applied"
STALE = "stale"


@dataclass
class RecordState:
    """What the server holds of one record."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    field_hlcs: dict[str, str] = field(default_factory=dict)
    deleted_hlc: str | None = None

    @property
    def deleted(self) -> bool:
        return is_deleted(self.deleted_hlc, self.field_hlcs)

    @property
    def hlc(self) -> str:
        """The newest stamp of the record: of any field or its delete."""
        stamps = [*self.field_hlcs.values(), *([self.deleted_hlc] if self.deleted_hlc else [])]
        return max(stamps)


def is_deleted(deleted_hlc: str | None, field_hlcs: dict[str, str]) -> bool:
    if deleted_hlc is None:
        return False
    return all(deleted_hlc > stamp for stamp in field_hlcs.values())


@dataclass
class Outcome:
    state: RecordState
    status: str  # applied or stale
    changed: bool  # whether anything stored changed (then the record gets a new seq)


def apply_change(held: RecordState | None, kind: str, data: dict[str, Any], hlc: str,
                 deleted: bool) -> Outcome:
    """Merge one change (already validated) into what is held, or into nothing.

    `applied` when at least one of its fields (or its delete) won; `stale` when
    the server already held a stamp as new or newer for every field, or a
    tombstone as new or newer. A stale change can still bring a field value
    that no replica shows (a field set on a record that is deleted at a later
    stamp): it is kept, so that a later revive shows the same data everywhere.
    """
    state = copy.deepcopy(held) if held else RecordState(kind=kind)
    won = False
    if deleted:
        if state.deleted_hlc is None or hlc > state.deleted_hlc:
            state.deleted_hlc = hlc
            won = True
    else:
        for name, value in data.items():
            mine = state.field_hlcs.get(name)
            if mine is None or hlc > mine:
                state.data[name] = copy.deepcopy(value)
                state.field_hlcs[name] = hlc
                won = True
        if held is not None and held.deleted_hlc is not None and held.deleted_hlc >= hlc:
            return Outcome(state, STALE, changed=won)
    return Outcome(state, APPLIED if won else STALE, changed=won)
