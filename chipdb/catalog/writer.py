"""Writing validated seed data: the diff against what is stored, applied inside the caller's transaction.

A chip whose stored form equals the file's is left alone, so re-seeding unchanged data costs a read, and an
edited chip is rewritten whole (row and children), so nothing stale remains.

A seed set is written a file at a time (`SeedWriter.add`), each file's chips compared with the stored forms of
those chips only, so memory holds one file's records and the keys of the rest, whatever the size of the
catalog. A chip is held back until the end (`finish`) only when it cannot be written yet: it cites a vendor or
source no file read so far declares (a later file may), or a name or alias that a stored chip holds (a later
file may rewrite that chip). Every problem is still reported at once, before the transaction commits: once
one is found nothing more is written, and the caller's transaction is rolled back.
"""

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, insert, select, update

from chipdb.catalog.changes import chip_changes
from chipdb.catalog.loader import AliasOwner
from chipdb.catalog.policy_writer import check_event_chips, write_country_groups, write_events
from chipdb.catalog.problems import Problems, did_you_mean
from chipdb.catalog.seed_data import ChipSeed, EventSeed, GroupSeed, SeedSet
from chipdb.db import models as m
from chipdb.db.engine import inserted_id, lock_for_writes
from chipdb.db.schema_version import DATA_VERSION
from chipdb.domain.names import name_key
from chipdb.domain.vocab import SPEC_COLUMNS

#: Chips compared and written at a time; also the longest IN list a query is given.
CHUNK = 500
_T = TypeVar("_T")


@dataclass
class SeedReport:
    files: int = 0
    added: int = 0  # chips
    updated: int = 0
    unchanged: int = 0
    events_added: int = 0
    events_updated: int = 0
    dry_run: bool = False
    #: What changes, one line each ("H100 SXM5 80GB: tdp_w: 700 W -> 750 W"), in seed order; the chips' lines
    #: only when `keep_changes` (a dry run shows them; a large first seed would hold one line per chip).
    changes: list[str] = field(default_factory=list)
    keep_changes: bool = True
    #: Aliases that disappear, as (chip, alias, the file that no longer has it): seeding never deletes a chip,
    #: but an edited chip is rewritten whole, so an alias dropped from its file is gone.
    removed_aliases: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        return (
            f"{self.files} files; chips: {self.added} {verb}, {self.updated} "
            f"{'would update' if self.dry_run else 'updated'}, {self.unchanged} unchanged; "
            f"events: {self.events_added} {verb}, {self.events_updated} "
            f"{'would update' if self.dry_run else 'updated'}"
        )


def write(connection: Connection, seed: SeedSet, problems: Problems | None = None) -> SeedReport:
    """Validate references against what is stored, then apply the diff: `SeedWriter` given the whole set.

    Raises one SeedError, before the caller's transaction commits, with every problem: the loader's
    (`problems`) and the references nothing declares. The transaction is then rolled back, vendors and
    sources included.
    """
    writer = SeedWriter(connection, problems if problems is not None else Problems())
    writer.add(seed)
    names: dict[str, str | AliasOwner] = {name_key(c.name): c.name for c in seed.chips}
    for chip in seed.chips:
        for alias in chip.aliases:
            names.setdefault(name_key(alias), AliasOwner(chip.name, chip.origin, chip.index, alias))
    return writer.finish(names)


class SeedWriter:
    """A seed set written file by file (`add`), then `finish`ed: see the module's docstring."""

    def __init__(self, connection: Connection, problems: Problems, keep_changes: bool = True) -> None:
        lock_for_writes(connection)
        self.connection, self.problems = connection, problems
        self.report = SeedReport(keep_changes=keep_changes)
        self.vendors = {
            name: (vid, country)
            for vid, name, country in connection.execute(select(m.Vendor.id, m.Vendor.name, m.Vendor.country))
        }
        self.source_ids: dict[str, int] = dict(connection.execute(select(m.Source.key, m.Source.id)).all())
        self.unreadable: dict[str, set[str]] = {}
        self.events: list[EventSeed] = []
        self.country_groups: list[GroupSeed] = []
        self.held: list[ChipSeed] = []  # chips that cannot be written yet
        # the statements that change rows: the writer only sends one where something differs, so none means
        # the seed changed nothing and the data version (readers cache by it) stays
        self.changes: list[str] = []
        from sqlalchemy import event

        event.listen(connection, "before_cursor_execute", self._spot)

    def _spot(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.changes.append(statement[:40])

    @property
    def vendor_ids(self) -> dict[str, int]:
        return {name: vid for name, (vid, _) in self.vendors.items()}

    def add(self, batch: SeedSet) -> None:
        """One file's records (or a whole set's): declarations written, chips written or held back."""
        self._vendors(batch.vendors)
        self._sources(batch)
        for kind, names in batch.unreadable.items():
            self.unreadable.setdefault(kind, set()).update(names)
        self.events += batch.events
        self.country_groups += batch.country_groups
        vendor_ids = self.vendor_ids
        for chunk in _chunks(batch.chips):
            holders = _stored_owners(self.connection, [key for c in chunk for key in _keys(c)])
            ready = []
            for chip in chunk:
                own = name_key(chip.name)
                if (
                    chip.vendor not in vendor_ids
                    or not chip.source_keys() <= self.source_ids.keys()
                    or any(holders.get(key, (own,))[0] != own for key in _keys(chip))
                ):
                    self.held.append(chip)
                else:
                    ready.append(chip)
            if not len(self.problems):  # with a problem found nothing is written: the seed will fail
                _chips(self.connection, ready, vendor_ids, self.source_ids, self.report)

    def finish(self, names: Mapping[str, str | AliasOwner]) -> SeedReport:
        """Check what only the whole set tells (every reference, names against stored chips, events' chips),
        raise every problem found as one SeedError, else write the chips held back, the events and the
        country groups. `names`: every seed chip's name and alias by key (loader.Seen.names)."""
        vendor_ids = self.vendor_ids
        _check_references(self.held, self.events, self.country_groups, vendor_ids, self.source_ids,
                          self.unreadable, self.problems)  # fmt: skip
        _check_stored_names(self.connection, self.held, names, self.problems)
        check_event_chips(
            self.connection, self.events, names, self.unreadable.get("chips", set()), self.problems
        )
        self.problems.raise_if_any()
        for chunk in _chunks(self.held):
            _chips(self.connection, chunk, vendor_ids, self.source_ids, self.report)
        self.held = []
        seed = SeedSet(events=self.events, country_groups=self.country_groups)
        write_events(self.connection, seed, vendor_ids, self.source_ids, self.report)
        write_country_groups(self.connection, seed, self.source_ids)
        from sqlalchemy import event

        event.remove(self.connection, "before_cursor_execute", self._spot)
        if self.changes:
            # a new token, not a counter: a database deleted and made again never repeats one
            self.connection.execute(delete(m.Meta).where(m.Meta.key == DATA_VERSION))
            self.connection.execute(insert(m.Meta).values(key=DATA_VERSION, value=uuid.uuid4().hex))
        return self.report

    def _vendors(self, declared: dict[str, str | None]) -> None:
        stored = self.vendors
        for name, country in declared.items():
            if name not in stored:
                vid = inserted_id(
                    self.connection.execute(insert(m.Vendor).values(name=name, country=country))
                )
                stored[name] = (vid, country)
            elif stored[name][1] != country:
                self.connection.execute(
                    update(m.Vendor).where(m.Vendor.id == stored[name][0]).values(country=country)
                )
                stored[name] = (stored[name][0], country)

    def _sources(self, batch: SeedSet) -> None:
        if batch.sources:
            _sources(self.connection, batch)
            self.source_ids = dict(self.connection.execute(select(m.Source.key, m.Source.id)).all())


def _chunks(items: Sequence[_T], size: int = CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _keys(chip: ChipSeed) -> list[str]:
    """The keys of the chip's name and aliases."""
    return [name_key(chip.name), *(name_key(a) for a in chip.aliases)]


def _stored_owners(connection: Connection, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """For each key a stored chip's name or alias has: (that chip's name key, its name)."""
    found: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(set(keys))):
        for key, name in _select(
            connection, "SELECT name_key, name FROM chips WHERE name_key IN ({})", chunk
        ):
            found[key] = (key, name)
        for alias_key, key, name in _select(
            connection,
            "SELECT a.alias_key, c.name_key, c.name FROM aliases a JOIN chips c ON c.id = a.chip_id "
            "WHERE a.alias_key IN ({})",
            chunk,
        ):
            found.setdefault(alias_key, (key, name))
    return found


def _select(connection: Connection, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of a query whose one `IN ({})` takes `values`, through the driver's cursor inside the caller's
    transaction: plain tuples, without SQLAlchemy's per-row work (most of the cost of comparing a large seed
    with what is stored). The SQL is chipdb's own; the values are always bound parameters."""
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql.format(", ".join([mark] * len(values))), tuple(values))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _source_row(source: Any) -> dict[str, Any]:
    from chipdb.domain.dates import parse_partial

    return {
        "key": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": parse_partial(source.date) if source.date is not None else None,
        "tier": source.tier,
    }


def _sources(connection: Connection, seed: SeedSet) -> None:
    """Add the seed's new sources and update the changed ones."""
    columns = ("key", "title", "publisher", "url", "published", "tier")
    stored = {
        row[1]: (row[0], dict(zip(columns, row[1:], strict=True)))
        for row in connection.execute(
            select(
                m.Source.id,
                m.Source.key,
                m.Source.title,
                m.Source.publisher,
                m.Source.url,
                m.Source.published,
                m.Source.tier,
            )
        )
    }
    new = [_source_row(s) for key, s in seed.sources.items() if key not in stored]
    if new:
        connection.execute(insert(m.Source), new)
    for key, source in seed.sources.items():
        if key in stored and stored[key][1] != (row := _source_row(source)):
            connection.execute(update(m.Source).where(m.Source.id == stored[key][0]).values(**row))


def _check_references(
    chips: list[ChipSeed],
    events: list[EventSeed],
    groups: list[GroupSeed],
    vendor_ids: Mapping[str, int],
    source_ids: Mapping[str, int],
    unreadable: dict[str, set[str]],
    problems: Problems,
) -> None:
    """Every vendor and source named must be declared (in the files or the database)."""
    broken_vendors, broken_sources = unreadable.get("vendors", set()), unreadable.get("sources", set())

    def undefined(key: str) -> str:
        return f"undefined source {key!r}{did_you_mean(key, source_ids)}"

    for chip in chips:
        place = f"chips[{chip.index}] ({chip.name})"
        if chip.vendor not in vendor_ids and chip.vendor not in broken_vendors:
            problems.add(
                chip.origin,
                ("chips", chip.index, "vendor"),
                f"{place}.vendor: unknown vendor {chip.vendor!r}{did_you_mean(chip.vendor, vendor_ids)}",
            )
        for key in sorted(chip.source_keys() - source_ids.keys() - broken_sources):
            fields = _citing(chip, key)
            if len(fields) == 1 and " " not in fields[0]:
                loc: tuple[str | int, ...] = ("chips", chip.index, *fields[0].split("."))
                problems.add(chip.origin, loc, f"{place}.{fields[0]}: {undefined(key)}")
            else:
                cited = ", ".join(fields[:4]) + (f" and {len(fields) - 4} more" if len(fields) > 4 else "")
                problems.add(
                    chip.origin,
                    ("chips", chip.index, "source"),
                    f"{place}: {undefined(key)} (cited by {cited})",
                )
    for event in events:
        place = f"events[{event.index}] ({event.key})"
        if event.source not in source_ids and event.source not in broken_sources:
            problems.add(
                event.origin, ("events", event.index, "source"), f"{place}.source: {undefined(event.source)}"
            )
        for vendor in event.vendors:
            if vendor not in vendor_ids and vendor not in broken_vendors:
                problems.add(
                    event.origin,
                    ("events", event.index, "vendors"),
                    f"{place}.vendors: unknown vendor {vendor!r}{did_you_mean(vendor, vendor_ids)}",
                )
    for member in groups:
        if member.source not in source_ids and member.source not in broken_sources:
            problems.add(
                member.origin,
                ("country_groups", member.index, "source"),
                f"country_groups[{member.index}] ({member.group} {member.country}).source: "
                f"{undefined(member.source)}",
            )


def _check_stored_names(
    connection: Connection, chips: list[ChipSeed], names: Mapping[str, str | AliasOwner], problems: Problems
) -> None:
    """Names and aliases stay unique against the stored chips that the seed set does not rewrite."""
    for chunk in _chunks(chips):
        holders = _stored_owners(connection, [key for chip in chunk for key in _keys(chip)])
        for chip in chunk:
            own = name_key(chip.name)
            for what, text in (("name", chip.name), *(("aliases", a) for a in chip.aliases)):
                holder = holders.get(name_key(text))
                if holder is None or holder[0] == own or isinstance(names.get(holder[0]), str):
                    continue  # no stored chip holds it, or this one does, or one that the seed rewrites
                problems.add(
                    chip.origin,
                    ("chips", chip.index, what),
                    f"chips[{chip.index}] ({chip.name}): {text!r} already names stored chip {holder[1]!r}",
                )


def _citing(chip: ChipSeed, key: str) -> list[str]:
    """The chip's fields that cite source `key` ("tdp_w", "performance.fp16.dense")."""
    fields = [f for f, c in chip.fields.items() if c.source == key]
    fields += [f"performance.{p}" for p, c in chip.precisions.items() if c.source == key]
    fields += [f"performance.{p}.{s}" for (p, s), c in chip.throughputs.items() if c.source == key]
    fields += [f"{a.field} (alternative)" for a in chip.alternatives if a.source == key]
    return list(dict.fromkeys(fields))


def _chip_state(chip: ChipSeed, vendor_ids: dict[str, int], source_ids: dict[str, int]) -> tuple[Any, ...]:
    """The stored form of a chip, comparable with `_stored_states`."""
    row = {
        "name": chip.name,
        "name_key": name_key(chip.name),
        "vendor_id": vendor_ids[chip.vendor],
        "market": chip.market,
        "notes": chip.notes,
    }
    for column in SPEC_COLUMNS:
        cited = chip.fields.get(column)
        row[column] = None if cited is None else cited.value
    aliases = frozenset((a, name_key(a)) for a in chip.aliases if name_key(a) != row["name_key"])
    citations = frozenset(
        (f, source_ids[c.source], bool(c.not_applicable), c.note)
        for f, c in (*chip.fields.items(), *chip.precisions.items())
    )
    throughputs = frozenset(
        (p, s, float(c.value), source_ids[c.source], c.note)  # type: ignore[arg-type]
        for (p, s), c in chip.throughputs.items()
    )
    alternatives = tuple(
        sorted(
            (
                (
                    a.field,
                    a.value if isinstance(a.value, float) else None,
                    a.value if isinstance(a.value, str) else None,
                    source_ids[a.source],
                    a.note,
                )
                for a in chip.alternatives
            ),
            key=repr,
        )
    )
    return (tuple(sorted(row.items())), aliases, citations, throughputs, alternatives)


def _stored_states(connection: Connection, keys: Sequence[str]) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """The stored forms of the chips with these name keys (a name whose case changes is the same chip): five
    queries per CHUNK chips."""
    states = {}
    for chunk in _chunks(keys):
        states.update(_stored_chunk(connection, chunk))
    return states


def _stored_chunk(connection: Connection, keys: Sequence[str]) -> dict[str, tuple[int, tuple[Any, ...]]]:
    names = ["id", "name", "name_key", "vendor_id", "market", "notes", *SPEC_COLUMNS]
    rows = {
        r[0]: dict(zip(names, r, strict=True))
        for r in _select(connection, f"SELECT {', '.join(names)} FROM chips WHERE name_key IN ({{}})", keys)
    }
    if not rows:
        return {}
    ids = list(rows)
    aliases: dict[int, set[Any]] = {i: set() for i in rows}
    for chip_id, alias, key in _select(
        connection, "SELECT chip_id, alias, alias_key FROM aliases WHERE chip_id IN ({})", ids
    ):
        aliases[chip_id].add((alias, key))
    citations: dict[int, set[Any]] = {i: set() for i in rows}
    for chip_id, f, source_id, na, note in _select(
        connection,
        "SELECT chip_id, field, source_id, not_applicable, note FROM citations WHERE chip_id IN ({})",
        ids,
    ):
        citations[chip_id].add((f, source_id, bool(na), note))
    throughputs: dict[int, set[Any]] = {i: set() for i in rows}
    for chip_id, p, s, tflops, source_id, note in _select(
        connection,
        "SELECT chip_id, precision, sparsity, tflops, source_id, note FROM throughputs WHERE chip_id IN ({})",
        ids,
    ):
        throughputs[chip_id].add((p, s, tflops, source_id, note))
    alternatives: dict[int, list[Any]] = {i: [] for i in rows}
    for chip_id, *alt in _select(
        connection,
        "SELECT chip_id, field, value_num, value_text, source_id, note FROM alternatives WHERE chip_id IN ({})",
        ids,
    ):
        alternatives[chip_id].append(tuple(alt))
    states = {}
    for chip_id, row in rows.items():
        plain = {k: v for k, v in row.items() if k != "id"}
        states[row["name_key"]] = (
            chip_id,
            (
                tuple(sorted(plain.items())),
                frozenset(aliases[chip_id]),
                frozenset(citations[chip_id]),
                frozenset(throughputs[chip_id]),
                tuple(sorted(alternatives[chip_id], key=repr)),
            ),
        )
    return states


def _chips(
    connection: Connection,
    chips: Sequence[ChipSeed],
    vendor_ids: dict[str, int],
    source_ids: dict[str, int],
    report: SeedReport,
) -> None:
    """Write these chips: new ones added, changed ones rewritten (every changed chip's children deleted before
    any is inserted, so an alias may move between them), unchanged ones left alone."""
    stored = _stored_states(connection, [name_key(chip.name) for chip in chips])
    new_rows: list[tuple[ChipSeed, tuple[Any, ...]]] = []
    changed: list[tuple[int, ChipSeed, tuple[Any, ...]]] = []
    source_keys = {v: k for k, v in source_ids.items()}
    vendor_names = {v: k for k, v in vendor_ids.items()}
    for chip in chips:
        state = _chip_state(chip, vendor_ids, source_ids)
        key = name_key(chip.name)
        if key not in stored:
            new_rows.append((chip, state))
            if report.keep_changes:
                report.changes.append(f"{chip.name}: new chip ({chip.vendor}, {chip.market})")
        elif stored[key][1] != state:
            changed.append((stored[key][0], chip, state))
            lines, gone = chip_changes(chip.name, stored[key][1], state, source_keys, vendor_names)
            if report.keep_changes:
                report.changes += lines
            report.removed_aliases += [(chip.name, alias, chip.origin) for alias in gone]
        else:
            report.unchanged += 1
    if changed:
        changed_ids = [chip_id for chip_id, _, _ in changed]
        for some in _chunks(changed_ids):
            for model in (m.Alias, m.Citation, m.Throughput, m.Alternative):
                connection.execute(delete(model).where(model.chip_id.in_(some)))
        for chip_id, _, state in changed:
            connection.execute(update(m.Chip).where(m.Chip.id == chip_id).values(**dict(state[0])))
        report.updated += len(changed)
    if new_rows:
        connection.execute(insert(m.Chip), [dict(state[0]) for _, state in new_rows])
        report.added += len(new_rows)
    if not (changed or new_rows):
        return
    wanted = [chip.name for chip, _ in new_rows] + [chip.name for _, chip, _ in changed]
    ids: dict[str, int] = {}
    for names in _chunks(wanted):
        ids.update(
            (name, cid)
            for cid, name in connection.execute(select(m.Chip.id, m.Chip.name).where(m.Chip.name.in_(names)))
        )
    children: dict[str, list[tuple[Any, ...]]] = {name: [] for name in CHILD_COLUMNS}
    for state in [s for _, s in new_rows] + [s for _, _, s in changed]:
        chip_id = ids[dict(state[0])["name"]]
        _, aliases, citations, throughputs, alternatives = state
        children["aliases"] += [(chip_id, *row) for row in aliases]
        children["citations"] += [(chip_id, *row) for row in citations]
        children["throughputs"] += [(chip_id, *row) for row in throughputs]
        children["alternatives"] += [(chip_id, *row) for row in alternatives]
    for table, rows in children.items():
        _insert_many(connection, table, CHILD_COLUMNS[table], rows)


#: Child tables and their columns, in the order `_chip_state` builds their tuples (after chip_id).
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "aliases": ("chip_id", "alias", "alias_key"),
    "citations": ("chip_id", "field", "source_id", "not_applicable", "note"),
    "throughputs": ("chip_id", "precision", "sparsity", "tflops", "source_id", "note"),
    "alternatives": ("chip_id", "field", "value_num", "value_text", "source_id", "note"),
}


def _insert_many(
    connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """executemany through the driver: the bulk of a large seed, without per-row SQLAlchemy processing.

    Table and column names are chipdb's own constants; values are always bound parameters.
    """
    if not rows:
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    connection.exec_driver_sql(sql, rows)
