"""Writing policy records: events (with destinations, chips and vendors) and dated country-group membership.

Keyed diffs like the chip writer's: re-seeding unchanged records writes nothing.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from chipdb.catalog.problems import Problems
from chipdb.catalog.seed_data import EventSeed, SeedSet
from chipdb.db import models as m
from chipdb.db.engine import inserted_id
from chipdb.domain.names import name_key, suggestions
from chipdb.errors import SeedError

_EVENT_COLUMNS = (
    "effective_text",
    "effective_on",
    "announced",
    "authority",
    "action",
    "rule",
    "summary",
    "source_id",
)


def check_event_chips(
    connection: Connection,
    events: list[EventSeed],
    names: Mapping[str, Any],
    unreadable: Iterable[str],
    problems: Problems,
) -> None:
    """Every chip an event names must exist once the seed is written: in the seed (`names`: every seed chip's
    name and alias by key, the chip's name or an owner with `.chip` and `.alias`), or stored and not in it."""
    wanted = {name_key(name) for event in events for name in event.chips}
    if not wanted:
        return
    stored = _stored_keys(connection, wanted)  # key -> the name key of the stored chip that has it
    known = {name_key(text) for text in unreadable}
    known |= {k for k in wanted if k in names or (k in stored and not isinstance(names.get(stored[k]), str))}
    candidates: dict[str, str] | None = None  # every name and alias -> its chip: read only to suggest one
    for event in events:
        for name in event.chips:
            if name_key(name) not in known:
                if candidates is None:
                    candidates = _all_names(connection, names)
                hints = suggestions(name, candidates)
                hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
                problems.add(
                    event.origin,
                    ("events", event.index, "chips"),
                    f"events[{event.index}] ({event.key}).chips: unknown chip {name!r}{hint}",
                )


def _stored_keys(connection: Connection, keys: set[str]) -> dict[str, str]:
    """For each of these keys that a stored chip's name or alias has, that chip's name key."""
    found = {
        key: key for (key,) in connection.execute(select(m.Chip.name_key).where(m.Chip.name_key.in_(keys)))
    }
    for alias_key, key in connection.execute(
        select(m.Alias.alias_key, m.Chip.name_key)
        .join(m.Chip, m.Chip.id == m.Alias.chip_id)
        .where(m.Alias.alias_key.in_(keys))
    ):
        found.setdefault(alias_key, key)
    return found


def _all_names(connection: Connection, names: Mapping[str, Any]) -> dict[str, str]:
    """Every name and alias (stored chips the seed does not rewrite, and the seed's) -> its chip's name."""
    out = {
        text: owner
        for text, owner, key in connection.execute(select(m.Chip.name, m.Chip.name, m.Chip.name_key))
        if not isinstance(names.get(key), str)
    }
    out.update(
        (alias, owner)
        for alias, owner, key in connection.execute(
            select(m.Alias.alias, m.Chip.name, m.Chip.name_key).join(m.Chip, m.Chip.id == m.Alias.chip_id)
        )
        if not isinstance(names.get(key), str)
    )
    for owner in names.values():
        if isinstance(owner, str):
            out[owner] = owner
        else:
            out[owner.alias] = owner.chip
    return out


def write_events(
    connection: Connection, seed: SeedSet, vendor_ids: dict[str, int], source_ids: dict[str, int], report: Any
) -> None:
    """Add or update events (with their destinations, chips and vendors); unchanged ones are left alone."""
    if not seed.events:
        return
    named = {name_key(name) for event in seed.events for name in event.chips}  # not every chip: only these
    chip_ids = dict(
        connection.execute(select(m.Chip.name_key, m.Chip.id).where(m.Chip.name_key.in_(named))).all()
    )
    for alias_key, chip_id in connection.execute(
        select(m.Alias.alias_key, m.Alias.chip_id).where(m.Alias.alias_key.in_(named))
    ):
        chip_ids.setdefault(alias_key, chip_id)
    stored = {
        key: (eid, tuple(rest))
        for eid, key, *rest in connection.execute(
            select(
                m.Event.id,
                m.Event.key,
                m.Event.effective_text,
                m.Event.effective_on,
                m.Event.announced,
                m.Event.authority,
                m.Event.action,
                m.Event.rule,
                m.Event.summary,
                m.Event.source_id,
            )
        )
    }
    dests: dict[int, set[str]] = {}
    for eid, dest in connection.execute(select(m.EventDestination.event_id, m.EventDestination.destination)):
        dests.setdefault(eid, set()).add(dest)
    links: dict[int, set[int]] = {}
    for eid, cid in connection.execute(select(m.EventChip.event_id, m.EventChip.chip_id)):
        links.setdefault(eid, set()).add(cid)
    listed: dict[int, set[int]] = {}
    for eid, vid in connection.execute(select(m.EventVendor.event_id, m.EventVendor.vendor_id)):
        listed.setdefault(eid, set()).add(vid)
    names: tuple[dict[int, str], ...] = ()  # chips, vendors and sources by id, read when an event changes
    for event in seed.events:
        wanted_chips = {_event_chip(event, name, chip_ids) for name in event.chips}
        wanted_vendors = {vendor_ids[name] for name in event.vendors}
        row = (
            event.effective_text,
            event.effective_on,
            event.announced,
            event.authority,
            event.action,
            event.rule,
            event.summary,
            source_ids[event.source],
        )
        if event.key in stored:
            eid, old = stored[event.key]
            if (
                old == row
                and dests.get(eid, set()) == set(event.destinations)
                and links.get(eid, set()) == wanted_chips
                and listed.get(eid, set()) == wanted_vendors
            ):
                continue
            names = names or (
                dict(connection.execute(select(m.Chip.id, m.Chip.name)).all()),
                {v: k for k, v in vendor_ids.items()},
                {v: k for k, v in source_ids.items()},
            )
            report.changes += _event_changes(
                event.key,
                _shown(old, dests.get(eid, set()), links.get(eid, set()), listed.get(eid, set()), names),
                _shown(row, set(event.destinations), wanted_chips, wanted_vendors, names),
            )
            connection.execute(update(m.Event).where(m.Event.id == eid).values(**_event_values(event, row)))
            connection.execute(delete(m.EventDestination).where(m.EventDestination.event_id == eid))
            connection.execute(delete(m.EventChip).where(m.EventChip.event_id == eid))
            connection.execute(delete(m.EventVendor).where(m.EventVendor.event_id == eid))
            report.events_updated += 1
        else:
            eid = inserted_id(
                connection.execute(insert(m.Event).values(key=event.key, **_event_values(event, row)))
            )
            report.events_added += 1
            report.changes.append(f"event {event.key}: new ({event.action}, {event.effective_text})")
        connection.execute(
            insert(m.EventDestination), [{"event_id": eid, "destination": d} for d in event.destinations]
        )
        if wanted_chips:
            connection.execute(
                insert(m.EventChip), [{"event_id": eid, "chip_id": c} for c in sorted(wanted_chips)]
            )
        if wanted_vendors:
            connection.execute(
                insert(m.EventVendor), [{"event_id": eid, "vendor_id": v} for v in sorted(wanted_vendors)]
            )


def write_country_groups(connection: Connection, seed: SeedSet, source_ids: dict[str, int]) -> None:
    """Add or update memberships keyed by (group, country, from); memberships not in the seed are kept."""
    table = m.CountryGroupMember
    stored = {
        (group, country, start): (mid, (end, source, note))
        for mid, group, country, start, end, source, note in connection.execute(
            select(table.id, table.group_code, table.country, table.valid_from, table.valid_to, table.source_id,
                   table.note)
        )
    }  # fmt: skip
    new = []
    for member in seed.country_groups:
        key = (member.group, member.country, member.valid_from)
        values = (member.valid_to, source_ids[member.source], member.note)
        if key not in stored:
            new.append({"group_code": member.group, "country": member.country, "valid_from": member.valid_from,
                        "valid_to": values[0], "source_id": values[1], "note": values[2]})  # fmt: skip
        elif stored[key][1] != values:
            connection.execute(update(table).where(table.id == stored[key][0])
                               .values(valid_to=values[0], source_id=values[1], note=values[2]))  # fmt: skip
    if new:
        connection.execute(insert(table), new)


def _event_values(event: EventSeed, row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(_EVENT_COLUMNS, row, strict=True))


def _shown(
    row: tuple[Any, ...],
    dests: set[str],
    chips: set[int],
    vendors: set[int],
    names: tuple[dict[int, str], ...],
) -> dict[str, Any]:
    """An event as a user reads it: names rather than ids."""
    chip_names, vendor_names, source_keys = names
    out = dict(zip(_EVENT_COLUMNS, row, strict=True))
    del out["effective_on"]  # follows from the dates shown
    out["source"] = source_keys.get(out.pop("source_id"))
    out["destinations"] = set(dests)
    out["chips"] = {chip_names.get(c, str(c)) for c in chips}
    out["vendors"] = {vendor_names.get(v, str(v)) for v in vendors}
    return out


def _event_changes(key: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """`event KEY: field: old -> new` lines; destinations, chips and vendors as added and removed."""
    lines = []
    for label, was in old.items():
        now = new[label]
        if was == now:
            continue
        if isinstance(was, set):
            for verb, items in (("added", now - was), ("removed", was - now)):
                if items:
                    lines.append(f"event {key}: {label} {verb}: {', '.join(sorted(items))}")
        elif label == "summary":
            lines.append(f"event {key}: summary changed")
        else:
            lines.append(f"event {key}: {label}: {was} -> {now}")
    return lines


def _event_chip(event: EventSeed, name: str, chip_ids: dict[str, int]) -> int:
    chip_id = chip_ids.get(name_key(name))
    if chip_id is None:
        raise SeedError(f"{event.origin}: events ({event.key}).chips: unknown chip {name!r}")
    return chip_id
