"""Status as its own layer: what the sentence says about whether an event happened.
One table, sentences of our own; each row names the event (type and the country of one
participant) and the status it must have."""

import pytest


@pytest.mark.parametrize("text, type_, country, status", [
    # plain reports, also in reported speech
    ("Malian soldiers attacked a Burkinabe patrol.", "ASSAULT", "MLI", "occurred"),
    ("Officials said Malian soldiers attacked a Burkinabe patrol.", "ASSAULT", "MLI",
     "occurred"),
    # negation, modality, future
    ("Algeria did not send weapons to Niger.", "AID", "DZA", "negated"),
    ("Austria could send aid to Moldova.", "AID", "AUT", "hypothetical"),
    ("Latvia will host Estonian ministers next week.", "CONSULT", "LVA", "planned"),
    # governors: refusal, failure, cancellation, prevention, obligation
    ("Peru declined to hold talks with Bolivia.", "CONSULT", "PER", "negated"),
    ("Latvia and Estonia failed to reach an agreement on fishing rights.", "AGREE", "LVA",
     "negated"),
    ("Kenya postponed its meeting with Somali leaders.", "CONSULT", "KEN", "canceled"),
    ("Turkish police prevented a march by Kurdish students.", "PROTEST", "TUR", "negated"),
    # an event noun that is lifted, eased or halted no longer holds
    ("Qatar lifted its ban on Egyptian imports.", "COERCE", "EGY", "canceled"),
    ("Ethiopia halted its offensive against the Tigrayan rebels.", "ASSAULT", "ETH",
     "canceled"),
    # opposition, denial, demands, fears and allegations in that-clauses
    ("Turkey opposed the deployment of Greek troops to the island.", "MOBILIZE", "GRC",
     "hypothetical"),
    ("Rwanda denied that its soldiers attacked Congolese villages.", "ASSAULT", "RWA",
     "negated"),
    ("Uganda denied sending troops to South Sudan.", "MOBILIZE", "UGA", "negated"),
    ("Nigeria demanded that Cameroon withdraw its troops from the peninsula.", "RETREAT",
     "CMR", "requested"),
    ("Norway urged Sudan to release the detained journalists.", "RETREAT", "SDN",
     "requested"),
    ("Analysts feared that Sudan had sent weapons to Chad.", "AID", "SDN", "hypothetical"),
    # the reason given for an arrest or a charge is alleged, not reported
    ("Police arrested a Malian journalist for collaborating with the rebels.", "COOPERATE",
     "MLI", "hypothetical"),
    # conditions and time clauses
    ("Doctors will keep striking until Kenya's government meets their union.", "CONSULT",
     "KEN", "hypothetical"),
    ("If Serbia sends weapons to Bosnia, the region will suffer.", "AID", "SRB",
     "hypothetical"),
    ("Mali will withdraw its ambassador once France apologizes.", "SUPPORT", "FRA",
     "planned"),
    # nouns: planned, canceled and possible modifiers, possibility of
    ("The planned summit between Gabon and Congo was called off.", "CONSULT", "GAB",
     "canceled"),
    ("Analysts discussed the possibility of talks between Eritrea and Djibouti.", "CONSULT",
     "ERI", "hypothetical"),
])
def test_status_table(extract, text, type_, country, status):
    found = [e for e in extract(text)["events"] if e["type"] == type_ and country in
             {p["country"] for p in e["source"] + e["target"]}]
    assert found, extract(text)["events"]
    assert status in {e["status"] for e in found}, [(e["trigger"]["text"], e["status"])
                                                   for e in found]


@pytest.mark.parametrize("text, derived", [
    # an intention, a refusal, a condition and an ending are events of their own
    ("Latvia will host Estonian ministers next week.", ("AGREE", "LVA")),
    ("Greece will not send weapons to Ukraine.", ("REJECT", "GRC")),
    ("Peru said it will withdraw its ambassador from Mexico unless the insults stop.",
     ("THREATEN", "PER")),
    ("Canada lifted its sanctions on Iranian banks.", ("RETREAT", "CAN")),
])
def test_announcements_are_events_that_happened(extract, text, derived):
    evs = extract(text)["events"]
    assert any(e["type"] == derived[0] and e["status"] == "occurred" and derived[1] in
               {p["country"] for p in e["source"]} for e in evs), evs
