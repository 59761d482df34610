"""The kinds of entry, their fields and limits: the server's mirror of static/js/kinds.js.

The browser checks an entry with kinds.js before it saves it; the server checks it again here
before it accepts it from a sync. Both are held to the same cases, tests/cases/kinds.json
(node --test tests/js/kinds.test.mjs and tests/test_kinds.py), so a rule changed in one must
change in the other, and the cases file is where the change is agreed.

Each kind is a marshmallow Schema, so flask-smorest can load with it and document it: types,
ranges, lengths and enums come from the fields and their validators. `validate_data` runs one
and reports errors under the keys kinds.js uses: a top-level field, a dotted path for a nested
one ("symptoms.fatigue", "activity_presets.1.minutes"), or one of "_kind", "_id", "_schema".
Where kinds.js returns codes for a message catalogue, this returns the messages themselves.

Loading gives back what was sent (times stay the strings they were written as, since the offset
is the person's local day), except that a whole number sent as 4.0 comes back as 4.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, validates_schema

from .errors import add_messages, flatten_fields
from .fields import (
    CalendarDate,
    Choice,
    Number,
    Object,
    OffsetDateTime,
    ShortList,
    SymptomRatings,
    Text,
    WholeNumber,
    datetime_millis,
    instant_millis,
)

KINDS = ("checkin", "activity", "rest", "dose", "episode", "settings")
CATEGORIES = ("physical", "cognitive", "emotional", "social", "sensory", "orthostatic")
INTENSITIES = ("light", "moderate", "hard")
REST_KINDS = ("lying", "nap", "meditation", "sitting", "other")
UNITS = ("mg", "g", "mcg", "ml", "drops", "tablet", "capsule", "puff", "IU", "other")
SEVERITIES = ("mild", "moderate", "severe", "very_severe")
THEMES = ("system", "light", "dark", "dim")

UNKNOWN_FIELD = "There is no field by this name here."
NOT_OBJECT = "Send the entry's fields as an object of names and values."
BEFORE_START = "The end is before the start."
RECORD_ID = "Use an id of 1 to 64 letters, digits, hyphens or underscores."
_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)  # static/js/ids.js ID_PATTERN


def _note() -> Text:
    return Text(0, 5000)


def _names() -> ShortList:
    return ShortList(Text(1, 100, allow_none=False))


class _Strict(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": UNKNOWN_FIELD, "type": NOT_OBJECT}


class EntrySchema(_Strict):
    """The data of an entry. `now` (aware) decides what is "more than a day in the future"."""

    def __init__(self, *args: Any, now: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if now is not None:
            instant_millis(now)  # refuse a naive now here, not at the first time field
        self.now = now


class CheckinSchema(EntrySchema):
    """A day's check-in. The app's own id for it is checkin-<date>: one check-in a day."""

    date = CalendarDate(required=True, doc="The person's local calendar day.")
    energy = WholeNumber(0, 10)
    mood = WholeNumber(0, 10)
    sleep_hours = Number(0, 24)
    sleep_quality = WholeNumber(0, 10)
    symptoms = SymptomRatings(doc="Rating of each symptom, 0 (none) to 10 (worst).")
    resting_hr = WholeNumber(25, 220, doc="Resting heart rate, beats per minute.")
    hrv_ms = WholeNumber(1, 300, doc="Heart rate variability, milliseconds.")
    upright_hours = Number(0, 24)
    bell_score = WholeNumber(0, 100, step=10, doc="Bell CFIDS disability scale.")
    energy_available = WholeNumber(0, 100)
    energy_used = WholeNumber(0, 100)
    note = _note()


class ActivitySchema(EntrySchema):
    """Something done that spends energy."""

    started_at = OffsetDateTime(required=True)
    duration_min = WholeNumber(1, 1440, required=True, doc="Minutes.")
    category = Choice(CATEGORIES, required=True)
    intensity = Choice(INTENSITIES, required=True)
    name = Text(1, 100, required=True)
    points = Number(0, 100, doc="Energy points; null means computed from the rates.")
    avg_hr = WholeNumber(25, 250, doc="Average heart rate, beats per minute.")
    peak_hr = WholeNumber(25, 250, doc="Peak heart rate, beats per minute.")
    note = _note()


class RestSchema(EntrySchema):
    """A time of rest."""

    started_at = OffsetDateTime(required=True)
    duration_min = WholeNumber(1, 1440, required=True, doc="Minutes.")
    kind = Choice(REST_KINDS, required=True)
    quality = WholeNumber(0, 10)
    note = _note()


class DoseSchema(EntrySchema):
    """A dose of a medicine or supplement."""

    taken_at = OffsetDateTime(required=True)
    substance = Text(1, 100, required=True)
    amount = Number(0, 100_000, above_low=True, required=True, doc="More than 0.")
    unit = Choice(UNITS, required=True)
    reason = Text(0, 200)
    effect = WholeNumber(-2, 2, doc="From -2 (much worse) to 2 (much better).")
    side_effects = _names()
    note = _note()


class EpisodeSchema(EntrySchema):
    """A crash or flare: from started_at to ended_at, which stays null while it lasts."""

    started_at = OffsetDateTime(required=True)
    ended_at = OffsetDateTime(doc="Not before started_at.")
    severity = Choice(SEVERITIES)
    symptoms = _names()
    suspected_triggers = _names()
    note = _note()

    # skip_on_field_errors=False: as in kinds.js, a bad note does not hide a bad order.
    # A field that failed is absent from `data`, so a bad start or end is never ordered.
    @validates_schema(skip_on_field_errors=False)
    def _ends_after_start(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        start = datetime_millis(data.get("started_at"))
        end = datetime_millis(data.get("ended_at"))
        if start is not None and end is not None and end < start:
            raise ValidationError(BEFORE_START, field_name="ended_at")


class PresetSchema(_Strict):
    """A one-tap activity."""

    name = Text(1, 100, required=True)
    category = Choice(CATEGORIES, required=True)
    intensity = Choice(INTENSITIES, required=True)
    minutes = WholeNumber(1, 1440, required=True)
    points = Number(0, 100, doc="Null means computed from the rates.")


class RatesSchema(_Strict):
    """Energy points an hour of activity costs, by intensity."""

    light = Number(0, 100, required=True)
    moderate = Number(0, 100, required=True)
    hard = Number(0, 100, required=True)


class SettingsSchema(EntrySchema):
    """The person's settings: one record, id "settings". Null puts a default back."""

    daily_budget_points = WholeNumber(1, 1000)
    symptoms = _names()
    activity_presets = ShortList(Object(PresetSchema, allow_none=False))
    points_per_hour = Object(RatesSchema)
    hr_threshold = WholeNumber(40, 220, doc="Heart rate to stay below, beats per minute.")
    age = WholeNumber(10, 120)
    look_back_hours = WholeNumber(24, 168)
    theme = Choice(THEMES)


SCHEMAS: dict[str, type[EntrySchema]] = {
    "checkin": CheckinSchema,
    "activity": ActivitySchema,
    "rest": RestSchema,
    "dose": DoseSchema,
    "episode": EpisodeSchema,
    "settings": SettingsSchema,
}


def is_record_id(value: Any) -> bool:
    """1-64 of A-Za-z0-9_-: how any record id is read, whoever made it."""
    return isinstance(value, str) and _RECORD_ID.fullmatch(value) is not None


def required_fields(kind: str) -> frozenset[str]:
    """The fields a new record of `kind` must have."""
    return _REQUIRED[kind]


class EntryChecker:
    """`validate_data` for many entries checked at one `now` (a sync push).

    Building a schema copies its fields, which costs more than checking one
    entry: so each kind's schema is built once per checker and reused.
    """

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.now = now
        self._schemas: dict[str, EntrySchema] = {}

    def __call__(
        self, kind: str, data: Any, *, record_id: str | None = None, partial: bool = False
    ) -> dict[str, list[str]]:
        if not isinstance(kind, str) or kind not in SCHEMAS:
            named = f'"{kind}" is not a kind of entry. ' if isinstance(kind, str) else ""
            return {"_kind": [f"{named}The kinds are: {', '.join(KINDS)}."]}
        schema = self._schemas.get(kind)
        if schema is None:
            schema = self._schemas[kind] = SCHEMAS[kind](now=self.now)
        errors: dict[str, list[str]] = {}
        # Any id of the one form, for every kind: a check-in with a UUID or a settings record
        # named otherwise is accepted, whoever made it (the app still makes checkin-<date>
        # and "settings" itself, and shows several such records of one day as one).
        if record_id is not None and not is_record_id(record_id):
            errors["_id"] = [RECORD_ID]
        if not isinstance(data, dict):
            errors["_schema"] = [NOT_OBJECT]
            return errors
        for path, messages in flatten_fields(schema.validate(data, partial=partial)).items():
            add_messages(errors, path, messages)
        return errors


def validate_data(
    kind: str,
    data: Any,
    *,
    record_id: str | None = None,
    partial: bool = False,
    now: dt.datetime | None = None,
) -> dict[str, list[str]]:
    """Check the data of an entry of `kind`, as kinds.js's validateData does.

    record_id: checked when given (None: not given). partial: an edit that sets only these
    fields, so nothing is missing, though a required field still cannot be set to null.
    now: an aware datetime for "at most a day in the future"; the real clock when None.
    Returns {} when valid, else {key: [message, ...]} with kinds.js's keys.
    """
    return EntryChecker(now)(kind, data, record_id=record_id, partial=partial)


_REQUIRED = {
    kind: frozenset(name for name, field in schema().fields.items() if field.required)
    for kind, schema in SCHEMAS.items()
}
