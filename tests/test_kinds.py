"""server/kinds.py against the cases kinds.js is held to, and what the sync API relies on.

No app or database: validation is pure, so these run once, not once per database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import ValidationError

from server import fields, kind_table, kinds
from server.kinds import SCHEMAS, validate_data

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "cases" / "kinds.json").read_text(encoding="utf-8"))
NOW = dt.datetime.fromisoformat(CASES["now"])

START = "2026-11-25T08:30:00+01:00"
ACTIVITY = {
    "started_at": START,
    "duration_min": 30,
    "category": "physical",
    "intensity": "light",
    "name": "Shower",
}
MINIMAL = {
    "checkin": {"date": "2026-11-25"},
    "activity": ACTIVITY,
    "rest": {"started_at": START, "duration_min": 20, "kind": "lying"},
    "dose": {"taken_at": START, "substance": "naltrexone", "amount": 1.5, "unit": "mg"},
    "episode": {"started_at": START},
    "settings": {},
    "questionnaire": {"answered_at": START, "instrument": "dsq_pem"},
    "snapshot": {"taken_at": START, "energy": 4},
}


def label(case: dict) -> str:
    return f"{case['kind']}: {case['why']}"


def run(case: dict) -> dict[str, list[str]]:
    # As tests/js/kinds.test.mjs: now from the file, id only when the case has one.
    return validate_data(
        case["kind"],
        case["data"],
        record_id=case.get("id"),
        partial=case.get("partial", False),
        now=NOW,
    )


def check(kind: str, data, **options) -> dict[str, list[str]]:
    return validate_data(kind, data, now=NOW, **options)


def test_the_cases_file_covers_every_kind():
    assert tuple(SCHEMAS) == kinds.KINDS
    for kind in kinds.KINDS:
        assert any(c["kind"] == kind for c in CASES["valid"]), kind
        assert any(c["kind"] == kind for c in CASES["invalid"]), kind
    # The id is "given" when the key is there; null would be given in JS but not here.
    assert all(c.get("id", "") is not None for c in CASES["valid"] + CASES["invalid"])


@pytest.mark.parametrize("case", CASES["valid"], ids=label)
def test_valid_case(case):
    assert run(case) == {}


@pytest.mark.parametrize("case", CASES["invalid"], ids=label)
def test_invalid_case(case):
    errors = run(case)
    assert sorted(errors) == sorted(case["fields"])
    for messages in errors.values():
        assert messages
        assert all(isinstance(m, str) and m.endswith(".") for m in messages)


def test_messages_name_the_problem():
    day = {"date": "2026-11-25"}
    assert check("checkin", {**day, "energy": 11}) == {
        "energy": ["Use a whole number from 0 to 10."]
    }
    assert check("checkin", {**day, "energy": "5"})["energy"] == [
        "Use a whole number from 0 to 10."
    ]
    # Out of range and off the step: one message, naming both.
    assert check("checkin", {**day, "bell_score": 115})["bell_score"] == [
        "Use a whole number from 0 to 100 in steps of 10."
    ]
    assert "above 0" in check("dose", {**MINIMAL["dose"], "amount": 0})["amount"][0]
    assert "at most 5000" in check("checkin", {**day, "note": "x" * 5001})["note"][0]
    assert "moderate" in check("activity", {**ACTIVITY, "intensity": "x"})["intensity"][0]
    assert "YYYY-MM-DD" in check("checkin", {"date": "2026-02-30"})["date"][0]
    assert "future" in check("checkin", {"date": "2026-11-27"})["date"][0]
    assert (
        "offset"
        in check("activity", {**ACTIVITY, "started_at": "2026-11-25T08:30"})["started_at"][0]
    )
    assert check("activity", {**ACTIVITY, "calories": 3}) == {"calories": [kinds.UNKNOWN_FIELD]}
    assert check("activity", {"note": "ok"}, partial=True) == {}
    assert check("activity", {"name": None}, partial=True) == {"name": [fields.NOT_CLEARED]}
    assert check("rest", {})["kind"] == [fields.REQUIRED]
    assert check("episode", {"started_at": START, "symptoms": ["a"] * 51}) == {
        "symptoms": [fields.TOO_MANY]
    }
    assert check("episode", {"started_at": START, "ended_at": "2026-11-25T08:00:00+01:00"}) == {
        "ended_at": [kinds.BEFORE_START]
    }
    assert '"mood"' in check("mood", {})["_kind"][0]
    # Any id of the one form, for every kind (the hardening issue's contract).
    assert check("checkin", day, record_id="01a2374e-2e48-71fe-b772-edacede00001") == {}
    assert check("settings", {}, record_id="prefs") == {}
    assert check("settings", {}, record_id="prefs!") == {"_id": [kinds.RECORD_ID]}
    assert check("settings", "x") == {"_schema": [kinds.NOT_OBJECT]}


def test_a_snapshot_is_refused_field_by_field_in_words():
    """The snapshot (issue 12): energy as the check-in's, at most three symptoms, a time."""
    now = MINIMAL["snapshot"]
    four = {"fatigue": 1, "pain": 2, "headache": 3, "dizziness": 4}
    assert check("snapshot", {**now, "symptoms": four}) == {"symptoms": ["Use at most 3 items."]}
    assert check("snapshot", {**now, "symptoms": dict(list(four.items())[:3])}) == {}
    assert check("snapshot", {**now, "energy": 11}) == {
        "energy": ["Use a whole number from 0 to 10."]}
    assert check("snapshot", {"taken_at": START}) == {"energy": [fields.REQUIRED]}
    assert check("snapshot", {"energy": 4}) == {"taken_at": [fields.REQUIRED]}
    assert check("snapshot", {**now, "symptoms": {"fatigue": 12}}) == {
        "symptoms.fatigue": ["Use a whole number from 0 to 10."]}
    assert kind_table.TIME_FIELD["snapshot"] == "taken_at"


def test_a_float_with_an_integral_value_is_a_whole_number():
    # JSON 4.0 is 4 in JavaScript; Python's json makes it a float.
    assert check("checkin", {"date": "2026-11-25", "energy": 4.0, "bell_score": 30.0}) == {}
    assert check("activity", {**ACTIVITY, "duration_min": 30.0}) == {}
    assert check("checkin", {"date": "2026-11-25", "symptoms": {"fatigue": 3.0}}) == {}
    preset = {"name": "Shower", "category": "physical", "intensity": "light", "minutes": 15.0}
    assert check("settings", {"activity_presets": [preset]}) == {}
    loaded = SCHEMAS["checkin"](now=NOW).load(
        {"date": "2026-11-25", "energy": 4.0, "symptoms": {"fatigue": 3.0}}
    )
    assert loaded["energy"] == 4 and type(loaded["energy"]) is int
    assert type(loaded["symptoms"]["fatigue"]) is int
    assert list(check("checkin", {"date": "2026-11-25", "energy": 4.5})) == ["energy"]


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("checkin", "energy"),
        ("checkin", "sleep_hours"),
        ("dose", "amount"),
        ("dose", "effect"),
        ("settings", "theme"),
        ("activity", "name"),
    ],
)
@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_never_numbers_or_text(kind, field, value):
    assert list(check(kind, {**MINIMAL[kind], field: value})) == [field]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_numbers_must_be_finite(value):
    assert list(check("checkin", {"date": "2026-11-25", "sleep_hours": value})) == ["sleep_hours"]


@pytest.mark.parametrize("kind", kinds.KINDS)
def test_each_schema_loads_a_minimal_entry(kind):
    assert SCHEMAS[kind](now=NOW).load(MINIMAL[kind]) == MINIMAL[kind]


def test_a_schema_refuses_what_validate_data_refuses():
    with pytest.raises(ValidationError) as raised:
        SCHEMAS["activity"](now=NOW).load({**ACTIVITY, "duration_min": 0, "colour": "red"})
    assert set(raised.value.messages) == {"duration_min", "colour"}


def test_times_follow_javascript_not_python():
    day = {"date": "2026-11-25"}
    assert list(check("checkin", {"date": "2026-11-25\n"})) == ["date"]  # Python's $ would pass
    assert list(check("checkin", {"date": "２０２６-11-25"})) == ["date"]  # \d is ASCII in JS
    assert list(check("checkin", {"date": "0000-01-01"})) == ["date"]
    assert check("checkin", day, record_id="checkin-2026-11-25") == {}
    # Milliseconds, truncated: these two are the same instant to JavaScript.
    same = {"started_at": "2026-11-24T18:00:00.0009Z", "ended_at": "2026-11-24T18:00:00.0001Z"}
    assert check("episode", same) == {}
    # Far from now either way, and no datetime overflow once an offset applies.
    assert check("episode", {"started_at": "0001-01-01T00:00:00+01:00"}) == {}
    assert list(check("episode", {"started_at": "9999-12-31T23:59:59-14:00"})) == ["started_at"]


def test_now_decides_the_future_and_defaults_to_the_clock():
    later = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)
    assert validate_data("checkin", {"date": "2026-11-27"}, now=later) == {}
    assert list(check("checkin", {"date": "2026-11-27"})) == ["date"]
    assert validate_data("checkin", {"date": "2020-01-01"}) == {}
    assert list(validate_data("checkin", {"date": "3000-01-01"})) == ["date"]
    with pytest.raises(TypeError):
        validate_data("checkin", {"date": "2026-11-25"}, now=dt.datetime(2026, 11, 25))


def test_a_partial_edit_still_checks_nested_objects_whole():
    assert check("settings", {"activity_presets": [{"name": "Shower"}]}, partial=True) == {
        "activity_presets.0.category": [fields.REQUIRED],
        "activity_presets.0.intensity": [fields.REQUIRED],
        "activity_presets.0.minutes": [fields.REQUIRED],
    }
    assert list(check("settings", {"points_per_hour": {"light": 1}}, partial=True)) == [
        "points_per_hour.moderate",
        "points_per_hour.hard",
    ]
    # The same when flask-smorest loads with a partial schema.
    with pytest.raises(ValidationError):
        SCHEMAS["settings"](partial=True).load({"points_per_hour": {"light": 1}})


def test_odd_names_stay_ordinary_keys():
    data = {"date": "2026-11-25", "__proto__": 1, "_schema": 2}
    assert sorted(check("checkin", data)) == ["__proto__", "_schema"]
    rates = {"light": 1, "moderate": 2, "hard": 3, "_schema": 4}
    assert list(check("settings", {"points_per_hour": rates})) == ["points_per_hour._schema"]
    ratings = {"a.b": 11, "key": 3, "value": 12}
    assert sorted(check("checkin", {"date": "2026-11-25", "symptoms": ratings})) == [
        "symptoms.a.b",
        "symptoms.value",
    ]


def test_the_schemas_document_themselves():
    spec = APISpec("Envelope", "1", "3.0.3", plugins=[MarshmallowPlugin()])
    for kind, schema in SCHEMAS.items():
        spec.components.schema(kind, schema=schema)
    schemas = spec.to_dict()["components"]["schemas"]
    checkin = schemas["checkin"]["properties"]
    assert checkin["energy"]["type"] == "integer"
    assert (checkin["energy"]["minimum"], checkin["energy"]["maximum"]) == (0, 10)
    assert checkin["energy"]["nullable"] is True
    assert checkin["bell_score"]["multipleOf"] == 10
    assert checkin["date"]["format"] == "date"
    assert checkin["note"]["maxLength"] == 5000
    assert checkin["symptoms"]["maxProperties"] == fields.MAX_ITEMS
    assert schemas["checkin"]["required"] == ["date"]
    activity = schemas["activity"]["properties"]
    # ISO 8601 with an offset, seconds optional: the pattern the server reads (the app's
    # document drops RFC 3339's narrower date-time format: test_openapi.py).
    assert activity["started_at"]["pattern"] == fields.DATETIME_PATTERN
    assert activity["category"]["enum"] == list(kinds.CATEGORIES)
    assert activity["points"]["type"] == "number"
    settings = schemas["settings"]["properties"]
    assert settings["symptoms"]["maxItems"] == fields.MAX_ITEMS
    assert settings["symptoms"]["items"]["maxLength"] == 100


def test_the_apps_kinds_are_made_from_the_servers_table():
    """One source: static/js/kinds.generated.js is server/kind_table.py written out."""
    from server import kind_table
    from server.__main__ import GENERATED

    assert GENERATED.read_text(encoding="utf-8") == kind_table.generated_js(), (
        "static/js/kinds.generated.js is out of date with server/kind_table.py: run "
        "`make kinds`, then `make bundle`, and commit both")


def test_the_schemas_are_the_tables_limits():
    """The marshmallow side reads the same table: a limit there is a limit here."""
    from server import kind_table

    for kind, specs in kind_table.KINDS.items():
        schema = kinds.SCHEMAS[kind]()
        assert set(schema.fields) == set(specs), kind
        for name, spec in specs.items():
            assert schema.fields[name].required == spec.get("required", False), (kind, name)
            if spec["type"] in ("int", "number"):
                if not spec.get("exclusiveMin"):
                    low = spec["min"]
                    assert name not in validate_data(kind, {name: low}, partial=True), kind
                too_high = spec["max"] + (spec.get("step") or 1)
                assert name in validate_data(kind, {name: too_high}, partial=True), (kind, name)


JS_CODES = """
import { readFileSync } from 'node:fs';
import { validateData } from './static/js/kinds.js';
const cases = JSON.parse(readFileSync('tests/cases/kinds.json', 'utf8'));
const now = Date.parse(cases.now);
const codes = cases.invalid.map((c) =>
  validateData(c.kind, c.data, { now, id: c.id, partial: c.partial ?? false }));
process.stdout.write(JSON.stringify(codes));
"""


def test_the_server_refuses_with_the_apps_codes_for_every_case():
    """The server says what was wrong as kinds.js does (code and params), so the app can word
    any refusal itself: for every invalid case, field by field, the same codes."""
    import shutil
    import subprocess

    from tests.support import ROOT, need

    need(shutil.which("node") is not None, "node is not installed", "ENVELOPE_TEST_REQUIRE_BROWSER")
    found = subprocess.run(["node", "--input-type=module", "-e", JS_CODES], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    for case, js in zip(CASES["invalid"], json.loads(found.stdout), strict=True):
        assert kinds.codes_of(run(case)) == js, label(case)


def test_every_entry_kind_has_a_time_field_and_settings_none():
    # A clinician's reads filter by the entry's day, through this table.
    assert set(kind_table.TIME_FIELD) == set(kind_table.KINDS) - {"settings"}
    for kind, field in kind_table.TIME_FIELD.items():
        assert kind_table.KINDS[kind][field]["type"] in ("date", "datetime"), kind
