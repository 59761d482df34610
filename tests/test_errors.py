"""Every /api/ error has the one JSON shape; pages get a plain HTML page."""

import pytest
from flask import Blueprint
from flask.views import MethodView
from flask_smorest import Blueprint as ApiBlueprint
from marshmallow import Schema, fields, validate
from sqlalchemy.exc import DataError

from server.errors import api_abort
from server.extensions import api

STATUSES = [400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503]


class EntrySchema(Schema):
    energy = fields.Integer(required=True, validate=validate.Range(0, 10))
    note = fields.String(validate=validate.Length(max=5))
    tags = fields.List(fields.String(validate=validate.Length(min=1)))


def add_test_routes(app):
    """Routes that fail on purpose, registered only in these tests' app."""
    plain = Blueprint("failing", __name__, url_prefix="/api/test")

    @plain.get("/abort/<int:status>")
    def fail(status):
        api_abort(status)

    @plain.get("/custom")
    def custom():
        api_abort(409, code="already_there", message="Saved already.", fields={"id": ["taken"]})

    @plain.get("/crash")
    def crash():
        raise RuntimeError("boom")

    @plain.get("/unencodable")
    def unencodable():
        return "half \ud800 pair".encode()  # what a client's lone surrogate would do

    @plain.get("/refused-by-database")
    def refused_by_database():
        raise DataError("INSERT ...", {"email": "ada@example.org"}, ValueError("NUL"))

    @plain.post("/echo")
    def echo():
        from flask import request

        return {"size": len(request.get_json())}

    app.register_blueprint(plain)

    smorest = ApiBlueprint("validating", __name__, url_prefix="/api/test/entries")

    @smorest.route("")
    class Entries(MethodView):
        @smorest.arguments(EntrySchema)
        @smorest.response(201, EntrySchema)
        def post(self, entry):
            return entry

    api.register_blueprint(smorest)
    return app


@pytest.fixture
def failing_client(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # let the 500 handler run, as in production
    return add_test_routes(app).test_client()


def assert_error_shape(response, status, code=None):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.json
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"code", "message", "fields"}
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    if "fields" in error:
        assert all(
            isinstance(v, list) and all(isinstance(m, str) for m in v)
            for v in error["fields"].values()
        )
    return error


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_the_one_shape(failing_client, status):
    assert_error_shape(failing_client.get(f"/api/test/abort/{status}"), status)


def test_custom_code_message_and_fields(failing_client):
    error = assert_error_shape(failing_client.get("/api/test/custom"), 409, "already_there")
    assert error == {
        "code": "already_there",
        "message": "Saved already.",
        "fields": {"id": ["taken"]},
    }


def test_unknown_api_path_is_404_json(failing_client):
    assert_error_shape(failing_client.get("/api/v1/nothing-here"), 404, "not_found")


def test_405_says_which_methods_are_allowed(failing_client):
    response = failing_client.delete("/api/v1/openapi.json")
    assert_error_shape(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_unhandled_exception_is_500_json_without_details(failing_client):
    response = failing_client.get("/api/test/crash")
    error = assert_error_shape(response, 500, "internal_error")
    assert "boom" not in error["message"]
    for detail in (b"boom", b"Traceback", b"RuntimeError", b"test_errors.py"):
        assert detail not in response.data


@pytest.mark.parametrize("path", ["/api/test/unencodable", "/api/test/refused-by-database"])
def test_an_exception_only_input_can_cause_is_a_400(failing_client, path):
    response = failing_client.get(path)
    assert_error_shape(response, 400, "unreadable_input")
    assert b"ada@example.org" not in response.data and b"INSERT" not in response.data


def test_malformed_json_is_400(failing_client):
    response = failing_client.post(
        "/api/test/echo", data="{not json", content_type="application/json"
    )
    assert_error_shape(response, 400, "invalid_json")


def test_oversized_body_is_413(failing_client, app):
    body = b"[" + b"1," * (app.config["MAX_CONTENT_LENGTH"] // 2) + b"1]"
    response = failing_client.post("/api/test/echo", data=body, content_type="application/json")
    assert_error_shape(response, 413, "payload_too_large")


def test_smorest_validation_errors_name_each_field(failing_client):
    response = failing_client.post(
        "/api/test/entries", json={"energy": 11, "note": "too long", "tags": ["", "ok"], "x": 1}
    )
    error = assert_error_shape(response, 422, "validation_failed")
    assert set(error["fields"]) == {"energy", "note", "tags.0", "x"}
    assert error["fields"]["x"] == ["Unknown field."]


def test_missing_required_field_is_named(failing_client):
    error = assert_error_shape(failing_client.post("/api/test/entries", json={}), 422)
    assert error["fields"] == {"energy": ["Missing data for required field."]}


def test_a_valid_request_still_succeeds(failing_client):
    response = failing_client.post("/api/test/entries", json={"energy": 3})
    assert response.status_code == 201
    assert response.json == {"energy": 3}


def test_pages_get_a_plain_html_error_page(failing_client):
    response = failing_client.get("/no-such-page")
    assert response.status_code == 404
    assert response.content_type == "text/html; charset=utf-8"  # ASVS 14.4.1
    assert b"<h1>404 Not Found</h1>" in response.data
    assert b"<script" not in response.data


def test_openapi_document_is_served(failing_client):
    response = failing_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["info"]["title"] == "Envelope API"


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/xml", None,
])
def test_a_body_that_is_not_json_is_415_and_never_read(client, content_type):
    """ASVS 13.1.5, 13.2.5: the API takes JSON only; a body of another type (or of none) is
    refused by its type, before anything reads it, and nothing is saved."""
    body = '{"email": "ada@example.org", "password": "a long passphrase"}'
    refused = client.post("/api/v1/accounts", data=body, content_type=content_type)
    assert_error_shape(refused, 415, "unsupported_media_type")
    assert "application/json" in refused.get_json()["error"]["message"]
    signed_in = client.post("/api/v1/sessions", data=body, content_type="application/json")
    assert signed_in.status_code == 401  # no account was made
    # No body at all is not a body of the wrong type: the missing fields are named.
    empty = client.post("/api/v1/accounts", data=b"", content_type=content_type)
    if not empty.request.content_length:  # a multipart's test client writes its end line
        assert empty.status_code == 422 and {"email", "password"} <= set(
            empty.get_json()["error"]["fields"])
