"""Read-only readers for requests.

A few idle readers are kept and reused, one request at a time each: a PostgreSQL connection costs milliseconds,
and a new SQLite connection reads the schema again at its first query (a third of a small answer's time). Each
holds no transaction between requests (SQLite reads outside a transaction; PostgreSQL sessions are autocommit
and read-only), so every request sees the data as last committed. A reader whose database failed is closed,
not reused.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from chipdb.config import DatabaseLocation
from chipdb.db.reader import Reader, connect_reader
from chipdb.errors import DatabaseError

KEEP = 8  # idle server connections kept per process


class Readers:
    def __init__(self, location: DatabaseLocation, keep: int = KEEP) -> None:
        self.location = location
        self._keep = keep
        self._idle: list[Reader] = []
        self._lock = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A reader for one request; use it on the thread that asked for it."""
        reader = self._take()
        healthy = True
        try:
            yield reader
        except DatabaseError:
            healthy = False
            raise
        finally:
            self._give(reader, healthy)

    def _take(self) -> Reader:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return connect_reader(self.location, long_lived=True)

    def _give(self, reader: Reader, healthy: bool) -> None:
        if healthy:
            with self._lock:
                if len(self._idle) < self._keep:
                    self._idle.append(reader)
                    return
        reader.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for reader in idle:
            reader.close()
