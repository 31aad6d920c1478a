"""Alembic environment: the URL comes from chipdb's own resolver unless the caller hands a connection."""

from alembic import context

from chipdb import config as chipdb_config
from chipdb.db.engine import make_engine
from chipdb.db.models import Base


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    location = context.config.attributes.get("location") or chipdb_config.resolve()
    engine = make_engine(location, foreign_keys=False)
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("chipdb migrations run online only")
run_migrations_online()
