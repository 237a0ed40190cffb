"""Small helpers over spaCy's dependency parse, shared by the event and speech coders."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

# Dependents that open a clause of their own: their words do not describe the head's
# event (its time, place or actors).
CLAUSAL = {"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis", "conj", "pcomp"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
# Relations through which an infinitive, participle or noun complement takes its subject
# from the word it depends on; "dobj" lets "a plan to send" reach "Kenya announced".
INFLECTED = {"VBD", "VBN", "VBG", "VBZ", "NNS"}
CONTROLLED = {"xcomp", "conj", "advcl", "acl", "pcomp", "dobj"}
LIGHT_VERBS = {"hold", "have", "attend", "host", "make", "pay", "conduct", "begin", "start",
               "open", "resume", "launch", "join", "convene", "chair", "end", "wrap", "conclude",
               "continue", "stage", "carry", "take", "plan", "schedule", "seek", "propose",
               "agree", "cancel", "postpone", "call", "scrap", "want", "reach", "strike", "seal",
               "hammer", "broker", "issue", "lodge", "file", "mount", "organize", "organise",
               "lead", "order", "announce", "declare", "impose", "express", "give", "deliver",
               "send", "initiate", "undertake", "go", "grant", "offer", "hand", "reject",
               "accept", "complete", "finish", "stop", "halt", "put", "place", "raise", "keep",
               "tighten", "enforce", "maintain", "extend", "voice", "reiterate", "renew",
               "reaffirm", "intensify", "step", "escalate", "level", "bring", "pursue", "receive",
               "get", "obtain", "win", "secure", "gain", "request", "need", "provide", "supply",
               "donate", "contribute", "allocate", "pledge", "convey", "remain", "stay",
               "participate", "engage", "commence", "unleash", "perpetrate", "wage",
               "spearhead"}
# Light verbs whose subject receives what the noun names ("Chad received support from
# France"): the subject is the noun's target, its source is in a "from" or "by" phrase.
RECEIVING = {"receive", "get", "obtain", "accept", "win", "secure", "gain"}


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, computed once and kept on the Doc (``Token.sent`` walks the
    whole Doc each time it is called)."""
    cached = doc.user_data.get("newsgraph_sents")
    if cached is None:
        cached = list(doc.sents)
        doc.user_data["newsgraph_sents"] = cached
        doc.user_data["newsgraph_sent_starts"] = [s.start for s in cached]
    return cached


def sent_of(tok: Token) -> Span:
    sents = sentences(tok.doc)
    starts = tok.doc.user_data["newsgraph_sent_starts"]
    return sents[bisect_right(starts, tok.i) - 1]


def doc_text(doc: Doc) -> str:
    """The Doc's text. ``Doc.text`` joins every token on each call; the extractor keeps
    the article's text (the same string) on the Doc instead."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.text
        doc.user_data["newsgraph_text"] = text
    return text


def lemma_forms(tok: Token) -> tuple[str, ...]:
    """The model's lemma and the base forms the inflection allows: the small model
    misreads some ("staged" -> "stag"), so a trigger list is matched against all."""
    lemma = tok.lemma_.lower()
    tag = tok.tag_
    if tag not in INFLECTED:
        return (lemma,)
    word = tok.lower_
    forms = [lemma]
    if tag in ("VBD", "VBN") and word.endswith("ed"):
        stem = word[:-2]
        forms += [stem + "e", stem]
        if word.endswith("ied"):
            forms.append(word[:-3] + "y")
        if len(stem) > 2 and stem[-1] == stem[-2]:
            forms.append(stem[:-1])
    elif tag == "VBG" and word.endswith("ing"):
        stem = word[:-3]
        forms += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            forms.append(stem[:-1])
    elif tag in ("VBZ", "NNS") and word.endswith("s"):
        forms += [word[:-1], word[:-2] if word.endswith("es") else word[:-1]]
    return tuple(forms)


def particles(tok: Token) -> list[Token]:
    """Words that can complete a phrasal verb ("call off", "call on", "go on"): its
    particles and prepositions, but not a preposition of time ("called X on Saturday")."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prt", "advmod", "dobj", "acomp", "npadvmod"):
            out.append(c)
        elif c.dep_ == "prep":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if any(g.ent_type_ in ("DATE", "TIME") for g in objs):
                continue
            # an adverb particle with an object of its own is a phrase of its own
            # ("giving little *in return*" is not "give in")
            if objs and c.lower_ in ADVERB_PARTICLES:
                continue
            out.append(c)
    return out


# Particles of phrasal verbs that take no object ("give in", "back down"); prepositional
# verbs ("call on X", "agree with X") keep their object.
ADVERB_PARTICLES = {"in", "up", "down", "out", "off", "back", "away", "over", "around",
                    "aside", "forward", "through"}


def clause_tokens(head: Token) -> Iterator[Token]:
    """The head and the words of its own clause, not descending into nested clauses."""
    yield head
    for child in head.children:
        if child.dep_ in CLAUSAL:
            continue
        yield from clause_tokens(child)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def with_conjuncts(tok: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Israel and the Palestinians")."""
    return [tok, *[c for c in tok.conjuncts if c.i != tok.i]]


def prep_objects(head: Token, prep: str) -> list[Token]:
    """Objects of the preposition ``prep`` attached to ``head`` ("met with X")."""
    out = []
    for c in head.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ == prep:
            out.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
    return out


def subject_of(verb: Token) -> list[Token]:
    """The acting subject of a verb: the by-agent for passives, else nsubj. For an
    infinitive or participle without one, the controller in the clause it depends on:
    the object of "urged Libya to meet", the subject of "refused to meet", the passive
    subject of "are scheduled to meet", the possessor of "X's decision to cancel" or the
    subject of "X announced a plan to send"."""
    if is_passive(verb):
        return prep_objects(verb, "by")
    subj = children(verb, "nsubj")
    if subj and verb.dep_ == "relcl" and subj[0].tag_ in ("WDT", "WP") and \
            verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [verb.head]  # "the militia, which attacked ...": the noun it describes
    if subj:
        return subj
    if verb.dep_ in ("acl", "relcl") and verb.tag_ in ("VBG", "VBD") and \
            verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]  # "demonstrators protesting the results"
    tok, steps = verb, 0
    while steps < 4 and tok.dep_ in CONTROLLED and tok.head.i != tok.i:
        came_by = tok.dep_
        if came_by == "pcomp":
            tok = tok.head  # "his stance on arming": through the preposition
        tok = tok.head
        steps += 1
        if tok.pos_ in ("NOUN", "PROPN"):
            poss = children(tok, "poss") or prep_objects(tok, "by")  # "an effort by NATO"
            if poss:
                return poss
            continue
        if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
            subj = children(tok.head, "nsubj")  # "X is ready to contribute"
            if subj:
                return subj
        if came_by in ("xcomp", "pcomp"):
            # object control: "urged Libya to meet", "accused Eritrea of violating"
            objs = children(tok, "dobj")
            if objs:
                return objs
        if is_passive(tok):
            return prep_objects(tok, "by") or (children(tok, "nsubjpass")
                                               if came_by == "xcomp" else [])
        subj = children(tok, "nsubj")
        if subj:
            return subj
    return _slipped_subject(verb)


def _slipped_subject(verb: Token) -> list[Token]:
    """A parser slip: a capitalised word right before a finite verb, hung on it as an
    adverbial ("..., USAID provided shelter" with USAID an adverb): the subject."""
    if verb.i == 0 or verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ not in (
            "ROOT", "ccomp", "conj"):
        return []
    prev = verb.doc[verb.i - 1]
    if prev.head.i == verb.i and prev.dep_ in ("advmod", "npadvmod", "dep") and \
            prev.text[:1].isupper() and prev.is_alpha and prev.i > verb.sent.start:
        return [prev]
    return []


MEASURES = {"day", "week", "month", "year", "hour", "series", "round", "wave", "spate", "string",
            "number", "week-end", "weekend", "night", "couple"}


def governing_verb(noun: Token) -> Token | None:
    """For a nominal trigger, the verb it is the object or subject of, through at most
    one preposition ("held talks", "took part in talks")."""
    tok = noun
    while tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head  # "expressed its rejection and condemnation": as the first noun
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN" and \
            tok.head.head.lemma_.lower() in MEASURES:
        tok = tok.head.head  # "launched ten days of war games"
    elif tok.dep_ == "pobj" and tok.head.lower_ in ("of", "for", "in") and \
            tok.head.head.pos_ == "NUM":
        tok = tok.head.head  # "provided $40 million for assistance"
    if tok.dep_ in ("pobj",) and tok.head.dep_ == "prep":
        tok = tok.head
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "prep", "attr", "oprd") and \
            tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    return None
