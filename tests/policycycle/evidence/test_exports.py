"""The inventory exports: rows for the annex, the .xlsx workbook, the profile PNG."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from facilitation.extensions import db
from policycycle.evidence import services
from policycycle.evidence.exports import (
    inventory_columns,
    inventory_rows,
    inventory_xlsx,
    quality_profile_png,
)


def _census(world, source_data, make_user):
    source = services.save_source(world.process.id, source_data())
    services.add_rating(
        world.process.id, source.id, dimension="accuracy", score=2, note="PES", rater=make_user()
    )
    db.session.commit()
    return source


def test_inventory_rows_one_column_per_dimension(world, source_data, make_user):
    _census(world, source_data, make_user)
    rows = inventory_rows(world.process.id)
    keys = [key for key, _heading in inventory_columns()]
    assert len(rows) == 1 and list(rows[0]) == keys or set(rows[0]) == set(keys)
    row = rows[0]
    assert row["type"] == "Population census"
    assert row["owner"] == "National Statistics Office (NSO)"
    assert row["quality_accuracy"] == 2 and row["quality_relevance"] == ""
    assert not any("total" in key for key in keys)


def test_xlsx_has_frozen_header_and_filters(world, source_data, make_user):
    _census(world, source_data, make_user)
    workbook = load_workbook(io.BytesIO(inventory_xlsx(world.process.id)))
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet["A1"].value == "Source" and sheet["A1"].font.bold
    assert sheet["A2"].value == "Population and Housing Census 2021"
    headings = [c.value for c in sheet[1]]
    assert "Quality: Accuracy" in headings
    assert sheet.max_row == 2
    assert workbook.worksheets[1]["A2"].value == 0


def test_profile_png(world, source_data, make_user):
    source = _census(world, source_data, make_user)
    png = quality_profile_png(source.id)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    assert quality_profile_png(99999) is None
