"""Fixed chip records for pure tests of the rules and the report layer (no database)."""

import datetime as dt

from chipdb.domain.records import ChipRecord, EventRecord, FieldCitation, GroupMembership, ThroughputValue
from chipdb.rules.determination import Policy
from chipdb.rules.scope import CountryGroups


def chip(
    name: str = "Test T1",
    *,
    vendor: str = "NVIDIA",
    country: str | None = "US",
    market: str = "datacenter",
    dense: dict[str, float] | None = None,
    sparse: dict[str, float] | None = None,
    na: tuple[str, ...] = (),
    events: list[EventRecord] | None = None,
    **specs: float | str | None,
) -> ChipRecord:
    """A chip whose every value cites the source `src`; `na` lists fields the hardware lacks."""
    record = ChipRecord(id=abs(hash(name)) % 10**6, name=name, vendor=vendor, vendor_country=country,
                        market=market, specs=dict(specs))  # fmt: skip
    for field in specs:
        record.citations[field] = FieldCitation("src", None, False)
    for field in na:
        record.citations[field] = FieldCitation("src", None, True)
    for sparsity, rates in (("dense", dense or {}), ("sparse", sparse or {})):
        for precision, value in rates.items():
            record.throughputs[(precision, sparsity)] = ThroughputValue(value, "src", None)
    record.events = list(events or [])
    return record


def event(
    key: str,
    on: str,
    destinations: tuple[str, ...] = ("CN",),
    action: str = "licence_required",
    chips: tuple[str, ...] = (),
    rule: str | None = None,
) -> EventRecord:
    return EventRecord(key=key, effective_text=on, effective_on=dt.date.fromisoformat(on), announced=None,
                       authority="BIS", action=action, rule=rule, summary=f"{key} summary", source="src",
                       destinations=destinations, chips=chips)  # fmt: skip


H800 = chip(
    "H800 SXM5 80GB", dense={"int8": 1979.0, "fp16": 989.5, "fp64": 1.0}, sparse={"fp16": 1979.0},
    die_area_mm2=814.0, memory_capacity_gb=80.0, memory_bandwidth_gbs=3350.0, interconnect_bandwidth_gbs=400.0,
    host_interface="PCIe 5.0 x16", tdp_w=700.0,
)  # fmt: skip
ASCEND = chip(
    "Ascend 910B", vendor="Huawei", country="CN", dense={"fp16": 320.0, "int8": 640.0}, na=("fp64", "fp8"),
    memory_capacity_gb=64.0, memory_bandwidth_gbs=1600.0, tdp_w=400.0,
)  # fmt: skip


def member(group: str, country: str, start: str | None = None, end: str | None = None) -> GroupMembership:
    return GroupMembership(group, country, dt.date.fromisoformat(start) if start else None,
                           dt.date.fromisoformat(end) if end else None, "src")  # fmt: skip


#: A small, fixed slice of Supplement No. 1 to part 740 for pure tests (the bundled data is tested elsewhere).
GROUPS = CountryGroups([
    member("D:1", "CN"), member("D:4", "CN"), member("D:5", "CN"), member("D:1", "MO"), member("D:4", "MO"),
    member("D:4", "SA"), member("D:4", "AE"), member("D:1", "VN"), member("D:4", "IL"), member("A:6", "IL"),
    member("D:1", "RU"), member("D:4", "RU"), member("D:5", "RU"),
    member("D:1", "NI", "2024-03-15"), member("D:5", "NI", "2024-03-15"),
    member("D:1", "KH"), member("D:5", "KH", "2021-12-09", "2026-02-03"),
])  # fmt: skip
POLICY = Policy(GROUPS, (event("embargo-ru", "2022-02-24", ("RU",), action="embargo"),))
