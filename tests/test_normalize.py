from newsgraph.ingest.normalize import normalize_text
from newsgraph.model import article_id


def test_nfc_and_spaces():
    text = "Cafe\u0301  talks\u00a0in\tParis\u200b.  "
    assert normalize_text(text) == "Café talks in Paris."


def test_lines_are_paragraphs_without_blank_lines():
    assert normalize_text("One.\r\nTwo.\rThree.") == "One.\nTwo.\nThree."


def test_blank_lines_separate_hard_wrapped_paragraphs():
    text = "First line\nwraps here.\n\nSecond\nparagraph."
    assert normalize_text(text) == "First line wraps here.\nSecond paragraph."


def test_control_characters_removed():
    assert normalize_text("a\x00b\x07c") == "abc"


def test_article_id_is_sha256_prefix_of_normalised_text():
    a = article_id(normalize_text("Same  text."))
    b = article_id(normalize_text("Same text. "))
    assert a == b and len(a) == 16 and int(a, 16) >= 0
