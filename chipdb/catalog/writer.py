"""Writing a validated SeedSet: the diff against what is stored, applied inside the caller's transaction.

A chip whose stored form equals the file's is left alone, so re-seeding unchanged data costs a read, and an
edited chip is rewritten whole (row and children), so nothing stale remains.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from chipdb.catalog.changes import chip_changes
from chipdb.catalog.policy_writer import check_event_chips, stored_names, write_country_groups, write_events
from chipdb.catalog.problems import Problems, did_you_mean
from chipdb.catalog.seed_data import ChipSeed, SeedSet
from chipdb.db import models as m
from chipdb.db.engine import inserted_id, lock_for_writes
from chipdb.db.schema_version import DATA_VERSION
from chipdb.domain.names import name_key
from chipdb.domain.vocab import SPEC_COLUMNS


@dataclass
class SeedReport:
    files: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    events_added: int = 0
    events_updated: int = 0
    dry_run: bool = False
    #: What changes, one line each ("H100 SXM5 80GB: tdp_w: 700 W -> 750 W"), in seed order.
    changes: list[str] = field(default_factory=list)
    #: Aliases that disappear, as (chip, alias, the file that no longer has it): seeding never deletes a chip,
    #: but an edited chip is rewritten whole, so an alias dropped from its file is gone.
    removed_aliases: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        return (
            f"{self.files} files; chips: {len(self.added)} {verb}, {len(self.updated)} "
            f"{'would update' if self.dry_run else 'updated'}, {self.unchanged} unchanged; "
            f"events: {self.events_added} {verb}, {self.events_updated} "
            f"{'would update' if self.dry_run else 'updated'}"
        )


def write(connection: Connection, seed: SeedSet, problems: Problems | None = None) -> SeedReport:
    """Validate references against what is stored, then apply the diff.

    Raises one SeedError, before writing any chip, with every problem: the loader's (`problems`) and the
    references nothing declares. The caller's transaction is then rolled back, vendors and sources included.
    """
    lock_for_writes(connection)
    found = problems if problems is not None else Problems()
    report = SeedReport()
    with _spotting_changes(connection) as changed:
        vendor_ids = _vendors(connection, seed)
        source_ids = _sources(connection, seed)
        _check_references(connection, seed, vendor_ids, source_ids, found)
        check_event_chips(connection, seed, found)
        found.raise_if_any()
        _chips(connection, seed, vendor_ids, source_ids, report)
        write_events(connection, seed, vendor_ids, source_ids, report)
        write_country_groups(connection, seed, source_ids)
    if changed:
        # a new token, not a counter: a database deleted and made again never repeats one (readers cache by it)
        connection.execute(delete(m.Meta).where(m.Meta.key == DATA_VERSION))
        connection.execute(insert(m.Meta).values(key=DATA_VERSION, value=uuid.uuid4().hex))
    return report


@contextmanager
def _spotting_changes(connection: Connection) -> Iterator[list[str]]:
    """Collects the statements that change rows. The writer only sends one where something differs, so an
    empty list means the seed changed nothing (and the data version stays)."""
    from sqlalchemy import event

    seen: list[str] = []

    def spot(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen.append(statement)

    event.listen(connection, "before_cursor_execute", spot)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", spot)


def _vendors(connection: Connection, seed: SeedSet) -> dict[str, int]:
    stored = {
        name: (vid, country)
        for vid, name, country in connection.execute(select(m.Vendor.id, m.Vendor.name, m.Vendor.country))
    }
    for name, country in seed.vendors.items():
        if name not in stored:
            vid = inserted_id(connection.execute(insert(m.Vendor).values(name=name, country=country)))
            stored[name] = (vid, country)
        elif stored[name][1] != country:
            connection.execute(update(m.Vendor).where(m.Vendor.id == stored[name][0]).values(country=country))
    return {name: vid for name, (vid, _) in stored.items()}


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


def _sources(connection: Connection, seed: SeedSet) -> dict[str, int]:
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
    return dict(connection.execute(select(m.Source.key, m.Source.id)).all())


def _check_references(
    connection: Connection,
    seed: SeedSet,
    vendor_ids: dict[str, int],
    source_ids: dict[str, int],
    problems: Problems,
) -> None:
    """Every vendor and source named must be declared (in the files or the database); names stay unique."""
    broken_vendors, broken_sources = (
        seed.unreadable.get("vendors", set()),
        seed.unreadable.get("sources", set()),
    )

    def undefined(key: str) -> str:
        return f"undefined source {key!r}{did_you_mean(key, source_ids)}"

    for chip in seed.chips:
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
    for event in seed.events:
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
    for member in seed.country_groups:
        if member.source not in source_ids and member.source not in broken_sources:
            problems.add(
                member.origin,
                ("country_groups", member.index, "source"),
                f"country_groups[{member.index}] ({member.group} {member.country}).source: "
                f"{undefined(member.source)}",
            )
    # names and aliases must stay unique against chips stored but not in this seed set
    owners = {key: owner for _, key, owner in stored_names(connection, seed)}
    for chip in seed.chips:
        for what, text in (("name", chip.name), *(("aliases", a) for a in chip.aliases)):
            owner = owners.get(name_key(text))
            if owner is not None:
                problems.add(
                    chip.origin,
                    ("chips", chip.index, what),
                    f"chips[{chip.index}] ({chip.name}): {text!r} already names stored chip {owner!r}",
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


def _stored_states(connection: Connection) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """Every stored chip's form, keyed by name key (a name whose case changes is the same chip): five queries
    whatever the size of the catalog."""
    chip_cols = [m.Chip.id, m.Chip.name, m.Chip.name_key, m.Chip.vendor_id, m.Chip.market, m.Chip.notes] + [
        getattr(m.Chip, c) for c in SPEC_COLUMNS
    ]
    names = ["id", "name", "name_key", "vendor_id", "market", "notes", *SPEC_COLUMNS]
    rows = {r[0]: dict(zip(names, r, strict=True)) for r in connection.execute(select(*chip_cols))}
    aliases: dict[int, set[Any]] = {i: set() for i in rows}
    for chip_id, alias, key in connection.execute(select(m.Alias.chip_id, m.Alias.alias, m.Alias.alias_key)):
        aliases[chip_id].add((alias, key))
    citations: dict[int, set[Any]] = {i: set() for i in rows}
    for chip_id, f, source_id, na, note in connection.execute(
        select(
            m.Citation.chip_id,
            m.Citation.field,
            m.Citation.source_id,
            m.Citation.not_applicable,
            m.Citation.note,
        )
    ):
        citations[chip_id].add((f, source_id, bool(na), note))
    throughputs: dict[int, set[Any]] = {i: set() for i in rows}
    for chip_id, p, s, tflops, source_id, note in connection.execute(
        select(
            m.Throughput.chip_id,
            m.Throughput.precision,
            m.Throughput.sparsity,
            m.Throughput.tflops,
            m.Throughput.source_id,
            m.Throughput.note,
        )
    ):
        throughputs[chip_id].add((p, s, tflops, source_id, note))
    alternatives: dict[int, list[Any]] = {i: [] for i in rows}
    for chip_id, *alt in connection.execute(
        select(
            m.Alternative.chip_id,
            m.Alternative.field,
            m.Alternative.value_num,
            m.Alternative.value_text,
            m.Alternative.source_id,
            m.Alternative.note,
        )
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
    seed: SeedSet,
    vendor_ids: dict[str, int],
    source_ids: dict[str, int],
    report: SeedReport,
) -> None:
    stored = _stored_states(connection)
    new_rows: list[tuple[ChipSeed, tuple[Any, ...]]] = []
    changed: list[tuple[int, ChipSeed, tuple[Any, ...]]] = []
    source_keys = {v: k for k, v in source_ids.items()}
    vendor_names = {v: k for k, v in vendor_ids.items()}
    for chip in seed.chips:
        state = _chip_state(chip, vendor_ids, source_ids)
        key = name_key(chip.name)
        if key not in stored:
            new_rows.append((chip, state))
            report.changes.append(f"{chip.name}: new chip ({chip.vendor}, {chip.market})")
        elif stored[key][1] != state:
            changed.append((stored[key][0], chip, state))
            lines, gone = chip_changes(chip.name, stored[key][1], state, source_keys, vendor_names)
            report.changes += lines
            report.removed_aliases += [(chip.name, alias, chip.origin) for alias in gone]
        else:
            report.unchanged += 1
    if changed:
        changed_ids = [chip_id for chip_id, _, _ in changed]
        for model in (m.Alias, m.Citation, m.Throughput, m.Alternative):
            connection.execute(delete(model).where(model.chip_id.in_(changed_ids)))
        for chip_id, chip, state in changed:
            connection.execute(update(m.Chip).where(m.Chip.id == chip_id).values(**dict(state[0])))
            report.updated.append(chip.name)
    if new_rows:
        connection.execute(insert(m.Chip), [dict(state[0]) for _, state in new_rows])
        report.added.extend(chip.name for chip, _ in new_rows)
    if not (changed or new_rows):
        return
    wanted = {chip.name for chip, _ in new_rows} | {chip.name for _, chip, _ in changed}
    ids = {name: cid for cid, name in connection.execute(select(m.Chip.id, m.Chip.name)) if name in wanted}
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
