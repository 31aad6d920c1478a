"""Recorded restriction status on a date for a destination, from dated events (pure)."""

import datetime as dt
from dataclasses import dataclass

from chipdb.domain.records import EventRecord
from chipdb.domain.vocab import LIFTING_ACTIONS, RESTRICTING_ACTIONS, WORLDWIDE


@dataclass(frozen=True)
class Status:
    restricted: bool
    since: dt.date | None
    destination: str
    as_of: dt.date
    events: tuple[EventRecord, ...]  # every event in effect by the date that applies to the destination

    def text(self) -> str:
        return (
            f"restricted since {self.since.isoformat()}"
            if self.restricted and self.since
            else "not restricted"
        )


def applies_to(event: EventRecord, destination: str) -> bool:
    """Country groups are matched as written: an event recorded for D:5 matches `--destination D:5`."""
    return destination in event.destinations or WORLDWIDE in event.destinations


def status(events: list[EventRecord], destination: str, as_of: dt.date) -> Status:
    """Restricted while a restricting event is in force and no later event lifted it."""
    relevant = sorted(
        (e for e in events if e.effective_on <= as_of and applies_to(e, destination)),
        key=lambda e: (e.effective_on, e.key),
    )
    since: dt.date | None = None
    for event in relevant:
        if event.action in RESTRICTING_ACTIONS and since is None:
            since = event.effective_on
        elif event.action in LIFTING_ACTIONS:
            since = None
    return Status(since is not None, since, destination, as_of, tuple(relevant))
