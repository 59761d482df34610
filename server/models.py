"""Database models (2.0-style typed mappings): accounts, their sessions, their records,
and the shares that let a clinician read a patient's records.

Every query that reads or writes records goes through an account id: records are
unique per (account, id), never across accounts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .extensions import Base, db  # noqa: F401  (Base: the metadata migrations compare)
from .hlc import STAMP_LENGTH

# JSONB on PostgreSQL (smaller, faster to read back); JSON text elsewhere.
Json = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """A moment, stored in UTC and always read back timezone-aware.

    PostgreSQL keeps the zone; SQLite hands back naive values, which would
    then compare and serialise differently on the two databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: give every stored moment a zone")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Account(db.Model):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Stored as typed but compared lower-cased, through the unique index below.
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    sessions: Mapped[list[Session]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True
    )


class Session(db.Model):
    """A signed-in device. The token itself is never stored, only its SHA-256."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Indexed: every sign-in purges the sessions that have ended.
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)

    account: Mapped[Account] = relationship(back_populates="sessions")


class ChangeCounter(db.Model):
    """The last change number given out in an account's pull feed.

    A push locks this row and bumps it inside its own transaction, so change
    numbers follow commit order per account and a pull cursor never skips a
    change whose transaction committed late.
    """

    __tablename__ = "change_counters"

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Record(db.Model):
    """One diary record of an account, merged field by field by HLC stamp."""

    __tablename__ = "records"
    __table_args__ = (Index("ix_records_account_seq", "account_id", "seq", unique=True),)

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict] = mapped_column(Json)
    field_hlcs: Mapped[dict] = mapped_column(Json)
    deleted_hlc: Mapped[str | None] = mapped_column(String(STAMP_LENGTH))
    # The newest stamp of the record (fields and delete): what pull reports as `hlc`.
    hlc: Mapped[str] = mapped_column(String(STAMP_LENGTH))
    seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ShareInvite(db.Model):
    """A code a patient hands a clinician: usable once, for a short time.

    Only the code's SHA-256 is stored, as for session tokens: the code is a credential
    until it is used, and a copy of the database must not hold a usable one.
    """

    __tablename__ = "share_invites"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    patient_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[dict] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Share(db.Model):
    """A clinician's read-only access to a patient's diary, within a scope.

    Ending a share keeps the row (ended_at set): the patient's list of who had access,
    and the access log's share ids, stay readable.
    """

    __tablename__ = "shares"
    __table_args__ = (
        Index("ix_shares_clinician_patient", "clinician_id", "patient_id"),
        # At most one active share a pair: two codes of one patient redeemed at once by the
        # same clinician must not open two (every read looks up the one).
        Index("ux_shares_active_pair", "clinician_id", "patient_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    patient_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    clinician_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    scope: Mapped[dict] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    patient: Mapped[Account] = relationship(foreign_keys=[patient_id])
    clinician: Mapped[Account] = relationship(foreign_keys=[clinician_id])


class AccessLogEntry(db.Model):
    """One read of a patient's diary by a clinician, for the patient to see.

    The clinician's id and name are copied, not referenced: the patient's log keeps
    who looked even after that clinician's account is deleted.
    """

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_patient_at", "patient_id", "at"),)

    # A 64-bit counter on PostgreSQL; SQLite counts rows only in an INTEGER primary key.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    patient_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    clinician_id: Mapped[str] = mapped_column(String(36))
    clinician_name: Mapped[str] = mapped_column(String(100), default="")
    share_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(32))
    query: Mapped[dict] = mapped_column(Json)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
