"""A small real suggestion source for the tests: text inside typographic quotation marks is a
CLAIM, a capitalised name before "said" a SPEAKER, and each claim is linked (SAID) to the
nearest speaker. It runs on the text it is given, like any source."""

from __future__ import annotations

import re

from annotator.core.suggest import Proposal, SuggestedLink, Suggestion

_CLAIM = re.compile(r"“([^”]{12,}?)[,.]?”")
_SPEAKER = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)*) (?:said|told)\b")

TEXT = ("“The talks were very constructive,” Ether Yin said on Friday. "
        "Officials in Beijing were less sure. "
        "Ether Yin said later: “Nothing is agreed until everything is agreed.”")


class Marks:
    def __init__(self, name: str = "marks"):
        self.name = name

    def suggest(self, text: str) -> Proposal:
        spans: list[Suggestion] = []
        speakers, claims = [], []
        for m in _SPEAKER.finditer(text):
            speakers.append(len(spans))
            spans.append(Suggestion(m.start(1), m.end(1), "SPEAKER", self.name, 0.8))
        for m in _CLAIM.finditer(text):
            claims.append(len(spans))
            spans.append(Suggestion(m.start(1), m.end(1), "CLAIM", self.name, 0.9,
                                    {"quote": "direct"}))
        links = []
        for c in claims:
            if speakers:
                nearest = min(speakers, key=lambda s: abs(spans[s].start - spans[c].start))
                links.append(SuggestedLink(nearest, c, "SAID", self.name))
        return Proposal(tuple(spans), tuple(links))


def make(store=None, name: str = "marks") -> Marks:
    return Marks(name)


def make_quotes(store=None) -> Marks:
    """The same source, storing under the quote rules' name (the window shows sources by
    the names in its Suggest menu)."""
    return Marks("quotes")
