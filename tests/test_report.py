"""The report layer on fixed records: what compare and show put in each row, with no database."""

import datetime as dt

from chipdb.report.compare import compare
from chipdb.report.detail import chip_detail
from chipdb.rules.classification import determine_for
from tests.records import ASCEND, H800, POLICY

DAY = dt.date(2026, 11, 1)


def rows_by_label(table_rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[1]: row[2:] for row in table_rows}


def test_compare_two_chips_has_a_ratio_column_and_keeps_unknown_apart_from_na() -> None:
    document = compare([H800, ASCEND], "CN", DAY, {}, POLICY)
    table = document.tables[0]
    assert table.headers == ["Group", "Spec", "H800 SXM5 80GB", "Ascend 910B", "Ratio (1st / 2nd)"]
    rows = rows_by_label(table.rows)
    assert rows["Memory capacity (GB)"] == ["80", "64", "1.25x"]
    assert rows["TDP (W)"] == ["700", "400", "1.75x"]
    assert rows["FP64 (TFLOPS)"] == ["1", "n/a", "n/a"]  # the 910B has no FP64: n/a, never 0
    assert rows["Die area (logic) (mm2)"] == ["814", "unknown", "unknown"]
    assert rows["TPP from"][:2] == ["1,979 x 8 (int8) = 15,832", "640 x 8 (int8) = 5,120"]


def test_compare_shows_a_sparse_row_only_where_a_chip_has_a_sparse_figure() -> None:
    labels = [(row[0], row[1]) for row in compare([H800, ASCEND], "CN", DAY, {}, POLICY).tables[0].rows]
    sparse = [label for group, label in labels if group == "compute (sparse)" or label == "FP16 (TFLOPS)"]
    assert sparse.count("FP16 (TFLOPS)") == 2 and "INT8 (TOPS)" in [label for _, label in labels]
    groups = [group for group, _ in labels if group]
    assert groups.count("compute (sparse)") == 1  # one sparse row (FP16), group shown once


def test_compare_json_is_one_object_per_chip_in_the_order_given() -> None:
    objects = compare([ASCEND, H800], "CN", DAY, {}, POLICY).json
    assert [o["name"] for o in objects] == ["Ascend 910B", "H800 SXM5 80GB"]
    assert objects[0]["performance"]["fp64"] == "n/a"
    assert objects[1]["performance"]["fp16"] == {"dense": 989.5, "sparse": 1979.0}
    assert objects[1]["performance"]["fp8"] == {"dense": None, "sparse": None}  # unknown is null


def test_show_lists_every_field_with_its_source_and_marks_na() -> None:
    document = chip_detail(ASCEND, determine_for(ASCEND, "CN", DAY, POLICY), {})
    fields = {row[0]: row for row in document.tables[0].rows}
    assert fields["FP64"][1:4] == ["n/a", "", "src"]
    assert fields["FP16 dense"][1:4] == ["320", "TFLOPS", "src"]
    assert "FP16 sparse" not in fields  # no sparse figure recorded
    assert fields["Memory bandwidth"][1:4] == ["1,600", "GB/s", "src"]
    assert fields["Die area (logic)"][1] == "unknown"
    assert document.json["citations"]["fp64"] == {"source": "src", "note": None, "not_applicable": True}
