"""The kinds of entry as marshmallow schemas, built from the one table (kind_table.py).

The browser checks an entry with kinds.js before it saves it; the server checks it again here
before it accepts it from a sync. Both read their fields and limits from kind_table.py (the
app through the generated static/js/kinds.generated.js) and are held to the same cases,
tests/cases/kinds.json (node --test tests/js/kinds.test.mjs and tests/test_kinds.py).

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
from collections.abc import Mapping, Sequence
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, validates_schema
from marshmallow.fields import Field

from . import kind_table
from .errors import add_messages, flatten_fields
from .fields import (
    CalendarDate,
    Choice,
    Number,
    Object,
    OffsetDateTime,
    Refusal,
    ShortList,
    SymptomRatings,
    Text,
    WholeNumber,
    YesNo,
    datetime_millis,
    instant_millis,
    refusal_of,
)

KINDS = tuple(kind_table.KINDS)
CATEGORIES = kind_table.CATEGORIES
INTENSITIES = kind_table.INTENSITIES
REST_KINDS = kind_table.REST_KINDS
UNITS = kind_table.UNITS
SEVERITIES = kind_table.SEVERITIES
THEMES = kind_table.THEMES
INSTRUMENTS = kind_table.INSTRUMENTS

UNKNOWN_FIELD = Refusal("There is no field by this name here.", "unknown_field")
NOT_OBJECT = Refusal("Send the entry's fields as an object of names and values.", "not_object")
BEFORE_START = Refusal("The end is before the start.", "before_start")
RECORD_ID = Refusal("Use an id of 1 to 64 letters, digits, hyphens or underscores.",
                    "invalid_id")
_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)  # static/js/ids.js ID_PATTERN


class _Strict(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": UNKNOWN_FIELD, "type": NOT_OBJECT}


class EntrySchema(_Strict):
    """The data of an entry. `now` (aware) decides what is "more than a day in the future"."""

    # (field, the field it must not be before): from the table's `not_before`.
    ORDER: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args: Any, now: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if now is not None:
            instant_millis(now)  # refuse a naive now here, not at the first time field
        self.now = now

    # skip_on_field_errors=False: as in kinds.js, a bad note does not hide a bad order.
    # A field that failed is absent from `data`, so a bad start or end is never ordered.
    @validates_schema(skip_on_field_errors=False)
    def _in_order(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        for later, earlier in self.ORDER:
            end = datetime_millis(data.get(later))
            start = datetime_millis(data.get(earlier))
            if start is not None and end is not None and end < start:
                raise ValidationError(BEFORE_START, field_name=later)


def _field(spec: dict[str, Any], **options: Any) -> Field:
    """The marshmallow field of one spec of the table."""
    kind = spec["type"]
    options = {"doc": spec.get("doc"), "required": spec.get("required", False), **options}
    if kind == "int":
        return WholeNumber(spec["min"], spec["max"], step=spec.get("step"), **options)
    if kind == "number":
        return Number(spec["min"], spec["max"], above_low=spec.get("exclusiveMin", False),
                      **options)
    if kind == "string":
        return Text(spec["min"], spec["max"], **options)
    if kind == "enum":
        return Choice(spec["values"], **options)
    if kind == "boolean":
        return YesNo(**options)
    if kind == "date":
        return CalendarDate(**options)
    if kind == "datetime":
        return OffsetDateTime(**options)
    if kind == "list":
        return ShortList(_field(spec["item"], allow_none=False), most=spec["max"], **options)
    if kind == "symptomRatings":
        # A key's sentence, when it has one, is also what a bad key is told (a
        # questionnaire's keys are item numbers, a check-in's symptom names).
        key_hint = spec["key"].get("doc", "Use a symptom name of 1 to 100 characters.")
        return SymptomRatings(_field(spec["key"], hint=key_hint),
                              _field(spec["value"], allow_none=False), most=spec["max"],
                              **options)
    if kind == "presets":
        preset = _schema("PresetSchema", spec["fields"], _Strict, "A one-tap activity.")
        return ShortList(Object(preset, allow_none=False), most=spec["max"], **options)
    if kind == "rates":
        return Object(_schema("RatesSchema", spec["fields"], _Strict, spec.get("doc")), **options)
    raise ValueError(f"no field for type {kind!r}")


def _schema(name: str, specs: dict[str, dict[str, Any]], base: type[Schema],
            about: str | None) -> type[Schema]:
    attributes: dict[str, Any] = {name: _field(spec) for name, spec in specs.items()}
    attributes["__doc__"] = about
    order = tuple((field, spec["not_before"]) for field, spec in specs.items()
                  if "not_before" in spec)
    if order:
        attributes["ORDER"] = order
    return type(name, (base,), attributes)


SCHEMAS: dict[str, type[EntrySchema]] = {
    kind: _schema(f"{kind.capitalize()}Schema", specs, EntrySchema, kind_table.ABOUT[kind])
    for kind, specs in kind_table.KINDS.items()
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
            return {"_kind": [Refusal(f"{named}The kinds are: {', '.join(KINDS)}.",
                                      "unknown_kind")]}
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


def codes_of(errors: Mapping[str, Sequence[str]]) -> dict[str, list[dict[str, Any]]]:
    """The {code, params} of each message, by field: what kinds.js's validateData gives."""
    return {path: [refusal_of(message) for message in messages]
            for path, messages in errors.items()}


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
