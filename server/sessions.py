"""Sessions: sign in on a device, sign out of it."""

from __future__ import annotations

from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint

from . import auth
from .errors import api_abort
from .extensions import db, limiter
from .models import Account
from .schemas import SessionSchema, SignInSchema

blp = Blueprint("sessions", __name__, url_prefix="/api/v1", description="Sessions")

# One answer for a wrong email and a wrong password: nobody learns which emails
# have accounts.
WRONG = "That email and password do not match an account."


def _email_tried() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return "email:" + auth.email_key(email if isinstance(email, str) else "")


def _failed(response) -> bool:
    return response.status_code == 401


def _succeeded(response) -> bool:
    return response.status_code == 201


@blp.route("/sessions")
class Sessions(MethodView):
    decorators = [
        # Failed sign-ins, per email and per address: the 11th in 15 minutes waits.
        limiter.limit("10 per 15 minutes", key_func=_email_tried, deduct_when=_failed,
                      methods=["POST"], scope="sign-in-failed-email"),
        limiter.limit("10 per 15 minutes", deduct_when=_failed, methods=["POST"],
                      scope="sign-in-failed-address"),
        # Successful ones: plenty for a household or a clinic behind one address.
        limiter.limit("60 per minute", deduct_when=_succeeded, methods=["POST"],
                      scope="sign-in"),
    ]

    @blp.arguments(SignInSchema)
    @blp.response(201, SessionSchema)
    @blp.alt_response(401, description="Wrong email or password (one answer for both).")
    @blp.alt_response(429, description="Too many failed tries; see Retry-After.")
    def post(self, credentials):
        """Sign in: a bearer token for this device, valid 90 days and renewed on use."""
        account = db.session.execute(
            db.select(Account).where(Account.email_key == auth.email_key(credentials["email"]))
        ).scalar_one_or_none()
        if not auth.check_password(account, credentials["password"]):
            api_abort(401, "wrong_credentials", WRONG)
        token, session = auth.start_session(account, credentials["device_name"].strip())
        db.session.commit()
        return {"token": token, "expires_at": session.expires_at, "account": account}


@blp.route("/sessions/current")
class CurrentSession(MethodView):
    decorators = [auth.signed_in()]

    @blp.response(204)
    @blp.doc(security=[{"bearer": []}])
    def delete(self):
        """Sign out this device: its token stops working; other devices stay signed in."""
        db.session.delete(g.session)
        db.session.commit()
