"""The shared merge cases (tests/cases/merge.json) against the server's merge.

The app runs the same file against its own merge (tests/js/merge.test.mjs), so
the rule written twice cannot drift apart.
"""

from __future__ import annotations

import itertools
import json

import pytest

from server.merge import APPLIED, STALE, RecordState, apply_change
from tests.support import ROOT

CASES = json.loads((ROOT / "tests" / "cases" / "merge.json").read_text())["cases"]


def start_of(case):
    start = case["start"]
    if start is None:
        return None
    return RecordState(case["kind"], dict(start["data"]), dict(start["field_hlcs"]),
                       start["deleted_hlc"])


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_every_order_reaches_the_same_record(case):
    for order in itertools.permutations(case["changes"]):
        held = start_of(case)
        for change in order:
            held = apply_change(held, case["kind"], change["data"], change["hlc"],
                                change["deleted"]).state
        got = {"data": held.data, "field_hlcs": held.field_hlcs, "deleted": held.deleted,
               "deleted_hlc": held.deleted_hlc}
        assert got == case["expect"], [c["hlc"][17:19] for c in order]


STAMP = "2026-11-25T08:30:0{}.000Z-0000-0123456789abcdef"


def test_status_says_whether_anything_won():
    first = apply_change(None, "checkin", {"date": "2026-11-25"}, STAMP.format(1), False)
    assert first.status == APPLIED and first.changed
    retry = apply_change(first.state, "checkin", {"date": "2026-11-25"}, STAMP.format(1), False)
    assert retry.status == STALE and not retry.changed
    newer = apply_change(first.state, "checkin", {"energy": 3}, STAMP.format(2), False)
    assert newer.status == APPLIED
    deleted = apply_change(newer.state, "checkin", {}, STAMP.format(4), True)
    assert deleted.status == APPLIED and deleted.state.deleted
    # Behind the tombstone: stale, though its field is kept for a later revive.
    late = apply_change(deleted.state, "checkin", {"mood": 5}, STAMP.format(3), False)
    assert late.status == STALE and late.changed and late.state.data["mood"] == 5
    assert late.state.deleted
    old_delete = apply_change(deleted.state, "checkin", {}, STAMP.format(3), True)
    assert old_delete.status == STALE and not old_delete.changed
    revived = apply_change(deleted.state, "checkin", {"energy": 4}, STAMP.format(5), False)
    assert revived.status == APPLIED and not revived.state.deleted
