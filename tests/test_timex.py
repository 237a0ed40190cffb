import datetime as dt

import pytest
import spacy

from newsgraph.extraction.timex import find_timexes, resolve

PUB = dt.date(2025, 10, 22)  # a Wednesday


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize("text, forward, value, precision", [
    ("They met on Wednesday.", False, "2025-10-22", "day"),
    ("They met on Monday.", False, "2025-10-20", "day"),
    ("They will meet on Monday.", True, "2025-10-27", "day"),
    ("They met last Wednesday.", False, "2025-10-15", "day"),
    ("They met yesterday.", False, "2025-10-21", "day"),
    ("They met in August.", False, "2025-08", "month"),
    ("They will meet in November.", True, "2025-11", "month"),
    ("They met in November.", False, "2024-11", "month"),
    ("They met on 3 May 2021.", False, "2021-05-03", "day"),
    ("They met on March 5, 2019.", False, "2019-03-05", "day"),
    ("They met on Oct. 2.", False, "2025-10-02", "day"),
    ("They met in March 2020.", False, "2020-03", "month"),
    ("They met in 1999.", False, "1999", "year"),
    ("They met last month.", False, "2025-09", "month"),
    ("They met last year.", False, "2024", "year"),
    ("They met three days ago.", False, "2025-10-19", "day"),
    ("They met on 2024-02-29.", False, "2024-02-29", "day"),
])
def test_resolution(blank, text, forward, value, precision):
    [tx] = find_timexes(blank(text))
    r = resolve(tx, PUB, forward=forward)
    assert (r.value, r.precision) == (value, precision)


def test_modal_may_is_not_a_month(blank):
    assert find_timexes(blank("The talks may fail. May said nothing.")) == []


def test_relative_needs_publication_date(blank):
    [tx] = find_timexes(blank("They met on Friday."))
    assert resolve(tx, None) is None
    [tx] = find_timexes(blank("They met on 3 May 2021."))
    assert resolve(tx, None).value == "2021-05-03"


def test_impossible_date_is_dropped(blank):
    [tx] = find_timexes(blank("They met on 31 February 2021."))
    assert resolve(tx, PUB) is None
