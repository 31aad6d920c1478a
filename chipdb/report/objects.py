"""The stable JSON objects of chips, statuses, events and sources (see README: JSON interface)."""

from typing import Any

from chipdb.domain import metrics
from chipdb.domain.records import ChipRecord, EventRecord, SourceRef
from chipdb.domain.vocab import NOT_APPLICABLE, PRECISIONS, SPEC_FIELDS
from chipdb.report.status import status_object
from chipdb.rules import Verdict
from chipdb.rules.classification import computed
from chipdb.rules.determination import Determination


def chip_object(
    chip: ChipRecord, determination: Determination, sources: dict[str, SourceRef], with_sources: bool
) -> dict[str, Any]:
    """The stable JSON shape of one chip (see README: JSON interface)."""
    specs: dict[str, Any] = {"architecture": chip.spec("family")}
    for name in SPEC_FIELDS:
        if name not in ("family", "tpp_stated"):
            specs[name] = chip.spec(name)
    performance: dict[str, Any] = {}
    for p in PRECISIONS:
        if chip.is_na(p):
            performance[p] = NOT_APPLICABLE
        else:
            performance[p] = {s: chip.figure(p, s) for s in ("dense", "sparse")}
    t = metrics.tpp(chip)
    verdict = computed(chip, determination.date)
    status = status_object(determination)
    status["events"] = [event_object(e) for e in chip.events if e.effective_on <= determination.date]
    obj: dict[str, Any] = {
        "name": chip.name,
        "vendor": chip.vendor,
        "aliases": chip.aliases,
        "market": chip.market,
        "specs": specs,
        "performance": performance,
        "tpp": t.value if t else None,
        "tpp_stated": chip.specs.get("tpp_stated"),
        "performance_density": metrics.performance_density(t.value if t else None, chip.die_area()),
        "status": status,
        "computed": None if verdict is None else verdict_object(verdict),
    }
    if with_sources:
        obj["sources"] = [source_object(sources[k]) for k in sorted(chip.source_keys()) if k in sources]
    return obj


def verdict_object(verdict: Verdict) -> dict[str, Any]:
    return {
        "rule": verdict.rule,
        "classification": verdict.classification,
        "licence_exception": verdict.licence_exception,
        "review_policy": verdict.review_policy,
        "reasons": list(verdict.reasons),
    }


def event_object(e: EventRecord) -> dict[str, Any]:
    return {
        "id": e.key,
        "date": e.effective_text,
        "in_force_by": e.effective_on.isoformat(),
        "announced": e.announced,
        "authority": e.authority,
        "action": e.action,
        "destinations": list(e.destinations),
        "rule": e.rule,
        "chips": list(e.chips),
        "source": e.source,
        "summary": e.summary,
    }


def source_object(s: SourceRef) -> dict[str, Any]:
    return {
        "id": s.key,
        "title": s.title,
        "publisher": s.publisher,
        "url": s.url,
        "date": s.published,
        "tier": s.tier,
    }
