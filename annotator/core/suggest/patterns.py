"""Suggestions from a patterns file in Prodigy's format, so existing pattern files work as they
are. One JSON object a line:

    {"label": "ORG", "pattern": "Trivium China"}                          a phrase
    {"label": "PERSON", "pattern": [{"lower": "xi"}, {"lower": "jinping"}]}  token patterns

As in spaCy's EntityRuler (which Prodigy uses): a phrase matches the same token texts, case
and all; a token pattern is spaCy Matcher syntax; where matches overlap, the longest wins
(then the earlier one, then the pattern given first in the file). Texts are tokenized by a
blank English pipeline: no model, nothing downloaded. spaCy's character offsets are code
points, as ours are, so a match lands on the same characters of the text exactly.

spaCy is imported only when a patterns source is made: `pip install 'annotator[spacy]'`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator.core import jsontext
from annotator.core.errors import AnnotatorError, InvalidInput, brief
from annotator.core.names import check_line
from annotator.core.suggest import Proposal, Suggestion
from annotator.core.text import decode

NAME = "patterns"


def need_spacy(what: str):
    """spaCy, or an error that says how to install it."""
    try:
        import spacy
    except ImportError:
        raise AnnotatorError(f"{what} needs spaCy: pip install 'annotator[spacy]' "
                             "(or pip install spacy)") from None
    return spacy


def blank_english(spacy):
    """A tokenizer only: a blank English pipeline, allowed any length of text (the limit
    guards a parser's memory, and there is none)."""
    nlp = spacy.blank("en")
    nlp.max_length = 10**10
    return nlp


@dataclass(frozen=True)
class Pattern:
    label: str
    pattern: str | list  # a phrase, or a list of token patterns (dicts)
    where: str  # FILE:LINE, for messages


def read_patterns(path: str | Path) -> list[Pattern]:
    """Every pattern of a Prodigy patterns file; a broken line stops it, naming FILE:LINE."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read the patterns file: {e.strerror}", str(path)) from None
    text = decode(data, str(path))
    out = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            out.append(_pattern(line, f"{path}:{lineno}"))
    return out


def _pattern(line: str, where: str) -> Pattern:
    try:
        data = jsontext.loads(line, where)
    except orjson.JSONDecodeError as e:
        raise InvalidInput(f"not valid JSON ({e.msg})", where) from None
    if not isinstance(data, dict):
        raise InvalidInput("each line must be a JSON object with 'label' and 'pattern'", where)
    label, pattern = data.get("label"), data.get("pattern")
    if not isinstance(label, str) or not label.strip():
        raise InvalidInput(f"'label' must be a non-empty string, not {brief(label)}", where)
    check_line(label, "'label'", where)  # shown as a label: on one line, as itself
    if isinstance(pattern, str):
        if not pattern.strip():
            raise InvalidInput("'pattern' is an empty phrase", where)
    elif isinstance(pattern, list):
        if not pattern or not all(isinstance(t, dict) for t in pattern):
            raise InvalidInput("'pattern' must be a phrase or a non-empty list of token "
                               f"patterns (objects), not {brief(pattern)}", where)
    else:
        raise InvalidInput("'pattern' must be a phrase (a string) or a list of token patterns, "
                           f"not {brief(pattern)}", where)
    return Pattern(label, pattern, where)


def longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Of (start, end, rank) matches, those EntityRuler keeps: longest first, then earliest,
    then lowest rank; none overlapping one already kept. In text order."""
    kept, taken = [], []
    for start, end, rank in sorted(matches, key=lambda m: (m[0] - m[1], m[0], m[2])):
        if all(end <= s or e <= start for s, e in taken):
            kept.append((start, end, rank))
            taken.append((start, end))
    return sorted(kept)


class PatternSource:
    name = NAME

    def __init__(self, patterns: list[Pattern]):
        spacy = need_spacy("a patterns file")
        from spacy.matcher import Matcher, PhraseMatcher

        self.nlp = blank_english(spacy)
        self.patterns = patterns
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._tokens = Matcher(self.nlp.vocab)
        for rank, p in enumerate(patterns):
            key = str(rank)  # the match id says which pattern, hence its label and rank
            try:
                if isinstance(p.pattern, str):
                    self._phrases.add(key, [self.nlp.make_doc(p.pattern)])
                else:
                    self._tokens.add(key, [p.pattern])
            except (ValueError, KeyError, TypeError) as e:  # spaCy's MatchPatternError too
                detail = " ".join(str(e).split())
                raise InvalidInput(f"not a spaCy token pattern ({brief(detail, 200)})",
                                   p.where) from None

    def suggest(self, text: str) -> Proposal:
        doc = self.nlp.make_doc(text)
        vocab = self.nlp.vocab.strings
        matches = [(s, e, int(vocab[m])) for m, s, e in (*self._phrases(doc), *self._tokens(doc))
                   if s < e]
        spans = []
        for start, end, rank in longest_first(matches):
            chars = doc[start:end]
            if chars.start_char < chars.end_char:
                spans.append(Suggestion(chars.start_char, chars.end_char,
                                        self.patterns[rank].label, NAME))
        return Proposal(tuple(spans))


def make(store=None, path: str | Path | None = None) -> PatternSource:
    """The patterns source of the file at `path` (the store is not read)."""
    if path is None:
        raise InvalidInput("the patterns source needs a patterns file (Prodigy's JSONL)")
    return PatternSource(read_patterns(path))
