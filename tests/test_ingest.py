"""Readers and the bad-input classes: each is rejected with its reason, the rest goes on."""

import gzip
import io
import json
import os

import pytest

from newsgraph.ingest.article import Metadata, headline
from newsgraph.ingest.readers import read_inputs
from newsgraph.model import Article, Rejected
from newsgraph.settings import Settings

TEXT = "Kenyan officials met Ethiopian diplomats in Nairobi on Monday."


def run(inputs, **kw):
    settings = kw.pop("settings", Settings())
    return list(read_inputs([str(i) for i in inputs], Metadata(**kw), settings))


def only(items, kind):
    return [i for i in items if isinstance(i, kind)]


def test_plain_text_with_metadata(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT)
    [art] = run([p], published="2024-01-02", source="Wire", title="T", url="http://x")
    assert isinstance(art, Article)
    assert art.text == TEXT and art.published == "2024-01-02" and art.source == "Wire"
    assert art.title == "T" and art.url == "http://x"


def test_html_main_text_and_metadata(tmp_path):
    html = f"""<!doctype html><html><head><title>Talks in Nairobi</title>
    <meta property="og:url" content="https://news.example.org/nairobi-talks">
    <meta property="article:published_time" content="2024-03-05T10:00:00Z">
    <meta property="og:site_name" content="Example News"></head>
    <body><nav>Home | World</nav><article><h1>Talks in Nairobi</h1>
    <p>{TEXT}</p><p>The two sides agreed to meet again next month in Addis Ababa,
    a spokesman for the ministry said.</p></article><footer>Copyright</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html)
    [art] = run([p], published="2000-01-01")
    assert isinstance(art, Article), art
    assert TEXT in art.text and "Copyright" not in art.text
    assert art.title == "Talks in Nairobi"
    assert art.published == "2024-03-05"  # the page's own date beats the default
    assert art.url == "https://news.example.org/nairobi-talks"


def test_jsonl_fields_and_input_id(tmp_path):
    p = tmp_path / "batch.jsonl"
    rows = [{"id": 7, "text": TEXT, "title": "A", "source": "S", "url": "u",
             "published": "2024-02-03T08:00:00+01:00"},
            {"id": "b", "text": TEXT + " Again."}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    arts = run([p], published="2020-01-01")
    assert [a.input_id for a in arts] == ["7", "b"]
    assert arts[0].published == "2024-02-03" and arts[1].published == "2020-01-01"
    assert arts[0].title == "A" and arts[0].source == "S"


def test_stdin_jsonl():
    stdin = io.StringIO(json.dumps({"id": 1, "text": TEXT}) + "\n")
    [art] = list(read_inputs(["-"], Metadata(), Settings(), stdin=stdin))
    assert art.input_id == "1"


def test_feed_entries_with_content_become_articles(tmp_path):
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>World Wire</title>
    <item><title>One</title><link>https://w.example/1</link>
      <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
      <description>&lt;p&gt;{TEXT}&lt;/p&gt;</description></item>
    <item><title>Empty</title><link>https://w.example/2</link></item>
    </channel></rss>"""
    p = tmp_path / "feed.xml"
    p.write_text(feed)
    items = run([p])
    [art] = only(items, Article)
    assert art.title == "One" and art.published == "2024-03-05"
    assert art.source == "World Wire" and art.url == "https://w.example/1"
    [rej] = only(items, Rejected)
    assert "no content" in rej.reason


def test_folder_recursive_and_hidden_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(TEXT + " B.")
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / ".hidden.txt").write_text("secret")
    arts = run([tmp_path])
    assert len(arts) == 2 and all(isinstance(a, Article) for a in arts)


def test_gzip_by_magic_bytes(tmp_path):
    p = tmp_path / "a.txt.gz"
    p.write_bytes(gzip.compress(TEXT.encode()))
    [art] = run([p])
    assert art.text == TEXT


def test_latin1_is_decoded(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Grüße aus Köln: the mayor met officials.".encode("latin-1"))
    [art] = run([p])
    assert art.text.startswith("Grüße aus Köln")


# ---- bad input: one test per class; the batch goes on ----------------------------------

def _with_good(tmp_path, bad):
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    items = run([bad, good])
    assert isinstance(items[-1], Article), "the batch must go on after a bad item"
    return items[0]


def test_missing_file(tmp_path):
    rej = _with_good(tmp_path, tmp_path / "nope.txt")
    assert isinstance(rej, Rejected) and "no such file" in rej.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text(TEXT)
    p.chmod(0)
    rej = _with_good(tmp_path, p)
    assert isinstance(rej, Rejected) and "unreadable" in rej.reason


def test_unreadable_file_as_root_too(tmp_path, monkeypatch):
    # root reads any file, so make the opening itself fail the way a locked file does
    import builtins

    from newsgraph.ingest import readers
    p = tmp_path / "locked.txt"
    p.write_text(TEXT)

    def locked_open(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return builtins.open(file, *args, **kwargs)
    monkeypatch.setattr(readers, "open", locked_open, raising=False)
    rej = _with_good(tmp_path, p)
    assert isinstance(rej, Rejected) and rej.reason == "unreadable: permission denied"


def test_binary_file(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    rej = _with_good(tmp_path, p)
    assert isinstance(rej, Rejected) and "binary" in rej.reason


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n ")
    rej = _with_good(tmp_path, p)
    assert isinstance(rej, Rejected) and "empty" in rej.reason


def test_undecodable_file(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(bytes(range(128, 256)) * 20)
    rej = _with_good(tmp_path, p)
    assert isinstance(rej, Rejected) and "undecodable" in rej.reason


def test_malformed_json_line_rejected_others_kept(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"text": TEXT}) + "\n{not json\n"
                 + json.dumps({"title": "no text"}) + "\n"
                 + json.dumps({"text": TEXT + " Two."}) + "\n")
    items = run([p])
    assert [type(i).__name__ for i in items] == ["Article", "Rejected", "Rejected", "Article"]
    assert items[1].item.endswith("batch.jsonl:2") and "malformed JSON" in items[1].reason
    assert "'text'" in items[2].reason


def test_invalid_published_in_json_line(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"text": TEXT, "published": "yesterday-ish"}) + "\n")
    [rej] = run([p])
    assert isinstance(rej, Rejected) and "published" in rej.reason


def test_over_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(TEXT * 50)
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    items = run([p, good], settings=Settings(max_bytes=1000))
    assert isinstance(items[0], Rejected) and "size limit" in items[0].reason
    assert isinstance(items[1], Article)


def test_over_size_limit_json_line(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"text": TEXT * 50}) + "\n" + json.dumps({"text": TEXT}) + "\n")
    items = run([p], settings=Settings(max_bytes=1000))
    assert isinstance(items[0], Rejected) and "size limit" in items[0].reason
    assert isinstance(items[1], Article)


def test_url_offline_gives_clear_error():
    # port 9 on loopback: nothing listens, so the connection is refused at once
    [rej] = run(["http://127.0.0.1:9/article.html"])
    assert isinstance(rej, Rejected) and rej.reason.startswith("could not fetch")


@pytest.mark.parametrize("text, title", [
    ("Port Strike Enters Its Third Week.\n\nDock workers in the city stayed out.",
     "Port Strike Enters Its Third Week."),
    ("Floods cut the coastal road\nHeavy rain fell overnight.", "Floods cut the coastal road"),
    ("The council met on Monday.\nIt approved the budget.", None),  # a sentence, not a title
    ("A single line with no body", None),
])
def test_a_first_line_that_reads_as_a_headline_is_the_title(text, title):
    assert headline(text) == title


def test_plain_text_on_stdin_is_one_article_and_json_lines_stay_lines():
    [art] = list(read_inputs(["-"], stdin=io.StringIO(
        "Harbour Talks Resume\n\nThe two ports reopened talks on Monday.\n")))
    assert art.title == "Harbour Talks Resume" and "reopened" in art.text
    lines = '{"text": "One."}\n\n{"text": "Two."}\n'
    assert [a.text for a in read_inputs(["-"], stdin=io.StringIO(lines))] == ["One.", "Two."]
