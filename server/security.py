"""Security headers on every response."""

from flask import Flask, Response, request

# Only our own origin, for everything: no inline script or style, no eval, no
# third-party requests (health data must never leak to another host), and no
# framing. `connect-src 'self'` also keeps sync talking to this server only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Only features Chromium knows, or it logs a console error for each unknown one.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # frame-ancestors says it to browsers that read CSP; this, to those that do not.
    "X-Frame-Options": "DENY",
}

# An API answer opened as a page is a download, never a document a browser renders
# (reflected file download; OWASP ASVS 14.4.2). fetch() ignores it.
API_DISPOSITION = 'attachment; filename="api.json"'



# Two years, as the HSTS preload list asks; sent only over HTTPS (RFC 6797 7.2).
STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            # Tokens, pulls and exports must never sit in a browser's or a proxy's cache.
            response.headers["Cache-Control"] = "no-store"
            if response.mimetype == "application/json":
                response.headers.setdefault("Content-Disposition", API_DISPOSITION)
        if request.is_secure:  # over HTTPS, here or at the trusted proxy (proxies.py)
            response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
        return response
