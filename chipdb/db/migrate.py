"""Alembic wrapped for chipdb: upgrade, downgrade, current, and what a revision means to this code."""

from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.exc import SQLAlchemyError

from chipdb.config import DatabaseLocation
from chipdb.db.engine import lock_for_writes, make_engine
from chipdb.errors import DatabaseError, InputError, SchemaMismatchError, first_line
from chipdb.paths import migrations_dir


def alembic_config(location: DatabaseLocation, connection: Any = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["location"] = location
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory(str(migrations_dir()))


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "migrations/ has no revisions"
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def current_revision(location: DatabaseLocation) -> str | None:
    engine = make_engine(location)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read {location.display()}: {first_line(exc)}") from None
    finally:
        engine.dispose()


def check_known(location: DatabaseLocation, revision: str | None) -> None:
    """Refuse a database stamped by a chipdb newer than this one."""
    if revision is not None and revision not in known_revisions():
        raise SchemaMismatchError(
            f"{location.display()} is at schema revision {revision!r}, which this chipdb does not know "
            "(it was made by a newer chipdb); upgrade chipdb or point --db elsewhere"
        )


def upgrade(location: DatabaseLocation, revision: str = "head") -> None:
    _check_target(revision, ("head", "heads"), "+")
    check_known(location, current_revision(location))
    _run(location, lambda cfg: command.upgrade(cfg, revision), revision)


def upgrade_in(connection: Any, location: DatabaseLocation) -> None:
    """Upgrade to head inside the caller's transaction (first use creates and seeds in one)."""
    lock_for_writes(connection)
    command.upgrade(alembic_config(location, connection), "head")


def downgrade(location: DatabaseLocation, revision: str) -> None:
    _check_target(revision, ("base",), "-")
    check_known(location, current_revision(location))
    _run(location, lambda cfg: command.downgrade(cfg, revision), revision)


def _check_target(revision: str, words: tuple[str, ...], sign: str) -> None:
    """A revision id, one of `words`, or a step count (+2 / -1); Alembic's wider grammar ("head+1", "")
    ends in assertions, so anything else is refused before it is asked."""
    step = revision[1:] if revision.startswith(sign) else ""
    if revision in words or revision in known_revisions() or (step.isdigit() and step.isascii()):
        return
    raise InputError(
        f"unknown revision {revision!r}; give a revision from `chipdb db history`, "
        f"{' or '.join(words)}, or a number of steps such as {sign}1"
    )


def history() -> list[tuple[str, str | None, str]]:
    """(revision, down revision, message), oldest first."""
    revs = list(script_directory().walk_revisions())
    return [(r.revision, r.down_revision, r.doc or "") for r in reversed(revs)]  # type: ignore[misc]


def _run(location: DatabaseLocation, action: Any, revision: str) -> None:
    engine = make_engine(location, foreign_keys=False)
    try:
        with engine.begin() as connection:
            lock_for_writes(connection)  # a concurrent first use waits, then finds the schema at head
            action(alembic_config(location, connection))
    except CommandError as exc:  # a revision Alembic cannot find or reach ("zzz", "+1" at the head)
        raise InputError(
            f"cannot move {location.display()} to revision {revision!r}: {first_line(exc)}; "
            "`chipdb db history` lists the revisions"
        ) from None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot migrate {location.display()}: {first_line(exc)}") from None
    finally:
        engine.dispose()
