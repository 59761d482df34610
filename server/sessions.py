"""Sessions: sign in on a device, sign out of it, or out of every device at once."""

from __future__ import annotations

from flask import g, request
from flask.views import MethodView

from . import auth
from .api import Blueprint
from .errors import api_abort
from .extensions import db, limiter
from .models import Account, Session
from .password_guard import Attempt
from .schemas import SessionSchema, SignInSchema

blp = Blueprint("sessions", __name__, url_prefix="/api/v1", description="Sessions")

# One answer for a wrong email and a wrong password: nobody learns which emails
# have accounts.
WRONG = "That email and password do not match an account."


def _succeeded(response) -> bool:
    return response.status_code == 201


@blp.route("/sessions")
class Sessions(MethodView):
    decorators = [
        # Successful sign-ins: plenty for a household or a clinic behind one address.
        # Failed ones are counted by password_guard, which cannot be used to lock anyone out.
        limiter.limit("60 per minute", deduct_when=_succeeded, methods=["POST"],
                      scope="sign-in"),
    ]

    @blp.arguments(SignInSchema)
    @blp.response(201, SessionSchema)
    @blp.alt_response(401, description="Wrong email or password (one answer for both).")
    @blp.alt_response(429, description="Too many failed tries from this address, or this "
                      "email slowed down after failures from this address; see Retry-After.")
    def post(self, credentials):
        """Sign in: a bearer token for this device, renewed on use (see expires_at)."""
        attempt = Attempt("sign-in", credentials["email"], request.remote_addr or "")
        attempt.check()
        account = db.session.execute(
            db.select(Account).where(Account.email_key == auth.email_key(credentials["email"]))
        ).scalar_one_or_none()
        if not auth.check_password(account, credentials["password"]):
            attempt.failed()
            api_abort(401, "wrong_credentials", WRONG)
        attempt.succeeded()
        auth.purge_expired_sessions()  # of every account: sign-ins are frequent enough
        token, session = auth.start_session(account, credentials["device_name"].strip())
        db.session.commit()
        return {"token": token, "expires_at": session.expires_at, "account": account}

    @blp.response(204)
    @blp.doc(security=[{"bearer": []}])
    @auth.signed_in()
    def delete(self):
        """Sign out everywhere: every session of the account ends, this one too."""
        db.session.execute(db.delete(Session).where(Session.account_id == g.account.id))
        db.session.commit()


@blp.route("/sessions/current")
class CurrentSession(MethodView):
    decorators = [auth.signed_in()]

    @blp.response(204)
    @blp.doc(security=[{"bearer": []}])
    def delete(self):
        """Sign out this device: its token stops working; other devices stay signed in."""
        db.session.delete(g.session)
        db.session.commit()
