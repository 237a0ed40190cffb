"""Where an attribution's content can sit relative to its cue word in the parse.

One definition for the two sides that must agree: ``scripts/derive_speech_cues.py``,
which counts on gold how often each (cue lemma, relation) holds a content, and the
statement coder, which reads the content through the relations the data kept.

Relations: a dependent of the cue by its label (``ccomp`` "said that ...", ``xcomp``
"vowed to ...", ``dobj`` "criticized the plan", ``acl`` "his claim that ..."), the object
of one of its prepositions (``prep:for`` "called for a ban"), or the cue's own head when
the cue is a parenthetical or trailing remark (``head`` "the plan, he said, is dead").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the knowledge schema checks relation names without loading spaCy
    from spacy.tokens import Token

DEPENDENTS = ("ccomp", "xcomp", "dobj", "acl", "advcl", "attr", "oprd", "nsubjpass")
RELATIONS = (*DEPENDENTS, "head")
_PREP_OBJECTS = ("pobj", "pcomp")


def content_relations(tok: Token) -> Iterator[tuple[str, Token]]:
    """Each (relation, content head) the word ``tok`` has in its parse."""
    for child in tok.children:
        dep = child.dep_
        if dep in DEPENDENTS:
            yield dep, child
        elif dep == "prep":
            for obj in child.children:
                if obj.dep_ in _PREP_OBJECTS:
                    yield f"prep:{child.lower_}", obj
                    break
    if tok.dep_ == "parataxis" and tok.head.i != tok.i:
        yield "head", tok.head

