"""Tables for the catalog's own reports (the Epoch cross-check); pure."""

from chipdb.catalog.crosscheck import Difference
from chipdb.report.document import Document, Table


def crosscheck_document(differences: list[Difference]) -> Document:
    rows = [
        [d.chip, d.epoch_name, d.field, f"{d.chipdb:g}", f"{d.epoch:g}", f"{d.ratio:.2f}",
         d.explanation or "NOT EXPLAINED"]
        for d in differences
    ]  # fmt: skip
    headers = ["Chip", "Epoch row", "Field", "chipdb", "Epoch", "Ratio", "Explanation (from the notes)"]
    data = [
        {"chip": d.chip, "epoch_name": d.epoch_name, "field": d.field, "chipdb": d.chipdb, "epoch": d.epoch,
         "explained": d.explained, "explanation": d.explanation}
        for d in differences
    ]  # fmt: skip
    return Document(
        [
            Table(
                headers,
                rows,
                wrap=[12, 12, 8, 0, 0, 0, 24],
                priority=[0, 1, 0, 0, 0, 0, 0],
                keys=["chip", "epoch_name", "field", "chipdb", "epoch", "ratio", "explanation"],
            )
        ],
        data,
    )
