"""flask-smorest's Api, with its error handler replaced by the app's one error shape."""

from flask_smorest import Api

from . import errors


class EnvelopeApi(Api):
    def handle_http_exception(self, error):
        # Api registers this for every HTTPException (smorest's 422s included),
        # so the app has one handler, and the one JSON shape, for all of them.
        return errors.handle_http_exception(error)
