"""Text normalisation applied before any offset is taken (the article id hashes its result).

- Unicode NFC; line ends to "\\n"; Unicode spaces to " "; zero-width and control
  characters removed (except newline).
- Paragraphs: if the text has blank lines, blank lines separate paragraphs and the lines
  inside one are joined (hard-wrapped text); otherwise each line is a paragraph.
- Spaces collapsed inside lines; paragraphs joined with a single "\\n".
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


_SURROGATE = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """Lone surrogates (JSON's "\\ud800" escapes), which no UTF-8 text can hold, become
    U+FFFD, the replacement character."""
    return _SURROGATE.sub("\ufffd", text)


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", no_surrogates(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\x85", "\n")
    text = text.translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    if _BLANK_LINE.search(text.strip()):
        blocks = _BLANK_LINE.split(text)
        paragraphs = (" ".join(line.strip() for line in b.split("\n")) for b in blocks)
    else:
        paragraphs = (line.strip() for line in text.split("\n"))
    return "\n".join(p.strip() for p in paragraphs if p.strip())
