"""Finding the speaker next to a speech verb, as written: a name with its title ("Vice-Premier
Liu He", "Mr Trump"), a described speaker ("a spokesman for the ministry", "the sources") or a
pronoun ("he"), and its kind (person, organisation, anonymous, pronoun). Used by quotes.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.suggest.quote_words import (
    ADVERBS, ANONYMOUS_HEADS, DETERMINERS, FINITE_WORDS, NAME_JOINERS, NOT_NAMES,
    ORGANISATION_HEADS, ORGANISATION_WORDS, PREPOSITIONS, PRONOUNS, QUOTE_ONLY_VERBS,
    SPEECH_VERBS, TITLES, WEEKDAYS)

WORD = re.compile(r"[^\W_](?:[\w'’&-]*[\w&])?")
_TOKEN = re.compile(r"[^\W_](?:[\w'’&-]*[\w&])?|[^\w\s]")


@dataclass(frozen=True)
class Found:
    """A speaker found near a cue: offsets and kind."""
    start: int
    end: int
    kind: str


def is_cue(word: str) -> bool:
    """A speech verb, written in lower case ("States" in "United States" is no cue)."""
    return word[:1].islower() and (word in SPEECH_VERBS or word in QUOTE_ONLY_VERBS)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _capital(word: str) -> bool:
    return word[:1].isupper()


def speaker_before(text: str, start: int, end: int) -> Found | None:
    """The speaker written last before `end` (the cue): "Mr Liu also" → "Mr Liu"; "Sumeet Singh,
    a vice president at PG&E," → "Sumeet Singh"."""
    toks = _tokens(text, start, end)
    while toks and (toks[-1][2].lower() in ADVERBS or toks[-1][2] in WEEKDAYS
                    or toks[-1][2].lower() == "on"):
        toks.pop()
    if toks and toks[-1][2] == ",":
        toks.pop()
        commas = [i for i, t in enumerate(toks) if t[2] == ","]
        seg = toks[commas[-1] + 1:] if commas else toks
        if commas and seg and not _capital(seg[0][2]) and not seg[0][2].startswith("("):
            toks = toks[:commas[-1]]  # "X, a spokesman for Y," → X
        elif seg and not _capital(seg[0][2]):
            return None
    while toks and toks[-1][2] == ")":  # "(CBCP)"
        opening = max((i for i, t in enumerate(toks) if t[2] == "("), default=None)
        if opening is None:
            break
        toks = toks[:opening]
    if not toks:
        return None
    last = toks[-1]
    if last[2] in PRONOUNS and not (len(toks) > 1 and _capital(last[2])
                                    and _capital(toks[-2][2]) and toks[-2][2] not in NOT_NAMES):
        return Found(last[0], last[1], "pronoun")  # but "Vice-Premier Liu He" is a name
    if _capital(last[2]) and last[2] not in NOT_NAMES:
        return _name_leftward(text, toks)
    if last[2].lower() in ANONYMOUS_HEADS or last[2].lower() in ORGANISATION_HEADS:
        return _nominal_leftward(toks, len(toks) - 1)
    return None


def _name_leftward(text: str, toks: list) -> Found | None:
    i = len(toks) - 1
    while i > 0:
        prev = toks[i - 1][2]
        if _capital(prev) and prev not in NOT_NAMES or prev in TITLES:
            i -= 1
        elif prev == "." and i > 1 and (len(toks[i - 2][2]) == 1 or toks[i - 2][2] in TITLES):
            i -= 1  # "John G. Roberts", "Dr. Fauci"
        elif prev in NAME_JOINERS and i > 1 and toks[i - 2][2] in ORGANISATION_WORDS | {"the"} \
                and any(t[2] in ORGANISATION_WORDS for t in toks[:i - 1][-4:]):
            i -= 1  # "Foreign Ministry of Iraq", "Conference of the Philippines"
        else:
            break
    while i < len(toks) and toks[i][2] in NAME_JOINERS | {".", "the"}:
        i += 1
    if i >= len(toks):
        return None
    start = toks[i - 1][0] if i > 0 and toks[i - 1][2] in ("the", "The") else toks[i][0]
    kind = kind_of(text[start:toks[-1][1]])
    # "a spokesperson for Stagecoach South", "an official from TfL": the name is the head's
    if i >= 2 and toks[i - 1][2] in ("for", "from", "at", "of", "by") and (
            toks[i - 2][2].lower() in ANONYMOUS_HEADS | ORGANISATION_HEADS):
        head = _nominal_leftward(toks, i - 2)
        if head:
            return Found(head.start, toks[-1][1], head.kind)
    return Found(start, toks[-1][1], kind)


def _nominal_leftward(toks: list, head: int) -> Found | None:
    """A described speaker ending at toks[head]: "the sources", "a Hampshire Police spokesman"."""
    i = head
    while i > 0 and head - i < 5:
        prev = toks[i - 1][2]
        if prev in DETERMINERS:
            i -= 1
            break
        if not re.fullmatch(r"[\w'’&-]+", prev) or prev.lower() in PREPOSITIONS \
                or prev.lower() in ("and", "or", "that", "who", "which", "but"):
            break
        i -= 1
    word = toks[head][2].lower()
    return Found(toks[i][0], toks[head][1],
                 "anonymous" if word in ANONYMOUS_HEADS else "organisation")


def speaker_after(text: str, start: int, end: int) -> Found | None:
    """The speaker written first after `start`: "said Vasco Cordeiro, the regional president" →
    "Vasco Cordeiro"; "read the warning" → "the warning"."""
    toks = _tokens(text, start, end)
    if not toks:
        return None
    first = toks[0][2]
    if first in PRONOUNS:
        return Found(toks[0][0], toks[0][1], "pronoun")
    i = 0
    if first in DETERMINERS:
        j, head = 1, None
        while j < len(toks) and j < 7 and re.fullmatch(r"[\w'’&-]+", toks[j][2]):
            word = toks[j][2]
            if word.lower() in ANONYMOUS_HEADS or word.lower() in ORGANISATION_HEADS:
                head = j
            elif word in PREPOSITIONS or word in FINITE_WORDS or is_cue(word):
                break
            j += 1
        if head is not None:
            if head + 2 < len(toks) and toks[head + 1][2] in ("for", "from", "at", "of") \
                    and _capital(toks[head + 2][2]):
                k = head + 2
                while k + 1 < len(toks) and _capital(toks[k + 1][2]):
                    k += 1
                head = k
            return Found(toks[0][0], toks[head][1],
                          kind_of(text[toks[0][0]:toks[head][1]]))
        if first not in ("the", "The"):
            return None
        i = 1
    if i >= len(toks) or not _capital(toks[i][2]) or toks[i][2] in NOT_NAMES:
        return None
    k = i
    while k + 1 < len(toks):
        nxt = toks[k + 1][2]
        if _capital(nxt) and nxt not in NOT_NAMES:
            k += 1
        elif nxt == "." and (len(toks[k][2]) == 1 or toks[k][2] in TITLES) and k + 2 < len(toks) \
                and _capital(toks[k + 2][2]):
            k += 1
        elif nxt in NAME_JOINERS and toks[k][2] in ORGANISATION_WORDS and k + 2 < len(toks) \
                and _capital(toks[k + 2][2]):
            k += 1
        else:
            break
    s = toks[0][0] if i == 1 else toks[i][0]
    phrase = text[s:toks[k][1]]
    return Found(s, toks[k][1], kind_of(phrase))


def kind_of(phrase: str) -> str:
    """person, organisation, anonymous or pronoun, from the words of a speaker span."""
    if phrase in PRONOUNS:
        return "pronoun"
    words = WORD.findall(phrase)
    if not words:
        return "anonymous"
    head = words
    for n, word in enumerate(words[1:], start=1):  # "a spokesman for the ministry": spokesman
        if word in ("for", "of", "from", "at", "with", "in", "by"):
            head = words[:n]
            break
    last = head[-1].lower()
    if last in ANONYMOUS_HEADS:
        return "anonymous"
    if last in ORGANISATION_HEADS or words[0] in ("the", "The"):
        return "organisation"
    if any(w in ORGANISATION_WORDS for w in words) or "&" in words[-1] or (
            words[-1].isupper() and len(words[-1]) > 1):
        return "organisation"
    if all(_capital(w) for w in head):
        return "person"
    return "anonymous"
