"""marshmallow fields that read JSON as JavaScript does, and ISO dates and times.

The entry kinds (kinds.py) are built from these, so that the server checks each value as
static/js/kinds.js does: a whole number sent as 4.0 is 4, a bool is never a number, text
is counted in code points, times are compared as whole milliseconds, and null clears an
optional field. Each field's hint (what a good value is) is its message for every bad one.

Every message is also a Refusal: the text for people, and kinds.js's code and parameters
(`range` {min, max}, `type` {expected}, ...), so that the app can word what the server
refused in the person's own language (a push's results carry both). The marshmallow
validators on the fields only document the limits: each field checks them itself first,
in kinds.js's order, and says which check failed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from . import kind_table

MAX_ITEMS = kind_table.MAX_ITEMS
DAY_MS = 86_400_000

# Messages for people, written calmly: a reader may be foggy and tired. No braces in them:
# marshmallow formats every message it raises.
REQUIRED = "This is required."
NOT_CLEARED = "This is required, so it cannot be cleared."
TOO_MANY = f"Use at most {MAX_ITEMS} items."

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


def instant_millis(moment: dt.datetime) -> int:
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


class Refusal(str):
    """A message for people that also says, as kinds.js does, what was wrong: a `code`
    and its `params`. A str, so it goes wherever a message goes."""

    code: str
    params: dict[str, Any]

    def __new__(cls, text: str, code: str, params: dict[str, Any] | None = None) -> Refusal:
        refusal = super().__new__(cls, text)
        refusal.code = code
        refusal.params = dict(params or {})
        return refusal

    def as_code(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


def refusal_of(message: str, fallback: str = "invalid") -> dict[str, Any]:
    """The {code, params} of a message (a plain one, from elsewhere, gets `fallback`)."""
    if isinstance(message, Refusal):
        return message.as_code()
    return {"code": fallback, "params": {}}


class _Messages:
    """Mixed into each field: the messages marshmallow would word for developers, and the
    code of each (`codes`: error key -> (code, params), set by each field)."""

    default_error_messages = {"required": REQUIRED, "null": NOT_CLEARED, "too_many": TOO_MANY}
    expected: str = "value"  # the JSON type a `type` refusal names

    def make_error(self, key: str, **kwargs: Any) -> ValidationError:
        error = super().make_error(key, **kwargs)
        code, params = self._code(key)
        return ValidationError(Refusal(str(error.messages[0]), code, params))

    def _validate(self, value: Any) -> None:
        """Nothing: each field checked its limits in _deserialize, saying which failed; its
        validators are there for the OpenAPI document (apispec reads them), and running
        them again would only cost a push of 500 changes its time."""

    def _code(self, key: str) -> tuple[str, dict[str, Any]]:
        codes = getattr(self, "codes", {})
        if key in codes:
            return codes[key]
        if key == "required" or (key == "null" and self.required):
            return "required", {}
        if key in ("invalid", "null"):
            return "type", {"expected": self.expected}
        return key, {}


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
        self.low, self.high, self.step = low, high, step
        steps = f" in steps of {step}" if step else ""
        hint = f"Use a whole number from {low} to {high}{steps}."
        self.expected = "int"
        self.codes = {"range": ("range", {"min": low, "max": high}),
                      "step": ("step", {"step": step})}
        checks: list[validate.Validator] = [validate.Range(low, high, error=hint)]
        if step:
            options["metadata"] = {"multipleOf": step, **(options.get("metadata") or {})}
        options["error_messages"] = {"range": hint, "step": hint,
                                     **(options.get("error_messages") or {})}
        super().__init__(strict=True, validate=checks, **_options(hint, options, doc))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if not _is_whole(value):
            raise self.make_error("invalid")
        if value < self.low or value > self.high:
            raise self.make_error("range")
        if self.step and value % self.step:
            raise self.make_error("step")
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
        self.low, self.high, self.above_low = low, high, above_low
        span = f"above {low} and up to {high}" if above_low else f"from {low} to {high}"
        hint = f"Use a number {span}; decimals are fine."
        self.expected = "number"
        self.codes = {"range": ("range", {"min": low, "max": high,
                                          **({"exclusiveMin": True} if above_low else {})})}
        options["error_messages"] = {"range": hint, **(options.get("error_messages") or {})}
        check = validate.Range(low, high, min_inclusive=not above_low, error=hint)
        super().__init__(validate=check, **_options(hint, options, doc))

    def _format_num(self, value: Any) -> Any:
        return value  # an int stays an int, as it was sent

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if not _is_number(value):
            raise self.make_error("invalid")
        below = value <= self.low if self.above_low else value < self.low
        if below or value > self.high:
            raise self.make_error("range")
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
        self.low, self.high = low, high
        self.expected = "string"
        self.codes = {"length": ("length", {"min": low, "max": high})}
        options["error_messages"] = {"length": hint, **(options.get("error_messages") or {})}
        super().__init__(
            validate=validate.Length(low, high, error=hint), **_options(hint, options, doc)
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):  # fields.String would take bytes too
            raise self.make_error("invalid")
        if not self.low <= len(value) <= self.high:  # code points, as kinds.js counts
            raise self.make_error("length")
        return value


class YesNo(_Messages, fields.Boolean):
    """JSON true or false, and nothing else (marshmallow's Boolean would also read "yes")."""

    def __init__(self, *, doc: str | None = None, **options: Any) -> None:
        hint = "Use true or false."
        self.expected = "boolean"
        super().__init__(**_options(hint, options, doc))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Choice(_Messages, fields.String):
    """One of a fixed list of strings, matched exactly."""

    def __init__(self, values: Sequence[str], *, doc: str | None = None, **options: Any) -> None:
        hint = f"Use one of: {', '.join(values)}."
        self.values = tuple(values)
        # kinds.js: anything but one of the values (a number too) is `enum`.
        enum = ("enum", {"values": list(values)})
        self.codes = {"invalid": enum, "enum": enum}
        options["error_messages"] = {"enum": hint, **(options.get("error_messages") or {})}
        super().__init__(
            validate=validate.OneOf(values, error=hint), **_options(hint, options, doc)
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str) or value not in self.values:
            raise self.make_error("enum")
        return value


def _now_millis(field: fields.Field) -> int:
    # An EntrySchema may be given `now` (the tests fix it); otherwise it is the real clock.
    now = getattr(field.root, "now", None)
    return instant_millis(now if now is not None else dt.datetime.now(dt.UTC))


class _NotTooFarAhead:
    """Mixed into a date or time field: well formed, and at most a day after now.

    A day, not a moment: someone far east of UTC, or on a clock running a little fast,
    writes times that are already tomorrow in UTC.
    """

    parse: Any  # date_millis or datetime_millis

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        millis = type(self).parse(value)
        if millis is None:
            raise self.make_error("format")
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
    expected = "date"
    codes = {"format": ("format", {"format": "date"})}

    def __init__(self, *, doc: str | None = None, **options: Any) -> None:
        hint = "Use a date written as YYYY-MM-DD, such as 2026-11-25."
        options["error_messages"] = {"format": hint, **(options.get("error_messages") or {})}
        super().__init__(**_options(hint, options, doc))


class OffsetDateTime(_NotTooFarAhead, _Messages, fields.DateTime):
    """An ISO 8601 date and time with its offset: Z or ±HH:MM, seconds and fraction optional."""

    parse = staticmethod(datetime_millis)
    default_error_messages = {"future": "This time is more than a day in the future."}
    expected = "datetime"
    codes = {"format": ("format", {"format": "datetime"})}

    def __init__(self, *, doc: str | None = None, **options: Any) -> None:
        hint = "Use a date and time with its offset, such as 2026-11-25T08:30:00+01:00."
        options["error_messages"] = {"format": hint, **(options.get("error_messages") or {})}
        options["metadata"] = {"pattern": DATETIME_PATTERN, **(options.get("metadata") or {})}
        super().__init__(**_options(hint, options, doc))


class ShortList(_Messages, fields.List):
    """A list of at most `most` items; too long a list is refused before its items are read."""

    def __init__(self, inner: fields.Field, *, most: int = MAX_ITEMS, doc: str | None = None,
                 **options: Any) -> None:
        self.most = most
        self.expected = "list"
        self.codes = {"too_many": ("too_many", {"max": most})}
        hint = f"Use a list of at most {most} items."
        options["error_messages"] = {"too_many": f"Use at most {most} items.",
                                     **(options.get("error_messages") or {})}
        super().__init__(
            inner,
            validate=validate.Length(max=most, error=f"Use at most {most} items."),
            **_options(hint, options, doc),
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if len(value) > self.most:
            raise self.make_error("too_many")
        return super()._deserialize(value, attr, data, **kwargs)


class Object(_Messages, fields.Nested):
    """A nested object (a preset, the rates): every key known, required keys present."""

    expected = "object"

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
    """Symptom name (`name`, a Text) -> rating (`rating`, a WholeNumber), at most `most`."""

    def __init__(self, name: Text, rating: WholeNumber, *, most: int = MAX_ITEMS,
                 doc: str | None = None, **options: Any) -> None:
        self.most = most
        self.expected = "object"
        self.codes = {"too_many": ("too_many", {"max": most})}
        options["metadata"] = {"maxProperties": most, **(options.get("metadata") or {})}
        options["error_messages"] = {"too_many": f"Use at most {most} items.",
                                     **(options.get("error_messages") or {})}
        hint = f"Use symptom names with a rating from {rating.low} to {rating.high} each."
        super().__init__(keys=name, values=rating, **_options(hint, options, doc))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict:
        if not isinstance(value, dict):
            raise self.make_error("invalid")
        if len(value) > self.most:
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
