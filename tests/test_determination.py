"""The licence determination on the bundled data, case by case, built from the rule texts; both backends.

Each case: chip, destination, date, end user's headquarters -> licence required (True, False, None for
undecided or "if subject to the EAR"), and bases that must be among the answer's (rule versions by key, events
by id). The comment on each case says which text decides it.
"""

import datetime as dt

from chipdb.config import DatabaseLocation
from chipdb.db import queries
from chipdb.db.reader import Reader, connect_reader
from chipdb.rules.classification import determine_for
from chipdb.rules.determination import Determination, Policy

LETTER_2022 = "bis-2022-08-26-nvidia-letter"
ACCELERATION = "bis-2023-10-23-immediate"
H20_LETTER = "bis-2025-04-09-nvidia-h20"
RU = "embargo-ru-746-8"

CASES: list[tuple[str, str, str, str | None, bool | None, set[str]]] = [
    # the August 2022 letter to NVIDIA: CN, HK, RU from 2022-08-26
    ("H100 SXM5 80GB", "CN", "2022-08-25", None, False, set()),
    ("H100 SXM5 80GB", "CN", "2022-08-26", None, True, {LETTER_2022}),
    ("A100 SXM4 80GB", "HK", "2022-09-01", None, True, {LETTER_2022}),
    ("H100 SXM5 80GB", "RU", "2022-09-01", None, True, {LETTER_2022, RU}),
    ("A100 PCIe 40GB", "SG", "2022-09-01", None, False, set()),
    # the October 2022 rule: China (Hong Kong as China since 2020-12-23), Macau from 2023-01-17
    ("H100 SXM5 80GB", "CN", "2022-10-07", None, True, {"2022-10", LETTER_2022}),
    ("H100 PCIe 80GB", "HK", "2022-11-01", None, True, {"2022-10", LETTER_2022}),
    ("H100 NVL 94GB", "HK", "2022-11-01", None, True, {"2022-10"}),
    ("H100 SXM5 80GB", "MO", "2022-11-01", None, False, set()),
    ("H100 SXM5 80GB", "MO", "2023-01-17", None, True, {"2022-10"}),
    ("H100 SXM5 80GB", "SA", "2023-06-01", None, False, set()),
    ("A800 SXM4 80GB", "CN", "2023-06-01", None, False, set()),  # I/O 400 + 64 < 600
    ("H800 SXM5 80GB", "CN", "2023-06-01", None, False, set()),  # I/O 400 + 128 < 600
    ("Instinct MI250", "CN", "2023-06-01", None, True, {"2022-10", "bis-2022-08-amd-mi250-letter"}),
    ("RTX 4090", "CN", "2023-06-01", None, False, set()),  # no chip-to-chip link: I/O 64 < 600
    # the 2023-10-23 acceleration for NVIDIA, with the 2023 rule's destinations
    ("A800 SXM4 80GB", "CN", "2023-10-22", None, False, set()),
    ("A800 SXM4 80GB", "CN", "2023-10-23", None, True, {ACCELERATION}),
    ("H800 SXM5 80GB", "CN", "2023-10-23", None, True, {ACCELERATION}),
    ("H100 SXM5 80GB", "SA", "2023-10-22", None, False, set()),
    ("H100 SXM5 80GB", "SA", "2023-10-23", None, True, {ACCELERATION}),  # SA is in D:4
    ("L40S", "VN", "2023-10-23", None, True, {ACCELERATION}),  # VN is in D:1
    ("RTX 4090", "CN", "2023-10-23", None, False, set()),  # not named in the acceleration
    # the October 2023 rule from 2023-11-17: D:1, D:4, D:5 not also A:5/A:6, plus Macau
    ("A800 SXM4 80GB", "CN", "2023-11-17", None, True, {"2023-10", ACCELERATION}),
    ("L40", "CN", "2024-01-01", None, True, {"2023-10"}),
    ("H100 SXM5 80GB", "AE", "2024-06-01", None, True, {"2023-10"}),
    ("H100 SXM5 80GB", "VN", "2024-06-01", None, True, {"2023-10"}),
    ("H100 SXM5 80GB", "KZ", "2024-06-01", None, True, {"2023-10"}),  # D:1; A:4 does not lift it
    ("H100 SXM5 80GB", "IL", "2024-06-01", None, False, set()),  # D:4 but also A:6
    ("H100 SXM5 80GB", "IN", "2024-06-01", None, False, set()),  # A:5
    ("H100 SXM5 80GB", "DE", "2024-06-01", None, False, set()),
    ("H100 SXM5 80GB", "MY", "2024-06-01", None, False, set()),
    ("H100 SXM5 80GB", "MO", "2024-06-01", None, True, {"2023-10"}),
    ("RTX 4090", "CN", "2024-06-01", None, True, {"2023-10"}),  # 3A090.a, not datacenter: NAC
    ("RTX 4090 D", "CN", "2025-01-01", None, False, set()),  # TPP < 4800, not datacenter: Note 2
    # the headquarters rule: an end user headquartered in Macau or D:5, wherever the export goes
    ("H100 SXM5 80GB", "DE", "2024-06-01", "CN", True, {"2023-10-hq"}),
    ("H100 SXM5 80GB", "MY", "2024-06-01", "MO", True, {"2023-10-hq"}),
    ("H100 SXM5 80GB", "MY", "2024-06-01", "SA", False, set()),  # SA is not in D:5
    ("H100 SXM5 80GB", "DE", "2023-11-16", "CN", False, set()),  # from 2023-11-17
    ("H100 SXM5 80GB", "DE", "2024-06-01", "HK", True, {"2023-10-hq"}),  # Hong Kong as China
    ("H20", "DE", "2024-06-01", "CN", False, set()),  # H20 is not 3A090
    # country-group changes: Nicaragua into D:1/D:5 on 2024-03-15; Cambodia out of D:5 on 2026-02-03
    ("H100 SXM5 80GB", "NI", "2024-03-14", None, False, set()),
    ("H100 SXM5 80GB", "NI", "2024-03-15", None, True, {"2023-10"}),
    ("H100 SXM5 80GB", "DE", "2024-03-14", "NI", False, set()),
    ("H100 SXM5 80GB", "DE", "2024-06-01", "NI", True, {"2023-10-hq"}),
    ("H100 SXM5 80GB", "DE", "2025-06-01", "KH", True, {"2023-10-hq"}),
    ("H100 SXM5 80GB", "DE", "2026-06-01", "KH", False, set()),
    ("H100 SXM5 80GB", "KH", "2026-06-01", None, True, {"2023-10"}),  # still D:1
    # embargoes (15 CFR part 746): whatever the ECCN
    ("H20", "RU", "2022-03-01", None, True, {RU}),
    ("H100 SXM5 80GB", "RU", "2022-02-23", None, False, set()),
    ("L4", "BY", "2022-03-02", None, True, {"embargo-by-746-8"}),
    ("L4", "IR", "2024-01-01", None, True, {"embargo-ir-746-7"}),
    ("L4", "CU", "2024-01-01", None, True, {"embargo-cu-746-2"}),
    ("L4", "KP", "2024-01-01", None, True, {"embargo-kp-746-4"}),
    ("L4", "SY", "2025-10-01", None, True, {"embargo-sy-746-9"}),
    ("H100 SXM5 80GB", "IR", "2024-01-01", None, True, {"2023-10", "embargo-ir-746-7"}),
    ("L4", "UA", "2024-01-01", None, False, set()),  # only occupied regions are embargoed: a caveat
    # company-specific letters
    ("H20", "CN", "2025-04-08", None, False, set()),
    ("H20", "CN", "2025-04-09", None, True, {H20_LETTER}),
    ("H20", "HK", "2025-04-10", None, True, {H20_LETTER}),
    ("H20", "MO", "2025-04-10", None, True, {H20_LETTER}),
    ("H20", "VE", "2025-04-10", None, True, {H20_LETTER}),  # VE is in D:5
    ("H20", "SA", "2025-04-10", None, False, set()),
    ("H20", "CN", "2025-09-01", None, True, {H20_LETTER}),  # licences granted: still required
    ("Instinct MI309", "CN", "2024-03-03", None, None, set()),  # no throughput published: undecided
    ("Instinct MI309", "CN", "2024-03-04", None, True, {"bis-2024-03-amd-mi309"}),
    ("Instinct MI308X", "CN", "2025-04-16", None, True, {"bis-2025-04-amd-mi308"}),
    ("Gaudi 3", "CN", "2025-04-16", None, True, {"intel-2025-04-gaudi", "2023-10"}),
    # the January 2026 review policy (a licence is still required)
    ("H200 SXM 141GB", "CN", "2025-06-01", None, True, {"2023-10"}),
    ("H200 SXM 141GB", "CN", "2026-06-01", None, True, {"2023-10"}),
    ("B200", "CN", "2026-06-01", None, True, {"2023-10"}),
    ("H200 SXM 141GB", "SA", "2026-06-01", None, True, {"2023-10"}),
    # non-US parts: the classification shows, whether the EAR reaches them is not chipdb's to say
    ("Ascend 910B", "CN", "2025-06-01", None, None, {"2023-10"}),
    ("Ascend 910B", "DE", "2025-06-01", None, False, set()),
    # before chipdb's records begin there is no answer
    ("H100 SXM5 80GB", "IR", "2018-06-01", None, None, set()),
]  # fmt: skip


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 60


def test_licence_required_case_by_case(db: DatabaseLocation) -> None:
    """Every case on this backend's copy of the bundled data; all mismatches are reported at once."""
    reader = connect_reader(db)
    try:
        policy = queries.policy(reader)
        mismatches = [problem for case in CASES if (problem := _check(reader, policy, *case))]
    finally:
        reader.close()
    assert not mismatches, "\n".join(mismatches)


def _check(
    reader: Reader,
    policy: Policy,
    chip: str,
    to: str,
    on: str,
    hq: str | None,
    required: bool | None,
    bases: set[str],
) -> str:
    record = queries.chips(reader, [queries.resolve(reader, chip)], details=False)[0]
    found: Determination = determine_for(record, to, dt.date.fromisoformat(on), policy, hq)
    case = f"{chip} to {to} on {on}" + (f" (HQ {hq})" if hq else "")
    keys = {b.key for b in found.bases}
    if found.licence_required is not required:
        return f"{case}: licence_required {found.licence_required}, expected {required}: {found.text()}"
    if not bases <= keys:
        return f"{case}: bases {sorted(keys)}, expected at least {sorted(bases)}"
    if required is False and found.bases:
        return f"{case}: no licence required, yet bases {sorted(keys)}"
    if any(not (b.text and b.citation and b.since <= found.date) for b in found.bases):
        return f"{case}: a basis without text, citation, or dated after the question"
    return ""
