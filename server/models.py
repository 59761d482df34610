"""Database models (2.0-style typed mappings). The sync issue adds accounts and records."""

from .extensions import Base, db  # noqa: F401
