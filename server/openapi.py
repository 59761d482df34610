"""What the OpenAPI document says beyond what each marshmallow schema says by itself.

The document at /api/v1/openapi.json is generated from the schemas that validate, and
schemathesis (tests/test_openapi.py) holds it to what the server does, in both directions.
Three things need words of their own here:

- A pushed change's `data` follows its kind's schema; a pulled or exported record's too.
  Each kind's fields are a component (CheckinData, ...) with every field optional, since an
  edit or a tombstone carries some of them only; which a new record needs is said in its
  description.
- A push takes any well-formed change and answers each one alone (a change whose data fails
  its kind's schema is `rejected` in a 200, the contract), so the typed changes are offered
  with anyOf beside the plain well-formed change: the document says what each kind looks
  like, and still takes every change the server takes.
- Times are ISO 8601 with an offset, seconds optional, which is wider than RFC 3339's
  date-time format: they carry the pattern the server reads instead (fields.py).
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Api
from marshmallow import Schema, fields

from . import kinds
from .fields import OffsetDateTime

REF = "#/components/schemas/"


def data_component(kind: str) -> str:
    return f"{kind.capitalize()}Data"


def _override(self: Any, field: Any, ret: dict, **kwargs: Any) -> dict:
    """A field's metadata["openapi"] replaces what apispec made of it (items, oneOf, ...)."""
    return dict(field.metadata.get("openapi", {}))


def prepare(api: Api) -> None:
    """Before any schema is turned into the document: the field types and the override."""
    api.register_field(OffsetDateTime, "string", None)
    api.ma_plugin.converter.add_attribute_function(_override)


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def typed(base: type[Schema], kind: str) -> type[Schema]:
    """`base` (a change or a record) for one kind: its `kind` fixed, its `data` that kind's."""
    return type(f"{kind.capitalize()}{base.__name__.removesuffix('Schema')}", (base,), {
        "kind": fields.String(required=True, metadata={"openapi": {"const": kind}}),
        "data": fields.Dict(required=True, metadata={"openapi": ref(data_component(kind))}),
    })


def document(api: Api, *, change: type[Schema], pulled: type[Schema],
             exported: type[Schema]) -> None:
    """Each kind's data; the typed changes a push takes; the typed records pull and export
    give (sync.py's schemas refer to PushChange, PulledChangeOfAKind and
    ExportedRecordOfAKind)."""
    components = api.spec.components
    for kind, schema in kinds.SCHEMAS.items():
        needed = ", ".join(sorted(kinds.required_fields(kind))) or "none"
        components.schema(data_component(kind), schema=schema(partial=True), description=(
            f"The fields of a {kind}. A change sets some of them (null clears one); a "
            f"record the server has not seen needs: {needed}."))

    def one_of_kinds(base: type[Schema]) -> dict[str, Any]:
        names = {}
        for kind in kinds.KINDS:
            schema = typed(base, kind)
            components.schema(schema.__name__, schema=schema)
            names[kind] = REF + schema.__name__
        return {"oneOf": [{"$ref": name} for name in names.values()],
                "discriminator": {"propertyName": "kind", "mapping": names}}

    typed_changes = one_of_kinds(change)["oneOf"]
    components.schema("PushChange", {
        "description": "A change of one of the kinds, as the typed ones show; or any other "
                       "well-formed change, which the server answers with `rejected` and why.",
        "anyOf": [*typed_changes, ref(change.__name__.removesuffix("Schema"))],
    })
    components.schema("PulledChangeOfAKind", one_of_kinds(pulled))
    components.schema("ExportedRecordOfAKind", one_of_kinds(exported))
