"""flask-smorest's Api and Blueprint, bound to the app's one error shape and one JSON reader."""

from __future__ import annotations

from typing import Any

from flask import Request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from . import errors, jsonbody
from .schemas import ApiErrorSchema

UNSUPPORTED = "Send the body as JSON, with Content-Type: application/json. Nothing was saved."


def unreadable(error: ValueError):
    errors.api_abort(400, "invalid_json", f"{error} Nothing was saved.")


class StrictJSONProvider(DefaultJSONProvider):
    """request.get_json() reads with jsonbody.loads: strict and bounded."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return jsonbody.loads(s)


class EnvelopeRequest(Request):
    def on_json_loading_failed(self, e: ValueError | None):
        unreadable(e or ValueError("The body is not valid JSON."))


class EnvelopeParser(FlaskParser):
    """webargs reads bodies with json.loads and catches only JSONDecodeError; this reads them
    with jsonbody.loads, so every unreadable body is the same 400."""

    def _raw_load_json(self, req: Request) -> Any:
        if not is_json_request(req):
            if req.get_data(cache=True):  # a body of another type: refused, never read
                errors.api_abort(415, "unsupported_media_type", UNSUPPORTED)
            return core.missing
        raw = req.get_data(cache=True)
        if not raw:
            return core.missing  # then each required field is named as missing
        try:
            return jsonbody.loads(raw)
        except jsonbody.UnreadableJson as error:
            unreadable(error)


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = EnvelopeParser()


class EnvelopeApi(Api):
    # Documented on every operation (flask-smorest puts it under each status and
    # "default"): the shape handle_http_exception really sends.
    ERROR_SCHEMA = ApiErrorSchema

    def handle_http_exception(self, error):
        # Api registers this for every HTTPException (smorest's 422s included),
        # so the app has one handler, and the one JSON shape, for all of them.
        return errors.handle_http_exception(error)
