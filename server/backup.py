"""`flask --app server envelope backup FILE` and `... envelope restore FILE`.

SQLite: the sqlite3 online backup API, so a backup of a running server is a consistent copy
(writers wait for the copy, which takes milliseconds per megabyte, instead of the copy
catching half a transaction, as `cp` can). PostgreSQL: these commands wrap `pg_dump -Fc` and
`pg_restore`, and print what they run (without the password), so an operator can also run
them by hand (README, "Deploy").

A restore refuses a file that is not an Envelope database at this release's migration head
(restoring an older one would leave the app reading columns that are not there), and refuses
to overwrite a database that holds any row of the app's tables unless `--force`.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import exists, inspect, select
from sqlalchemy.engine import URL, make_url

from .config import postgres_url
from .extensions import db

cli = AppGroup("envelope", help="Operate Envelope: back up and restore its database.")

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def migration_head() -> str:
    """The revision this release's code expects its database at."""
    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    if len(heads) != 1:
        raise click.ClickException(f"The migrations have {len(heads)} heads; expected one.")
    return heads[0]


def app_tables() -> list[str]:
    return [table.name for table in db.metadata.sorted_tables]


def database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory SQLite database cannot be backed up.")
    return Path(url.database).resolve()


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot create or change the file (a wrong name fails, not empties)."""
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def sqlite_backup(source: Path, target: Path) -> None:
    """Copy `source` into `target` with the online backup API, under a name that appears only
    once the copy is whole."""
    if not source.is_file():
        raise click.ClickException(f"There is no database at {source}.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with closing(read_only(source)) as reading, closing(sqlite3.connect(partial)) as writing:
        # pages=-1: one step, one read lock, one consistent copy even while the server writes.
        reading.backup(writing, pages=-1)
    os.replace(partial, target)


def sqlite_problem(path: Path) -> str | None:
    """Why the SQLite file at `path` is not an Envelope database at the migration head."""
    try:
        with closing(read_only(path)) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                return "it fails SQLite's integrity check"
            names = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in names:
                return "it has no migration version (not an Envelope database)"
            missing = [name for name in app_tables() if name not in names]
            if missing:
                return f"it lacks the app's tables ({', '.join(missing)})"
            versions = [row[0] for row in connection.execute(
                "SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as error:
        return f"it is not a SQLite database ({error})"
    head = migration_head()
    if versions != [head]:
        return f"it is at migration {', '.join(versions) or 'none'}, this release at {head}"
    return None


def sqlite_holds_rows(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with closing(read_only(path)) as connection:
        names = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        # The names are the app's own tables (db.metadata), never input.
        return any(connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{name}")')  # noqa: S608
                   .fetchone()[0] for name in app_tables() if name in names)


def sqlite_restore(backup: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(read_only(backup)) as reading, closing(sqlite3.connect(target)) as writing:
        # Into the live file, under its write lock: a server on it sees the restored database
        # at its next transaction, as SQLite notices the file changed.
        reading.backup(writing, pages=-1)


# --- PostgreSQL -----------------------------------------------------------------------------


def libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump and pg_restore read it, and its password in the environment (so
    it is in no process list and in nothing printed)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_dump_command(url: str, file: Path) -> list[str]:
    """The command README documents for a backup: custom format, restorable by any role."""
    return ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
            f"--file={file}", url]


def pg_restore_command(url: str, file: Path) -> list[str]:
    """The command README documents for a restore: all or nothing, replacing the app's tables."""
    return ["pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists",
            "--single-transaction", "--exit-on-error", f"--dbname={url}", str(file)]


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    click.echo("running: " + shlex.join(command))
    try:
        # The operator's own tools, by name from their PATH, with arguments built here.
        done = subprocess.run(command, env=env, capture_output=True,  # noqa: S603
                              text=True, check=False)
    except FileNotFoundError as error:
        raise click.ClickException(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from error
    if done.returncode != 0:
        raise click.ClickException(f"{command[0]} failed: {done.stderr.strip()}")
    return done


def postgres_problem(file: Path, env: dict[str, str]) -> str | None:
    """Why the dump at `file` is not of an Envelope database at the migration head."""
    listing = subprocess.run(["pg_restore", "--list", str(file)], env=env,  # noqa: S603,S607
                             capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        return f"pg_restore cannot read it ({listing.stderr.strip()})"
    missing = [name for name in ["alembic_version", *app_tables()]
               if f" TABLE public {name} " not in listing.stdout]
    if missing:
        return f"it lacks the app's tables ({', '.join(missing)})"
    # The version table's rows, as the COPY the restore would run.
    data = subprocess.run(["pg_restore", "--data-only", "--table=alembic_version",  # noqa: S603,S607
                           "--file=-", str(file)], env=env, capture_output=True, text=True,
                          check=False)
    lines = data.stdout.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if line.startswith("COPY ") and "alembic_version" in line), None)
    versions = []
    if start is not None:
        for line in lines[start + 1:]:
            if line == "\\.":
                break
            versions.append(line.strip())
    head = migration_head()
    if versions != [head]:
        return f"it is at migration {', '.join(versions) or 'none'}, this release at {head}"
    return None


def postgres_holds_rows() -> bool:
    with db.engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        held = any(connection.execute(select(exists().select_from(table))).scalar()
                   for table in db.metadata.sorted_tables if table.name in present)
    db.engine.dispose()  # no connection of ours may hold a lock that pg_restore waits for
    return held


# --- the commands ---------------------------------------------------------------------------


FILE = click.Path(dir_okay=False, path_type=Path)


@cli.command("backup")
@click.argument("file", type=FILE)
def backup(file: Path) -> None:
    """Write a consistent copy of the database to FILE, safe while the server runs."""
    url = database_url()
    if postgres_url(str(url)):
        conninfo, env = libpq(url)
        partial = file.with_name(file.name + ".partial")
        run(pg_dump_command(conninfo, partial), env)
        os.replace(partial, file)
    else:
        sqlite_backup(sqlite_path(url), file)
    click.echo(f"backed up to {file}")


@cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database that already holds accounts or entries.")
def restore(file: Path, force: bool) -> None:
    """Restore the database from FILE, a backup made by `envelope backup`."""
    url = database_url()
    if postgres_url(str(url)):
        conninfo, env = libpq(url)
        problem = postgres_problem(file, env)
        held = problem is None and postgres_holds_rows()
    else:
        target = sqlite_path(url)
        problem = sqlite_problem(file)
        held = problem is None and sqlite_holds_rows(target)
    if problem:
        raise click.ClickException(f"{file} cannot be restored: {problem}.")
    if held and not force:
        raise click.ClickException(
            "The database already holds accounts or entries; restoring would replace them. "
            "Run again with --force to do so (back it up first).")
    if postgres_url(str(url)):
        run(pg_restore_command(conninfo, file), env)
    else:
        sqlite_restore(file, target)
    click.echo(f"restored from {file}")


def init_app(app) -> None:
    app.cli.add_command(cli)
