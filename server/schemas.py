"""The API's request and response schemas (the diary's entry kinds are in kinds.py).

Each schema validates what comes in and documents it in the OpenAPI document at
/api/v1/openapi.json; nothing is validated twice by hand.
"""

from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate

ROLES = ("patient", "clinician")
# No composition rules: a long passphrase or a manager's random string both work.
PASSWORD_MIN = 10
PASSWORD_MAX = 1024  # argon2 takes any length; this only bounds the work per request


class StrictSchema(Schema):
    class Meta:
        # marshmallow 4 refuses unknown fields by default; said here so it stays so.
        unknown = "raise"


class EmailSchema(StrictSchema):
    @pre_load
    def strip_email(self, data, **kwargs):
        # Phone keyboards add a space after an autocompleted address.
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": data["email"].strip()}
        return data


class AccountSchema(EmailSchema):
    id = fields.String(dump_only=True, metadata={"description": "The account's id."})
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=PASSWORD_MIN,
            max=PASSWORD_MAX,
            error=f"Use at least {PASSWORD_MIN} characters (any characters, spaces too).",
        ),
    )
    role = fields.String(
        load_default="patient",
        validate=validate.OneOf(ROLES, error="Choose patient or clinician."),
    )
    display_name = fields.String(load_default="", validate=validate.Length(max=100))


class SignInSchema(EmailSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1))
    device_name = fields.String(load_default="", validate=validate.Length(max=100))


class SessionSchema(Schema):
    token = fields.String(metadata={"description": "Send as `Authorization: Bearer <token>`."})
    expires_at = fields.DateTime(
        metadata={"description": "Renewed on use: the session lasts while it is used."}
    )
    account = fields.Nested(AccountSchema)


class PasswordSchema(StrictSchema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1))
