"""How a licence determination is shown: the JSON objects, a Status cell, and the tables of `assess`; pure."""

from typing import Any

from chipdb.report.document import Document, Table
from chipdb.rules.determination import Basis, Determination, OtherRestriction

KIND_LABELS = {"rule": "rule", "company_action": "company action", "embargo": "embargo",
               "headquarters": "headquarters rule", "guidance": "guidance", "entity_listing": "entity listing"}  # fmt: skip


def basis_object(b: Basis | OtherRestriction) -> dict[str, Any]:
    obj: dict[str, Any] = {"kind": b.kind, "key": b.key, "citation": b.citation, "since": b.since.isoformat(),
                           "text": b.text}  # fmt: skip
    if isinstance(b, Basis):
        obj["review_policy"] = b.review_policy
    return obj


def assess_object(d: Determination) -> dict[str, Any]:
    """`chipdb assess --format json` for one chip (and /api/assess)."""
    return {
        "chip": d.chip,
        "destination": d.destination,
        "date": d.date.isoformat(),
        "end_user_hq": d.end_user_hq,
        "licence_required": d.licence_required,
        "kind": d.kind,
        "since": d.since.isoformat() if d.since else None,
        "bases": [basis_object(b) for b in d.bases],
        "review_policy": d.review_policy,
        "licence_exception": d.licence_exception,
        "other_restrictions": [basis_object(o) for o in d.other_restrictions],
        "undecided": list(d.undecided),
        "caveats": list(d.caveats),
    }


def status_object(d: Determination) -> dict[str, Any]:
    """The `status` of a chip object (list, show, compare): the determination plus `restricted` and `as_of`."""
    obj = assess_object(d)
    return {
        "restricted": d.restricted,
        "as_of": obj.pop("date"),
        **{k: v for k, v in obj.items() if k != "chip"},
    }


def assess_document(determinations: list[Determination]) -> Document:
    """Per chip: the answer, every basis with its arithmetic or document, other restrictions, caveats."""
    tables: list[Table] = []
    for d in determinations:
        hq = f", end user headquartered in {d.end_user_hq}" if d.end_user_hq else ""
        title = f"{d.chip} to {d.destination} on {d.date.isoformat()}{hq}"
        summary = [
            ["Licence required", d.answer() + (f" (since {d.since.isoformat()})" if d.since else "")],
            ["Answer", d.kind],
            ["Review policy", d.review_policy or ("not stated" if d.bases else "none (no licence basis)")],
            ["Licence exception", d.licence_exception or "none"],
        ]  # fmt: skip
        summary += [["Undecided because", reason] for reason in d.undecided]
        tables.append(Table(["Question", "Answer"], summary, title=title))
        tables.append(Table(
            ["Kind", "Key", "Since", "Citation", "Review policy", "Why"],
            [[KIND_LABELS[b.kind], b.key, b.since.isoformat(), b.citation, b.review_policy or "", b.text] for b in d.bases]
            or [["none", "", "", "", "", ""]],
            title="Bases" + (" (if the part is subject to the EAR)" if d.bases and d.licence_required is None else ""),
        ))  # fmt: skip
        tables.append(Table(
            ["Kind", "Key", "Since", "Citation", "What it says"],
            [[KIND_LABELS[o.kind], o.key, o.since.isoformat(), o.citation, o.text] for o in d.other_restrictions]
            or [["none", "", "", "", ""]],
            title="Other restrictions (not licence requirements)",
        ))  # fmt: skip
        tables.append(Table(["Caveat"], [[c] for c in d.caveats] or [["none"]], title="Caveats"))
    objects = [assess_object(d) for d in determinations]
    return Document(tables, objects[0] if len(objects) == 1 else objects)
