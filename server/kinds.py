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
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

KINDS = ("checkin", "activity", "rest", "dose", "episode", "settings")
CATEGORIES = ("physical", "cognitive", "emotional", "social", "sensory", "orthostatic")
INTENSITIES = ("light", "moderate", "hard")
REST_KINDS = ("lying", "nap", "meditation", "sitting", "other")
UNITS = ("mg", "g", "mcg", "ml", "drops", "tablet", "capsule", "puff", "IU", "other")
SEVERITIES = ("mild", "moderate", "severe", "very_severe")
THEMES = ("system", "light", "dark", "dim")

MAX_ITEMS = 50
DAY_MS = 86_400_000

# Messages for people, written calmly: a reader may be foggy and tired. No braces in them:
# marshmallow formats every message it raises.
REQUIRED = "This is required."
NOT_CLEARED = "This is required, so it cannot be cleared."
UNKNOWN_FIELD = "There is no field by this name here."
NOT_OBJECT = "Send the entry's fields as an object of names and values."
TOO_MANY = f"Use at most {MAX_ITEMS} items."
BEFORE_START = "The end is before the start."
RECORD_ID = "Use an id of 1 to 64 letters, digits, hyphens or underscores."

# kinds.js's patterns. re.ASCII because JavaScript's \d is only 0-9; fullmatch because
# Python's $ would let a trailing newline through.
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(?:(Z)|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)
# _DATETIME as the OpenAPI document writes it (ECMA 262 regex, anchored).
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)  # static/js/ids.js ID_PATTERN
_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# Times are compared as whole milliseconds since the epoch, as JavaScript compares them:
# a fraction finer than a millisecond is dropped, not rounded, and plain integers cannot
# overflow where a datetime near year 1 or 9999 would once its offset is applied.


def _epoch_day(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).toordinal() - _EPOCH_DAY
    except ValueError:  # not a calendar day, or year 0
        return None


def date_millis(value: Any) -> int | None:
    """Midnight UTC of a YYYY-MM-DD calendar date in ms, or None when it is not one."""
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    day = _epoch_day(*map(int, match.groups()))
    return None if day is None else day * DAY_MS


def datetime_millis(value: Any) -> int | None:
    """The instant of an ISO 8601 time with Z or ±HH:MM in ms, or None when it is not one."""
    match = _DATETIME.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    h, mi, s = int(hour), int(minute), int(second or 0)
    oh, om = int(off_h or 0), int(off_m or 0)
    days = _epoch_day(int(year), int(month), int(day))
    if days is None or h > 23 or mi > 59 or s > 59 or oh > 23 or om > 59:
        return None
    ms = int((fraction or "").ljust(3, "0")[:3])
    offset = 0 if zulu else (-1 if sign == "-" else 1) * (oh * 60 + om) * 60_000
    return days * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset


def _millis(moment: dt.datetime) -> int:
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        raise TypeError(f"now must be an aware datetime, not {moment!r}")
    return (moment - _EPOCH) // dt.timedelta(milliseconds=1)


def _is_number(value: Any) -> bool:
    # bool is an int in Python but never a number in JSON; NaN and infinities are not JSON.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _is_whole(value: Any) -> bool:
    # JSON 4.0 is the number 4 to JavaScript, so it is a whole number here too.
    return _is_number(value) and (isinstance(value, int) or value.is_integer())


def _options(hint: str, options: dict[str, Any], doc: str | None = None) -> dict[str, Any]:
    """Field options as kinds.js has them: an optional field takes null (null clears it).

    The hint says what a good value is; it is the message for every bad one.
    """
    required = options.get("required", False)
    options.setdefault("allow_none", not required)
    options["error_messages"] = {
        "invalid": hint,
        # A list item or a rating is never optional, yet null is just a bad value there.
        "null": NOT_CLEARED if required else hint,
        **(options.get("error_messages") or {}),
    }
    if doc:
        options["metadata"] = {"description": doc, **(options.get("metadata") or {})}
    return options


class _Messages:
    """Mixed into each field: the messages marshmallow would word for developers."""

    default_error_messages = {"required": REQUIRED, "null": NOT_CLEARED, "too_many": TOO_MANY}


class _MultipleOf(validate.Validator):
    def __init__(self, step: int, *, error: str) -> None:
        self.step = step
        self.error = error

    def __call__(self, value: int) -> int:
        if value % self.step:
            raise ValidationError(self.error)
        return value


class WholeNumber(_Messages, fields.Integer):
    """A whole number from low to high, optionally in steps."""

    def __init__(
        self,
        low: int,
        high: int,
        *,
        step: int | None = None,
        doc: str | None = None,
        **options: Any,
    ) -> None:
        steps = f" in steps of {step}" if step else ""
        hint = f"Use a whole number from {low} to {high}{steps}."
        checks: list[validate.Validator] = [validate.Range(low, high, error=hint)]
        if step:
            checks.append(_MultipleOf(step, error=hint))
            options["metadata"] = {"multipleOf": step, **(options.get("metadata") or {})}
        super().__init__(strict=True, validate=checks, **_options(hint, options, doc))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if not _is_whole(value):
            raise self.make_error("invalid")
        return int(value)


class Number(_Messages, fields.Float):
    """A number, decimals allowed, from low (or above it) to high."""

    def __init__(
        self,
        low: float,
        high: float,
        *,
        above_low: bool = False,
        doc: str | None = None,
        **options: Any,
    ) -> None:
        span = f"above {low} and up to {high}" if above_low else f"from {low} to {high}"
        hint = f"Use a number {span}; decimals are fine."
        check = validate.Range(low, high, min_inclusive=not above_low, error=hint)
        super().__init__(validate=check, **_options(hint, options, doc))

    def _format_num(self, value: Any) -> Any:
        return value  # an int stays an int, as it was sent

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if not _is_number(value):
            raise self.make_error("invalid")
        return value


class Text(_Messages, fields.String):
    """Text of low to high characters, counted as code points (kinds.js's charCount)."""

    def __init__(
        self,
        low: int,
        high: int,
        *,
        hint: str | None = None,
        doc: str | None = None,
        **options: Any,
    ) -> None:
        if hint is None:
            span = f"at most {high}" if low == 0 else f"{low} to {high}"
            hint = f"Use text of {span} characters."
        super().__init__(
            validate=validate.Length(low, high, error=hint), **_options(hint, options, doc)
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):  # fields.String would take bytes too
            raise self.make_error("invalid")
        return value


class Choice(_Messages, fields.String):
    """One of a fixed list of strings, matched exactly."""

    def __init__(self, values: Sequence[str], *, doc: str | None = None, **options: Any) -> None:
        hint = f"Use one of: {', '.join(values)}."
        super().__init__(
            validate=validate.OneOf(values, error=hint), **_options(hint, options, doc)
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return value


def _now_millis(field: fields.Field) -> int:
    # An EntrySchema may be given `now` (the tests fix it); otherwise it is the real clock.
    now = getattr(field.root, "now", None)
    return _millis(now if now is not None else dt.datetime.now(dt.UTC))


class _NotTooFarAhead:
    """Mixed into a date or time field: well formed, and at most a day after now.

    A day, not a moment: someone far east of UTC, or on a clock running a little fast,
    writes times that are already tomorrow in UTC.
    """

    parse: Any  # date_millis or datetime_millis

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        millis = type(self).parse(value)
        if millis is None:
            raise self.make_error("invalid")
        if millis > _now_millis(self) + DAY_MS:
            raise self.make_error("future")
        return value

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return value.isoformat()


class CalendarDate(_NotTooFarAhead, _Messages, fields.Date):
    """A calendar date, YYYY-MM-DD."""

    parse = staticmethod(date_millis)
    default_error_messages = {"future": "This date is more than a day in the future."}

    def __init__(self, *, doc: str | None = None, **options: Any) -> None:
        hint = "Use a date written as YYYY-MM-DD, such as 2026-11-25."
        super().__init__(**_options(hint, options, doc))


class OffsetDateTime(_NotTooFarAhead, _Messages, fields.DateTime):
    """An ISO 8601 date and time with its offset: Z or ±HH:MM, seconds and fraction optional."""

    parse = staticmethod(datetime_millis)
    default_error_messages = {"future": "This time is more than a day in the future."}

    def __init__(self, *, doc: str | None = None, **options: Any) -> None:
        hint = "Use a date and time with its offset, such as 2026-11-25T08:30:00+01:00."
        options["metadata"] = {"pattern": DATETIME_PATTERN, **(options.get("metadata") or {})}
        super().__init__(**_options(hint, options, doc))


class ShortList(_Messages, fields.List):
    """A list of at most MAX_ITEMS items; too long a list is refused before its items are read."""

    def __init__(self, inner: fields.Field, *, doc: str | None = None, **options: Any) -> None:
        hint = f"Use a list of at most {MAX_ITEMS} items."
        super().__init__(
            inner,
            validate=validate.Length(max=MAX_ITEMS, error=TOO_MANY),
            **_options(hint, options, doc),
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if len(value) > MAX_ITEMS:
            raise self.make_error("too_many")
        return super()._deserialize(value, attr, data, **kwargs)


class Object(_Messages, fields.Nested):
    """A nested object (a preset, the rates): every key known, required keys present."""

    def __init__(self, nested: type[Schema], *, doc: str | None = None, **options: Any) -> None:
        super().__init__(nested, **_options("Use an object of names and values.", options, doc))

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, partial: Any = None, **kwargs: Any
    ) -> Any:
        if not isinstance(value, dict):
            raise self.make_error("invalid")
        # Checked whole even in a partial edit: an edit replaces the object, never half of it.
        return super()._deserialize(value, attr, data, partial=False, **kwargs)


class SymptomRatings(_Messages, fields.Dict):
    """Symptom name -> rating from 0 to 10, at most MAX_ITEMS of them."""

    def __init__(self, *, doc: str | None = None, **options: Any) -> None:
        name = Text(1, 100, hint="Use a symptom name of 1 to 100 characters.")
        rating = WholeNumber(0, 10, allow_none=False)
        options["metadata"] = {"maxProperties": MAX_ITEMS, **(options.get("metadata") or {})}
        hint = "Use symptom names with a rating from 0 to 10 each."
        super().__init__(keys=name, values=rating, **_options(hint, options, doc))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict:
        if not isinstance(value, dict):
            raise self.make_error("invalid")
        if len(value) > MAX_ITEMS:
            raise self.make_error("too_many")
        ratings: dict[str, int] = {}
        errors: dict[str, Any] = {}
        # As kinds.js: a bad name is the one error for its symptom; the rating is not read.
        for name, rating in value.items():
            try:
                ratings[self.key_field.deserialize(name)] = self.value_field.deserialize(rating)
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors, valid_data=ratings)
        return ratings


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
            _millis(now)  # refuse a naive now here, not at the first time field
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


def _add(errors: dict[str, list[str]], path: str, messages: Sequence[str]) -> None:
    found = errors.setdefault(path, [])
    # A value out of range and off its step gets one hint, not the same one twice.
    found.extend(m for m in dict.fromkeys(messages) if m not in found)


def _flatten(messages: Mapping[Any, Any], prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as kinds.js's keys: {"activity_presets.1.minutes": [...]}.

    Joined with dots exactly as kinds.js joins them, so a symptom named "" is "symptoms.".
    The fields never raise a nested "_schema" (Object and the lists check their own type),
    so a "_schema" inside an object is a field of that name, as in kinds.js.
    """
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            for inner, texts in _flatten(value, f"{path}.").items():
                _add(flat, inner, texts)
        else:
            _add(flat, path, [value] if isinstance(value, str) else value)
    return flat


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
        for path, messages in _flatten(schema.validate(data, partial=partial)).items():
            _add(errors, path, messages)
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
