"""The rule versions on both sides of every threshold, and properties that must hold for any chip."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chipdb.domain.vocab import PRECISIONS
from chipdb.rules import RULES, RuleInput, classify_all, in_force
from chipdb.rules.base import pcie_bidirectional_gbs

r2022 = RULES["2022-10"].classify
r2023 = RULES["2023-10"].classify
r2026 = RULES["2026-01"].classify


def dc(tpp: float, area: float | None = None, datacenter: bool | None = True, **kw: float) -> RuleInput:
    return RuleInput(tpp=tpp, die_area_mm2=area, datacenter=datacenter, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tpp", "area", "datacenter", "expected"),
    [
        (4800, None, True, "3A090.a"),  # a.1, die area not needed
        (4799.99, None, True, "undecided"),  # PD decides below 4800
        (4799.99, 10_000, True, "not controlled"),  # PD 0.48 is below every band
        (4800, None, False, "3A090.a"),  # not datacenter, TPP >= 4800
        (4799.99, 1, False, "not controlled"),  # Note 2: PD does not matter
        (1600, 1600 / 5.92, True, "3A090.a"),  # a.2 at PD exactly 5.92
        (1600, 1600 / 5.9199, True, "3A090.b"),  # PD just under 5.92 -> b.2
        (1599.99, 1, True, "not controlled"),  # below 1600 nothing applies
        (2400, 2400 / 1.6, True, "3A090.b"),  # b.1 at its lower corners
        (2399.99, 2399.99 / 1.6, True, "not controlled"),  # b.1 needs TPP >= 2400; PD 1.6 < 3.2
        (2399.99, 2399.99 / 3.2, True, "3A090.b"),  # b.2 at PD exactly 3.2
        (2399.99, 2399.99 / 3.1999, True, "not controlled"),
        (2400, 2400 / 1.5999, True, "not controlled"),  # PD just under 1.6
        (3000, None, None, "undecided"),  # market unknown matters between 1600 and 4800
    ],
)
def test_2023_thresholds(tpp: float, area: float | None, datacenter: bool | None, expected: str) -> None:
    assert r2023(dc(tpp, area, datacenter)).classification == expected


def test_2023_licence_exceptions() -> None:
    assert r2023(dc(3000, 3000 / 2)).licence_exception == "NAC"  # 3A090.b, datacenter
    assert r2023(dc(5000, None, False)).licence_exception == "NAC"  # 3A090.a, not datacenter
    assert r2023(dc(5000)).licence_exception is None  # 3A090.a, datacenter


@pytest.mark.parametrize(
    ("tpp", "io", "expected"),
    [
        (4800, 600, "3A090"),
        (4800, 599, "not controlled"),
        (4799.99, 10_000, "not controlled"),
        (10_000, 599.99, "not controlled"),
    ],
)
def test_2022_thresholds(tpp: float, io: float, expected: str) -> None:
    assert r2022(RuleInput(tpp=tpp, io_gbs=io)).classification == expected


def test_2022_io_from_parts_and_what_is_missing() -> None:
    h800 = RuleInput(rates={"int8": 1979}, interconnect_gbs=400, host_interface="PCIe 5.0 x16")
    verdict = r2022(h800)
    assert verdict.classification == "not controlled"
    assert "400 (chip-to-chip) + 128 (PCIe 5.0 x16) = 528 GB/s < 600" in verdict.reasons[1]
    missing = r2022(RuleInput(rates={"int8": 1979}, interconnect_gbs=400))
    assert missing.classification == "undecided" and "host interface" in missing.reasons[1]
    enough = r2022(RuleInput(rates={"int8": 1979}, interconnect_gbs=900))  # PCIe cannot lower it
    assert enough.classification == "3A090"
    no_link = r2022(RuleInput(rates={"fp8": 660.6}, no_interconnect=True, host_interface="PCIe 4.0 x16"))
    assert no_link.classification == "not controlled"


@pytest.mark.parametrize(
    ("tpp", "bandwidth", "policy"),
    [(20_999, 6499, "case-by-case"), (21_000, 6499, "presumption of denial"), (20_999, 6500, "presumption of denial"),
     (20_999, None, "undecided")],
)  # fmt: skip
def test_2026_review_policy(tpp: float, bandwidth: float | None, policy: str) -> None:
    verdict = r2026(dc(tpp, memory_bandwidth_gbs=bandwidth) if bandwidth else dc(tpp))
    assert verdict.classification == "3A090.a"
    assert verdict.review_policy is not None and verdict.review_policy.startswith(policy)


def test_2026_leaves_uncontrolled_parts_alone() -> None:
    assert r2026(dc(1000, 500)).review_policy is None


def test_missing_inputs_are_undecided_and_named() -> None:
    for verdict in classify_all(RuleInput(die_area_mm2=800, datacenter=True)):
        assert verdict.classification == "undecided"
        assert any("TPP cannot be computed" in reason for reason in verdict.reasons)
    verdict = r2023(RuleInput(rates={"fp16": 200}, datacenter=True))
    assert verdict.classification == "undecided" and "die area unknown" in verdict.reasons[1]


def test_arithmetic_is_shown() -> None:
    verdict = r2023(RuleInput(rates={"fp8": 1979, "fp16": 989.5}, die_area_mm2=814, datacenter=True))
    assert verdict.reasons[0].startswith("TPP 1,979 x 8 (fp8) = 15,832 >= 4,800 -> 3A090.a")


def test_rule_in_force() -> None:
    import datetime as dt

    assert in_force(dt.date(2022, 10, 6)) is None
    assert in_force(dt.date(2022, 10, 7)).key == "2022-10"  # type: ignore[union-attr]
    assert in_force(dt.date(2023, 11, 16)).key == "2022-10"  # type: ignore[union-attr]
    assert in_force(dt.date(2023, 11, 17)).key == "2023-10"  # type: ignore[union-attr]
    assert in_force(dt.date(2026, 1, 15)).key == "2026-01"  # type: ignore[union-attr]


def test_pcie_parsing() -> None:
    assert pcie_bidirectional_gbs("PCIe 5.0 x16") == (128.0, "PCIe 5.0 x16")
    assert pcie_bidirectional_gbs("PCIe Gen4 x16") == (64.0, "PCIe 4.0 x16")
    assert pcie_bidirectional_gbs("OAM") is None


ORDER = {"not controlled": 0, "3A090.b": 1, "3A090.a": 2, "3A090": 2}
rates = st.dictionaries(st.sampled_from(PRECISIONS), st.floats(min_value=0.01, max_value=20_000), min_size=1)
chips = st.builds(
    RuleInput,
    rates=rates,
    die_area_mm2=st.floats(min_value=50, max_value=2000),
    interconnect_gbs=st.floats(min_value=0, max_value=2000),
    host_interface=st.sampled_from(["PCIe 4.0 x16", "PCIe 5.0 x16"]),
    memory_bandwidth_gbs=st.floats(min_value=10, max_value=10_000),
    datacenter=st.booleans(),
)


@given(chips, st.sampled_from(PRECISIONS), st.floats(min_value=1.0, max_value=10.0))
def test_raising_a_rate_never_lowers_the_classification(
    chip: RuleInput, precision: str, factor: float
) -> None:
    faster = chip._replace(rates={**chip.rates, precision: chip.rates.get(precision, 0.01) * factor})
    for before, after in zip(classify_all(chip), classify_all(faster), strict=True):
        assert ORDER[after.classification] >= ORDER[before.classification], (before, after)


@given(chips)
def test_verdict_does_not_depend_on_rate_order(chip: RuleInput) -> None:
    reversed_chip = chip._replace(rates=dict(reversed(list(chip.rates.items()))))
    assert [v.classification for v in classify_all(chip)] == [
        v.classification for v in classify_all(reversed_chip)
    ]


@given(chips)
def test_sparse_figures_never_reach_tpp(chip: RuleInput) -> None:
    """RuleInput carries dense rates only; the stored sparse rows are never read into it (see classification)."""
    from chipdb.domain.records import ChipRecord, ThroughputValue
    from chipdb.rules.classification import rule_input

    record = ChipRecord(1, "x", "v", None, "datacenter", {"die_area_mm2": chip.die_area_mm2})
    for precision, value in chip.rates.items():
        record.throughputs[(precision, "dense")] = ThroughputValue(value, "s", None)
    dense_only = rule_input(record).total_processing_performance()
    for precision, value in chip.rates.items():
        record.throughputs[(precision, "sparse")] = ThroughputValue(value * 2, "s", None)
    with_sparse = rule_input(record).total_processing_performance()
    assert dense_only == with_sparse


@given(
    st.floats(0, 20000) | st.none(),
    st.floats(0, 2000) | st.none(),
    st.booleans(),
    st.sampled_from([None, "PCIe 4.0 x16", "PCIe 5.0 x16", "SXM"]),
)
def test_the_2022_label_is_the_classification(
    tpp: float | None, interconnect: float | None, no_link: bool, host: str | None
) -> None:
    """The list's light path and the full verdict never part."""
    from chipdb.rules import r2022_10

    chip = RuleInput(tpp=tpp, interconnect_gbs=interconnect, no_interconnect=no_link, host_interface=host)
    assert r2022_10.label(chip) == r2022_10.classify(chip).classification


@given(
    st.floats(0, 40000) | st.none(),
    st.floats(50, 900) | st.none(),
    st.booleans() | st.none(),
    st.floats(100, 9000) | st.none(),
    st.floats(0, 2000) | st.none(),
    st.sampled_from([None, "PCIe 4.0 x16", "PCIe 5.0 x16"]),
)
def test_every_rules_label_is_its_classification(
    tpp: float | None,
    area: float | None,
    datacenter: bool | None,
    bandwidth: float | None,
    interconnect: float | None,
    host: str | None,
) -> None:
    """The list's light path (rules.label) and the full verdict never part, under every rule version."""
    from chipdb.rules import label

    chip = RuleInput(tpp=tpp, die_area_mm2=area, datacenter=datacenter, memory_bandwidth_gbs=bandwidth,
                     interconnect_gbs=interconnect, host_interface=host)  # fmt: skip
    for key, rule in RULES.items():
        verdict = rule.classify(chip)
        assert label(key, chip) == (
            verdict.classification,
            verdict.licence_exception,
            verdict.review_policy,
        ), key
