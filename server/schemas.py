"""The API's request and response schemas (the diary's entry kinds are in kinds.py).

Each schema validates what comes in and documents it in the OpenAPI document at
/api/v1/openapi.json; nothing is validated twice by hand. Where a rule is a pattern, the
server checks the very pattern the document shows, so both say the same.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, fields, validate

ROLES = ("patient", "clinician")
# No composition rules: a long passphrase or a manager's random string both work.
PASSWORD_MIN = 10
PASSWORD_MAX = 1024  # argon2 takes any length; this only bounds the work per request
EMAIL_MAX = 254

UNSTORABLE = "This text has a character that cannot be stored (a null or a broken one)."
# Documented on every text field: JSON allows a NUL, no database keeps one.
NO_NUL = "^[^\\u0000]*$"
# An email, checked for syntax only: something, @, a domain with a dot; no spaces or
# control characters inside. Phone keyboards add a space after an autocompleted address,
# so spaces around it are allowed (and dropped).
EMAIL_PATTERN = (
    r"^[ \t\r\n]*[^\u0000-\u0020@]+@[^\u0000-\u0020@.]+(\.[^\u0000-\u0020@.]+)+[ \t\r\n]*$"
)
_EMAIL = re.compile(EMAIL_PATTERN)


def unstorable_text(value: str) -> bool:
    """A NUL, or half of a surrogate pair: JSON allows both, no database keeps them,
    and argon2 cannot hash them (they are not UTF-8)."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class Text(fields.String):
    """A JSON string that can be stored and hashed; anything else is refused by name."""

    default_error_messages = {"unstorable": UNSTORABLE}

    def __init__(self, *, pattern: str = NO_NUL, **kwargs: Any) -> None:
        kwargs["metadata"] = {"pattern": pattern, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):  # fields.String would take bytes too
            raise self.make_error("invalid")
        if unstorable_text(value):
            raise self.make_error("unstorable")
        return super()._deserialize(value, attr, data, **kwargs)


class Email(Text):
    """An email address as EMAIL_PATTERN has it (no DNS look-up), loaded without the spaces."""

    default_error_messages = {"email": "Use an email address, such as ada@example.org."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(pattern=EMAIL_PATTERN, validate=validate.Length(max=EMAIL_MAX), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not _EMAIL.fullmatch(text):
            raise self.make_error("email")
        return text


class Flag(fields.Boolean):
    """Only JSON true and false: marshmallow's Boolean would also read "yes", "on" and 1."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class StrictSchema(Schema):
    class Meta:
        # marshmallow 4 refuses unknown fields by default; said here so it stays so.
        unknown = "raise"


def new_password_field() -> Text:
    """A password being chosen: long enough, of any characters."""
    return Text(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=PASSWORD_MIN,
            max=PASSWORD_MAX,
            error=f"Use at least {PASSWORD_MIN} characters (any characters, spaces too).",
        ),
    )


class AccountSchema(StrictSchema):
    id = fields.String(dump_only=True, metadata={"description": "The account's id."})
    email = Email(required=True)
    password = new_password_field()
    role = fields.String(
        load_default="patient",
        validate=validate.OneOf(ROLES, error="Choose patient or clinician."),
    )
    display_name = Text(load_default="", validate=validate.Length(max=100))


class SignInSchema(StrictSchema):
    # Not checked for syntax: whatever was signed up with is compared (email_key).
    email = Text(required=True, validate=validate.Length(min=1, max=EMAIL_MAX))
    password = Text(required=True, load_only=True,
                    validate=validate.Length(min=1, max=PASSWORD_MAX))
    device_name = Text(load_default="", validate=validate.Length(max=100))


class SessionSchema(Schema):
    token = fields.String(metadata={"description": "Send as `Authorization: Bearer <token>`."})
    expires_at = fields.DateTime(
        metadata={"description": "Renewed on use: the session lasts while it is used, up to "
                                 "its absolute lifetime."}
    )
    account = fields.Nested(AccountSchema)


class PasswordSchema(StrictSchema):
    password = Text(required=True, load_only=True,
                    validate=validate.Length(min=1, max=PASSWORD_MAX))


class PasswordChangeSchema(StrictSchema):
    password = Text(required=True, load_only=True,
                    validate=validate.Length(min=1, max=PASSWORD_MAX),
                    metadata={"description": "The current password."})
    new_password = new_password_field()


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={
        "description": "Machine-readable, such as validation_failed or rate_limited."})
    message = fields.String(required=True, metadata={"description": "For people."})
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Present when particular fields are at fault: the field "
                                 "(dotted for a nested one, such as changes.0.kind) and its "
                                 "messages."},
    )

    class Meta:
        unknown = "raise"


class ApiErrorSchema(Schema):
    """Every /api/ error has this shape (errors.py sends it)."""

    error = fields.Nested(ErrorDetailSchema, required=True)
