"""Migrations: empty to head, agreement with the models, round trip, and the fast-path revision constant."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from chipdb.config import DatabaseLocation
from chipdb.db import migrate
from chipdb.db.engine import make_engine
from chipdb.db.models import Base
from chipdb.db.schema_version import HEAD_REVISION


def test_head_constant_matches_migrations() -> None:
    assert migrate.head_revision() == HEAD_REVISION


def test_models_and_migrations_agree(empty_db: DatabaseLocation) -> None:
    migrate.upgrade(empty_db)
    engine = make_engine(empty_db)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def test_upgrade_downgrade_upgrade(empty_db: DatabaseLocation) -> None:
    migrate.upgrade(empty_db)
    assert migrate.current_revision(empty_db) == HEAD_REVISION
    migrate.downgrade(empty_db, "base")
    engine = make_engine(empty_db)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    assert migrate.current_revision(empty_db) is None
    migrate.upgrade(empty_db)
    engine = make_engine(empty_db)
    assert {t.name for t in Base.metadata.sorted_tables} <= set(inspect(engine).get_table_names())
    engine.dispose()
