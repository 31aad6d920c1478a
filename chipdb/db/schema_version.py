"""The migration revision this code expects; a test keeps it equal to the head of `migrations/`.

Read commands compare one row of `alembic_version` with this constant instead of loading Alembic.
"""

HEAD_REVISION = "0005"

#: The `chipdb_meta` key of the token every seed that changes rows writes anew (read by queries.data_version).
DATA_VERSION = "data_version"
