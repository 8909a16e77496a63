"""Sections of a draft as the sign-off sees them: stable keys, hashes, renamed headings,
and the readable difference."""

from __future__ import annotations

from drafting.outline import GUIDANCE_MARK
from drafting.signoff.sections import OPENING_KEY, difference, locate, sections_of

from .helpers import heading, paragraph


def tree(*blocks):
    return {"type": "doc", "blocks": list(blocks)}


def test_sections_are_cut_at_headings_and_keyed_by_their_title():
    sections = sections_of(
        tree(
            paragraph("Preamble"),
            heading("1. Scope"),
            paragraph("Text A"),
            heading("Detail", 3),  # level 3 stays inside its section
            paragraph("Text B"),
            heading("Measures", 2),
            paragraph(f"{GUIDANCE_MARK} what to write"),  # guidance is not signed
            paragraph("Text C"),
            heading("Measures", 2),
        )
    )
    assert [s.key for s in sections] == [OPENING_KEY, "scope", "measures", "measures~2"]
    assert sections[1].text == "1. Scope\nText A\nDetail\nText B"
    assert sections[2].text == "Measures\nText C"
    assert [s.position for s in sections] == [1, 2, 3, 4]


def test_keys_survive_insertions_and_renumbering_and_hashes_follow_the_text():
    before = {s.key: s for s in sections_of(tree(heading("2. Scope"), paragraph("Same")))}
    after = {
        s.key: s
        for s in sections_of(
            tree(heading("Background"), paragraph("New"), heading("3 Scope"), paragraph("Same"))
        )
    }
    assert "scope" in before and "scope" in after
    assert before["scope"].digest != after["scope"].digest  # the heading text changed
    edited = sections_of(tree(heading("2. Scope"), paragraph("Changed")))[0]
    assert edited.key == "scope" and edited.digest != before["scope"].digest


def test_a_renamed_heading_is_found_again_by_its_text():
    signed = sections_of(tree(heading("Scope"), paragraph("The policy covers labour migration.")))
    now = sections_of(
        tree(
            heading("Coverage of the policy"),
            paragraph("The policy covers labour migration."),
            heading("Measures"),
            paragraph("Other text entirely."),
        )
    )
    found = locate(now, "scope", signed[0].text, known_keys={"scope", "measures"})
    assert found is not None and found.title == "Coverage of the policy"
    assert locate(now[1:], "scope", signed[0].text, {"scope", "measures"}) is None


def test_the_difference_marks_changed_words():
    lines = difference(
        "Scope\nThe Government opens three centres.",
        "Scope\nThe Government opens five centres.\nNew line.",
    )
    kinds = [line.kind for line in lines]
    assert kinds == ["same", "changed", "added"]
    assert ("-", "three") in lines[1].old and ("+", "five") in lines[1].new
