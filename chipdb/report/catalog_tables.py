"""Tables for the catalog's own reports (the Epoch cross-check); pure."""

from chipdb.catalog.crosscheck import Difference
from chipdb.report.document import Document, Table


def crosscheck_document(differences: list[Difference]) -> Document:
    rows = [
        [d.chip, d.epoch_name, d.field, f"{d.chipdb:g}", f"{d.epoch:g}", f"{d.ratio:.2f}",
         "yes" if d.explained else "NO"]
        for d in differences
    ]  # fmt: skip
    headers = ["Chip", "Epoch row", "Field", "chipdb", "Epoch", "Ratio", "Explained in notes"]
    data = [
        {"chip": d.chip, "epoch_name": d.epoch_name, "field": d.field, "chipdb": d.chipdb, "epoch": d.epoch,
         "explained": d.explained}
        for d in differences
    ]  # fmt: skip
    return Document([Table(headers, rows)], data)
