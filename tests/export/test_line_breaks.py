"""Where a table cell's text can break, as Word and LibreOffice break it: the width a column
needs is that of its widest unbreakable piece. Counting "remittance-matching" as one piece
made the options table of the demo's policy too wide for the page on some days (the
columns were then shrunk alike and that word overflowed by 0.1 pt)."""

from __future__ import annotations

from drafting.export import table_fit
from drafting.export import text_metrics as tm

FONT = table_fit.Font("Liberation Sans", 9.0)


def test_a_line_may_break_after_a_hyphen_between_letters():
    assert tm.words("a remittance-matching fund") == ["a", "remittance-", "matching", "fund"]
    assert tm.words("e-mail X-ray") == ["e-", "mail", "X-", "ray"]


def test_minus_signs_ranges_and_no_break_spaces_hold_together():
    assert tm.words("-1.0 +2.5 2030-2035 45\u00a0000\u00a0EUR") == [
        "-1.0",
        "+2.5",
        "2030-2035",
        "45\u00a0000\u00a0EUR",
    ]


def test_a_hyphenated_compound_needs_only_its_widest_part():
    compound = tm.longest_word_pt("remittance-matching", FONT.family, FONT.size_pt)
    part = tm.text_width_pt("remittance-", FONT.family, FONT.size_pt)
    assert compound == part < tm.text_width_pt("remittance-matching", FONT.family, 9.0)


def test_columns_fit_their_widest_piece_without_shrinking_the_text():
    """Six columns on a portrait page: with the compound counted whole they do not fit at
    9 pt; counted as Word breaks it, every column gets its minimum at the size asked."""
    words = ["remittance-matching-facility-and-diaspora-service-desk"] + ["Acceptability"] * 5
    columns = [[(word, False)] for word in words]
    widths, size = table_fit.fit_columns(columns, 9068, FONT)
    assert size == FONT.size_pt
    for width, word in zip(widths, words, strict=True):
        widest = tm.longest_word_pt(word, FONT.family, size)
        # the text area of the cell, as the checker of finished files reads it
        assert (width - table_fit.CELL_MARGIN_TWIPS + 20) / table_fit.TWIPS_PER_PT >= widest
