"""The schema as typed SQLAlchemy 2 models; migrations are generated from and checked against these."""

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chipdb.domain.vocab import ACTIONS, COUNTRY_GROUPS, MARKETS, PRECISIONS, SPARSITIES, TIERS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str | None] = mapped_column(Text)


class Source(Base):
    """A document that backs values: a datasheet, a rule text, an article."""

    __tablename__ = "sources"
    __table_args__ = (CheckConstraint(_in("tier", TIERS), name="tier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    tier: Mapped[str] = mapped_column(String(16))


class Chip(Base):
    """One product variant. A NULL spec is unknown; n/a is recorded in `citations`."""

    __tablename__ = "chips"
    __table_args__ = (CheckConstraint(_in("market", MARKETS), name="market"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_key: Mapped[str] = mapped_column(String(400), unique=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    market: Mapped[str] = mapped_column(String(16))
    family: Mapped[str | None] = mapped_column(Text)
    release_date: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    process_node: Mapped[str | None] = mapped_column(Text)
    foundry: Mapped[str | None] = mapped_column(Text)
    transistors_billion: Mapped[float | None] = mapped_column(Float)
    die_area_mm2: Mapped[float | None] = mapped_column(Float)
    memory_type: Mapped[str | None] = mapped_column(Text)
    memory_capacity_gb: Mapped[float | None] = mapped_column(Float)
    memory_bandwidth_gbs: Mapped[float | None] = mapped_column(Float)
    interconnect_bandwidth_gbs: Mapped[float | None] = mapped_column(Float)
    host_interface: Mapped[str | None] = mapped_column(Text)
    tdp_w: Mapped[float | None] = mapped_column(Float)
    form_factor: Mapped[str | None] = mapped_column(Text)
    tpp_stated: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)


class Alias(Base):
    __tablename__ = "aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chip_id: Mapped[int] = mapped_column(ForeignKey("chips.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(400), unique=True)


class Citation(Base):
    """The source behind one field of a chip, or behind its being not applicable (n/a)."""

    __tablename__ = "citations"

    chip_id: Mapped[int] = mapped_column(ForeignKey("chips.id", ondelete="CASCADE"), primary_key=True)
    field: Mapped[str] = mapped_column(String(50), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


class Throughput(Base):
    """Peak throughput in TFLOPS/TOPS; dense and sparse are separate rows, each with its own source."""

    __tablename__ = "throughputs"
    __table_args__ = (
        CheckConstraint(_in("precision", PRECISIONS), name="precision"),
        CheckConstraint(_in("sparsity", SPARSITIES), name="sparsity"),
        CheckConstraint("tflops > 0", name="positive"),
    )

    chip_id: Mapped[int] = mapped_column(ForeignKey("chips.id", ondelete="CASCADE"), primary_key=True)
    precision: Mapped[str] = mapped_column(String(16), primary_key=True)
    sparsity: Mapped[str] = mapped_column(String(8), primary_key=True)
    tflops: Mapped[float] = mapped_column(Float)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)


class Alternative(Base):
    """A value another source gives for a field, kept beside the one chipdb trusts."""

    __tablename__ = "alternatives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chip_id: Mapped[int] = mapped_column(ForeignKey("chips.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(50))  # a spec field, or "fp16.dense"
    value_num: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)


class Event(Base):
    """A dated restriction action by an authority."""

    __tablename__ = "events"
    __table_args__ = (CheckConstraint(_in("action", ACTIONS), name="action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    #: As recorded: YYYY-MM-DD, or YYYY-MM where the day is not public.
    effective_text: Mapped[str] = mapped_column(String(10))
    #: The day by which it is known to be in force (the last day of a month-only date); status uses this.
    effective_on: Mapped[dt.date] = mapped_column(Date, index=True)
    announced: Mapped[str | None] = mapped_column(String(10))
    authority: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    rule: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)


class EventDestination(Base):
    __tablename__ = "event_destinations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    destination: Mapped[str] = mapped_column(String(20), primary_key=True)


class EventChip(Base):
    __tablename__ = "event_chips"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    chip_id: Mapped[int] = mapped_column(
        ForeignKey("chips.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EventVendor(Base):
    """The vendors an event names (an Entity List entry names companies, not chips)."""

    __tablename__ = "event_vendors"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CountryGroupMember(Base):
    """A country in an EAR country group (Supplement No. 1 to part 740) from one date to another."""

    __tablename__ = "country_group_members"
    __table_args__ = (
        CheckConstraint(_in("group_code", COUNTRY_GROUPS), name="group_code"),
        UniqueConstraint("group_code", "country", "valid_from", name="uq_country_group_members_period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_code: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(2), index=True)
    #: NULL: a member before chipdb's records begin.
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    #: The first day it is no longer a member; NULL: still a member.
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)


class Meta(Base):
    """Facts about the database itself, one row per key: which bundled seed data it was last loaded with, so
    that read commands can say when the installed chipdb carries newer data (one small read)."""

    __tablename__ = "chipdb_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
