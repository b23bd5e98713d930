"""RAG words and fill colours: every word and colour in the design, hue classification, and nulls."""

from __future__ import annotations

import pytest

from actionplan.core.rag import is_blank_fill, parse_rag_word, rag_from_fill


@pytest.mark.parametrize(
    ("word", "rating"),
    [
        ("red", "red"),
        ("R", "red"),
        ("off track", "red"),
        ("amber", "amber"),
        ("A", "amber"),
        ("at risk", "amber"),
        ("some slippage", "amber"),
        ("green", "green"),
        ("G", "green"),
        ("on track", "green"),
        ("blue", "blue"),
        ("B", "blue"),
        ("complete", "blue"),
        ("completed", "blue"),
        ("achieved", "blue"),
        ("closed", "blue"),
    ],
)
def test_every_design_word_names_its_rating(word, rating):
    assert parse_rag_word(word) == rating
    assert parse_rag_word(word.upper()) == rating
    assert parse_rag_word(f"  {word.title()}. ") == rating


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("Green (on track)", "green"),
        ("RAG: Amber", "amber"),
        ("Status - Complete", "blue"),
        ("Off-track", "red"),
    ],
)
def test_words_with_labels_or_agreeing_explanations_are_read(text, rating):
    assert parse_rag_word(text) == rating


@pytest.mark.parametrize(
    "text", ["?????", "", None, "Amber/Green", "Not started", "n/a", "Green - at risk", "Rd"]
)
def test_unknown_mixed_or_missing_words_are_none(text):
    assert parse_rag_word(text) is None


@pytest.mark.parametrize(
    ("fill", "rating"),
    [
        ("FF0000", "red"),
        ("C00000", "red"),
        ("FFC000", "amber"),
        ("FFFF00", "amber"),
        ("00B050", "green"),
        ("92D050", "green"),
        ("0070C0", "blue"),
        ("00B0F0", "blue"),
    ],
)
def test_every_design_colour_names_its_rating(fill, rating):
    assert rag_from_fill(fill) == rating
    assert rag_from_fill(f"#{fill.lower()}") == rating
    assert rag_from_fill(f"FF{fill}") == rating  # ARGB, as spreadsheets store it


@pytest.mark.parametrize(
    ("fill", "rating"),
    [
        ("E74C3C", "red"),  # a softer red
        ("FFC7CE", "red"),  # Excel's light red "Bad" fill
        ("F39C12", "amber"),  # orange
        ("FFEB9C", "amber"),  # Excel's "Neutral" fill
        ("FFD966", "amber"),  # pale gold
        ("2ECC71", "green"),
        ("C6EFCE", "green"),  # Excel's "Good" fill
        ("00FF00", "green"),
        ("3498DB", "blue"),
        ("1F4E79", "blue"),  # dark navy
        ("yellow", "amber"),  # a colour name, as Word highlight colours come
    ],
)
def test_colours_not_listed_are_classified_by_hue(fill, rating):
    assert rag_from_fill(fill) == rating


@pytest.mark.parametrize(
    "fill", ["FFFFFF", "F2F2F2", "D9D9D9", "808080", "000000", "7030A0", "FF00FF", None, "", "auto", "zz"]
)
def test_white_grey_black_purple_and_nonsense_are_none(fill):
    assert rag_from_fill(fill) is None


@pytest.mark.parametrize("fill", [None, "", "auto", "none", "FFFFFF", "#fdfdfd"])
def test_no_fill_and_white_are_blank(fill):
    assert is_blank_fill(fill)


@pytest.mark.parametrize("fill", ["D9D9D9", "FF0000", "7030A0"])
def test_grey_and_colours_are_not_blank(fill):
    assert not is_blank_fill(fill)
