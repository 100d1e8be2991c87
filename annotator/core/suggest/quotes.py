"""Who said what in news text, by rule: no model, no download, plain `re` and `str`.

What the rules propose for a text:
- CLAIM spans: for a direct quote the text inside the marks (never the marks), for reported
  speech the reported clause ("X said [that] …", "according to X, …", "…, X said"), for a mixed
  quote (reported speech holding a quoted fragment) that clause up to the closing mark. Each
  CLAIM has the attribute quote = direct | indirect | mixed.
- SPEAKER spans: the speaker as written nearest the cue: a name with the title written before
  it ("Vice-Premier Liu He"), a described speaker ("a spokesman for the ministry", "the
  sources") or a pronoun ("he"). kind = person | organisation | anonymous | pronoun. A pronoun
  stays a pronoun: resolving "he said" to the nearest named speaker before it is left to the
  annotator (the previous SPEAKER of the same gender would be the obvious next rule).
- CUE spans: the speech verb ("said", "told", "adding") or "according to".
- SAID links SPEAKER -> CLAIM.

Decisions:
- A split quote ("…," she said, "…") gives two claims, each linked to the one speaker: a span
  is one stretch of text, and the words between are not the speaker's.
- A quote left open at the end of a paragraph runs to the paragraph's end, and a quote that
  opens the next sentence or paragraph without a cue of its own continues the last speaker.
- Fewer than 12 characters inside the marks is a scare quote or a term, not a claim (it can
  still be part of a mixed claim). A quotation with no cue that does not open a sentence
  (titles, terms, "so-called" words) gives nothing.
- Marks are matched by character class: straight " and typographic “ ” „ « »; the text is never
  rewritten, so offsets are code points into the text as given.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from annotator.core.suggest import Proposal, SuggestedLink, Suggestion
from annotator.core.suggest.quote_speakers import (
    WORD, Found, is_cue, kind_of, speaker_after, speaker_before)
from annotator.core.suggest.quote_words import (
    ABBREVIATIONS, ADVERBS, ALWAYS_CLAUSE, FINITE_WORDS, PREPOSITIONS, QUOTE_ONLY_VERBS,
    SPEECH_VERBS, WEEKDAYS)
from annotator.core.text import trimmed

NAME = "quotes"
MIN_QUOTE = 12  # characters inside the marks for a quotation to be a claim
MAX_SENTENCE = 3000  # characters; longer runs without a sentence end are cut

OPENERS = "\"“„«‟"
CLOSERS = "\"”»"
_MARK = re.compile("[\"“”„«»‟]")
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
_SPACE = re.compile(r"\s")
# A sentence opening with a subordinate clause: what is reported in it ends at its comma.
_SUBORDINATE = re.compile(r"\s*(?:(?:[Ee]ven|[Jj]ust|[Ss]hortly|[Ll]ong) )?(?:[Aa]fter|[Ww]hen|"
                          r"[Bb]efore|[Ww]hile|[Aa]lthough|[Tt]hough|[Bb]ecause|[Ss]ince|"
                          r"[Oo]nce|[Uu]ntil|[Ii]f)\b")
_BOUNDARY = re.compile(r"[.?!]+[\"”»')\]]*(?=\s+[\"“„«(\[]?[^\W\d_])")
_LEADING_ADVERBIAL = re.compile(
    r"(?:\s*,?\s*(?:yesterday|today|tonight|earlier|later|also|again|once|"
    r"(?:on|last|this|late|early) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"night|week|month|year|morning|afternoon|evening|Twitter|Facebook|Instagram)|"
    r"in an? (?:[\w-]+ )?(?:statement|conference|briefing|letter|tweet|post|speech|release|"
    r"interview|video|message)|via Twitter|on social media|to (?:reporters|journalists|the press)"
    r")\b)+")


class QuoteRules:
    """The quote source: `suggest(text)` gives a Proposal of CLAIM, SPEAKER and CUE spans and SAID
    links."""

    name = NAME

    def suggest(self, text: str) -> Proposal:
        return _Pass(text).run()


def make(store=None, **options) -> QuoteRules:
    """The registry's factory; the rules read nothing from the project."""
    return QuoteRules()


# ---------------------------------------------------------------------------- one pass
class _Pass:
    def __init__(self, text: str):
        self.text = text
        self.spans: dict[tuple[int, int, str], tuple[dict, float]] = {}
        self.links: dict[tuple, None] = {}
        self.last_speaker: tuple | None = None  # (key, sentence number)
        self.sentence_no = 0

    def run(self) -> Proposal:
        text = self.text
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            if line.strip():
                self._paragraph(start, end)
            start = end + 1
        keys = sorted(self.spans)
        index = {key: n for n, key in enumerate(keys)}
        spans = tuple(Suggestion(s, e, label, NAME, self.spans[(s, e, label)][1],
                                 self.spans[(s, e, label)][0]) for s, e, label in keys)
        links = tuple(SuggestedLink(index[h], index[c], "SAID", NAME, 1.0)
                      for h, c in self.links)
        return Proposal(spans, links)

    # -------------------------------------------------------------- spans out
    def _add(self, start: int, end: int, label: str, attrs: dict, score: float):
        start, end = trimmed(self.text, start, end)
        if start >= end:
            return None
        key = (start, end, label)
        if key not in self.spans or self.spans[key][1] < score:
            self.spans[key] = (attrs, score)
        return key

    def _attribute(self, claim: tuple[int, int], quote: str, speaker: Found | None,
                   cue: tuple[int, int] | None, score: float):
        s, e = claim
        if quote == "direct" or quote == "mixed":
            while e > s and self.text[e - 1] in " ,":  # the comma that stands for a full stop
                e -= 1
        claim_key = self._add(s, e, "CLAIM", {"quote": quote}, score)
        if claim_key is None:
            return
        if cue is not None:
            self._add(cue[0], cue[1], "CUE", {}, score)
        if speaker is not None:
            speaker_key = self._add(speaker.start, speaker.end, "SPEAKER", {"kind": speaker.kind},
                                    score)
            if speaker_key is not None:
                self.links[(speaker_key, claim_key)] = None
                self.last_speaker = (speaker, self.sentence_no)

    # -------------------------------------------------------------- paragraph
    def _paragraph(self, p_start: int, p_end: int) -> None:
        quotes = _pair_marks(self.text, p_start, p_end)
        opens = [o for o, _ in quotes]
        for s_start, s_end in _sentences(self.text, p_start, p_end, quotes):
            self.sentence_no += 1
            inside = quotes[bisect_left(opens, s_start):bisect_left(opens, s_end)]
            self._sentence(s_start, s_end, inside, quotes)

    def _sentence(self, s_start: int, s_end: int, quotes: list, all_quotes: list) -> None:
        text = self.text
        cues = [(m.start(), m.end()) for m in WORD.finditer(text, s_start, s_end)
                if is_cue(m.group()) and not _inside(m.start(), all_quotes)]
        used_cues: set = set()
        done_quotes: set = set()
        # 1. direct quotes with a cue right before or right after the marks
        previous = None
        for o, c in quotes:
            inner_end = c if c is not None else s_end
            if _inner_length(text, o + 1, inner_end) < MIN_QUOTE:
                previous = None
                continue
            found = self._after_frame(c, s_end, quotes) or self._before_frame(o, s_start, quotes,
                                                                             cues)
            if found is None and previous is not None:  # the second half of a split quote
                found = previous
            if found is None:
                continue
            speaker, cue = found
            used_cues.add(cue)
            done_quotes.add(o)
            self._attribute((o + 1, inner_end), "direct", speaker, cue, 0.9)
            previous = found
        # 2. reported speech after a cue; a quote inside makes it mixed
        for cue in cues:
            if cue in used_cues or text[cue[0]:cue[1]].lower() not in SPEECH_VERBS:
                continue
            claimed = self._reported(cue, s_start, s_end, quotes)
            if claimed:
                done_quotes.update(claimed)
        # 3. "according to X"
        for m in _ACCORDING.finditer(text, s_start, s_end):
            if not _inside(m.start(), all_quotes):
                self._according(m.start(), m.end(), s_start, s_end)
        # 4. a quotation opening the sentence with no cue continues the last speaker
        for o, c in quotes:
            if o in done_quotes or text[s_start:o].strip():
                continue
            inner_end = c if c is not None else s_end
            if _inner_length(text, o + 1, inner_end) < MIN_QUOTE:
                continue
            speaker = None
            if self.last_speaker and self.last_speaker[1] >= self.sentence_no - 1:
                speaker = self.last_speaker[0]
            if speaker is None and len(text[o + 1:inner_end].split()) < 4:
                continue
            self._attribute((o + 1, inner_end), "direct", speaker, None,
                            0.6 if speaker else 0.4)
            done_quotes.add(o)

    # -------------------------------------------------------------- direct frames
    def _after_frame(self, close: int | None, s_end: int, quotes: list):
        """"…," said X / "…", X said / "…", he told reporters."""
        if close is None:
            return None
        text = self.text
        stop = min([o for o, _ in quotes if o > close] + [s_end])
        m = re.match(r"\s*,?\s*", text[close + 1:stop])
        at = close + 1 + m.end()
        first = WORD.match(text, at, stop)
        if first and first.group().endswith("ing"):
            return None  # "…", saying …: the speaker is the sentence's subject, before the quote
        if first and is_cue(first.group()):  # said X
            speaker = speaker_after(text, first.end(), stop)
            if speaker:
                return speaker, (first.start(), first.end())
            return None
        speaker = speaker_after(text, at, stop)
        if speaker is None:
            return None
        rest = _skip_adverbs(text, speaker.end, stop)
        verb = WORD.match(text, rest, stop)
        if verb and is_cue(verb.group()):
            return speaker, (verb.start(), verb.end())
        return None

    def _before_frame(self, open_: int, s_start: int, quotes: list, cues: list):
        """X said: "…" / X told Reuters "…" / X called it "…"."""
        text = self.text
        window_start = max([c + 1 for o, c in quotes if c is not None and c < open_] + [s_start])
        before = [cue for cue in cues if window_start <= cue[0] and cue[1] <= open_]
        if not before:
            return None
        cue = before[-1]
        verb = text[cue[0]:cue[1]].lower()
        gap = text[cue[1]:open_]
        if len(gap) > 90 or any(ch in gap for ch in ".;") or _MARK.search(gap):
            return None
        if verb not in QUOTE_ONLY_VERBS and not _is_adverbial(gap, verb) \
                and not re.search(r"\bas\s+(?:an?\s+)?$", gap):
            return None  # "said the talks were "…"": a mixed quote, step 2 takes it
        by = re.match(r"\s+by\s+", gap)  # "was described by the CBCP as "…""
        speaker = speaker_after(text, cue[1] + by.end(), open_) if by else None
        if speaker is None:
            speaker = self._subject(window_start, cue)
        if speaker is None:
            return None
        return speaker, cue

    def _subject(self, window_start: int, cue: tuple[int, int]) -> Found | None:
        """The speaker before a cue: right before it, else the sentence's first name."""
        speaker = speaker_before(self.text, window_start, cue[0])
        if speaker is None:
            speaker = speaker_after(self.text, _skip_opening(self.text, window_start, cue[0]),
                                        cue[0])
        return speaker

    # -------------------------------------------------------------- reported speech
    def _reported(self, cue: tuple[int, int], s_start: int, s_end: int, quotes: list):
        text = self.text
        verb = text[cue[0]:cue[1]].lower()
        window_start = max([c + 1 for o, c in quotes if c is not None and c < cue[0]] + [s_start])
        speaker = speaker_before(text, window_start, cue[0])
        if speaker is None and verb.endswith("ing") \
                and text[window_start:cue[0]].rstrip().endswith(","):  # "…, saying he would"
            if self.last_speaker and self.last_speaker[1] == self.sentence_no:
                speaker = self.last_speaker[0]
            else:
                speaker = self._subject(s_start, cue)
        at = cue[1]
        if verb in ("told", "tell", "tells", "telling"):
            at = _skip_object(text, at, s_end)
            if re.match(r"\s*(?:[\w'’-]+\s+){0,4}?to\s", text[at:s_end]):
                return None  # "told passengers to take …": an instruction, not a claim
        at = _skip_adverbial(text, at, s_end)
        m = re.match(r"\s*[,:]?\s*(?:that\b)?\s*", text[at:s_end])
        clause_start = at + m.end()
        clause_end = _clause_end(text, clause_start, s_end)
        if _SUBORDINATE.match(text, window_start, cue[0]):
            # "Even after the executive told him that …, the premier …": the clause ends at
            # the comma, where the main clause begins.
            comma = text.find(",", clause_start, clause_end)
            clause_end = comma if comma != -1 else clause_end
        words = WORD.findall(text, clause_start, clause_end)
        if speaker is not None and len(words) >= 3:
            if text[clause_start:clause_start + 1] in OPENERS:
                return None  # a direct frame whose quote was too short to be a claim
            if words[0] in PREPOSITIONS:
                return None  # "warned of a trade war": a topic, not a claim
            if verb not in ALWAYS_CLAUSE and not m.group().strip().endswith("that") \
                    and not _looks_finite(words):
                return None
            inner = [o for o, c in quotes if clause_start <= o < clause_end]
            self._attribute((clause_start, clause_end), "mixed" if inner else "indirect",
                            speaker, cue, 0.7 if inner else 0.6)
            return inner
        # "…, the ministry said [on Monday]." — the claim is the sentence before the speaker
        tail = _skip_adverbial(text, cue[1], s_end)
        if WORD.search(text, tail, s_end) or speaker is None:
            return None
        comma = text.rfind(",", window_start, speaker.start)
        if comma <= window_start or text[comma + 1:speaker.start].strip():
            return None
        claim_start = _skip_opening_adverbs(text, window_start, comma)
        if text[claim_start:claim_start + 1] in OPENERS:
            return None
        inner = [o for o, c in quotes if claim_start <= o < comma]
        self._attribute((claim_start, comma), "mixed" if inner else "indirect", speaker, cue, 0.6)
        return inner

    def _according(self, a_start: int, a_end: int, s_start: int, s_end: int) -> None:
        text = self.text
        comma = text.find(",", a_end, s_end)
        np_end = comma if comma != -1 else _clause_end(text, a_end, s_end)
        relative = re.search(r"\s(?:who|which|that|whose)\s", text[a_end:np_end])
        if relative:  # "three officials who asked not to be named": the speaker is the head
            np_end = a_end + relative.start()
        np_start, np_end = trimmed(text, a_end, np_end)
        np_end = _drop_trailing(text, np_start, np_end)
        if np_start >= np_end:
            return
        speaker = Found(np_start, np_end, kind_of(text[np_start:np_end]))
        if not text[s_start:a_start].strip() or _only_adverbs(text[s_start:a_start]):
            if comma == -1:
                return
            claim = (comma + 1, _clause_end(text, comma + 1, s_end))
        else:
            end = a_start
            while end > s_start and text[end - 1] in " ,":
                end -= 1
            claim = (_skip_opening_adverbs(text, s_start, end), end)
        if len(WORD.findall(text, *claim)) < 3:
            return
        inner = bool(_MARK.search(text, claim[0], claim[1]))
        self._attribute(claim, "mixed" if inner else "indirect", speaker, (a_start, a_end), 0.6)


# ---------------------------------------------------------------------------- marks, sentences
def _pair_marks(text: str, p_start: int, p_end: int) -> list[tuple[int, int | None]]:
    """Opening and closing marks of one paragraph, paired in order; an opening mark left open
    at the paragraph's end pairs with None (the quote runs on)."""
    pairs: list[tuple[int, int | None]] = []
    open_at = None
    for m in _MARK.finditer(text, p_start, p_end):
        ch = m.group()
        if open_at is None:
            if ch in OPENERS:
                open_at = m.start()
        elif ch in CLOSERS:
            pairs.append((open_at, m.start()))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs


def _inside(pos: int, quotes: list) -> bool:
    """Whether pos lies between a pair of marks; `quotes` in order, as _pair_marks gives them."""
    n = bisect_left(quotes, (pos,)) - 1  # the last pair opening before pos
    return n >= 0 and (quotes[n][1] is None or pos < quotes[n][1])


def _sentences(text: str, p_start: int, p_end: int, quotes: list) -> list[tuple[int, int]]:
    out = []
    start = p_start
    for m in _BOUNDARY.finditer(text, p_start, p_end):
        if _inside(m.start(), quotes) and _inside(m.end() - 1, quotes):
            continue
        word = re.search(r"([\w.]+)$", text[max(start, m.start() - 40):m.start()])
        if word and (word.group(1) in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
            continue
        out.append((start, m.end()))
        start = m.end()
    if text[start:p_end].strip():
        out.append((start, p_end))
    return [piece for s, e in out for piece in _pieces(text, s, e, quotes)]


def _pieces(text: str, start: int, end: int, quotes: list) -> list[tuple[int, int]]:
    """A "sentence" longer than any real one (a list, a table, text without full stops) cut at
    spaces outside quotation marks, so that the rules' work per sentence stays bounded."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        space = _SPACE.search(text, cut, end)
        while space and _inside(space.start(), quotes) and space.start() - cut < MAX_SENTENCE:
            space = _SPACE.search(text, space.end(), end)
        if not space:
            break
        out.append((start, space.start()))
        start = space.end()
    out.append((start, end))
    return out


def _clause_end(text: str, start: int, s_end: int) -> int:
    """Where a reported clause ends: the sentence's end, less its full stop, or before ", according
    to" or a colon that introduces a quotation."""
    m = re.search(r",\s+according to\b|:\s*[\"“„«]", text[start:s_end])
    end = start + m.start() if m else s_end
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    if end > start and text[end - 1] in ".;:" and not text[start:end].endswith("..."):
        end -= 1
    return end


# ---------------------------------------------------------------------------- words
def _inner_length(text: str, start: int, end: int) -> int:
    s, e = trimmed(text, start, end)
    return e - s



def _looks_finite(words: list[str]) -> bool:
    for word in words[1:9]:
        low = word.lower()
        if low in FINITE_WORDS or (low.endswith("ed") and len(low) > 3):
            return True
    return False


def _is_adverbial(gap: str, verb: str) -> bool:
    """Whether the words between a speech verb and an opening mark are only an adverbial ("said
    on Monday", "said in a statement:") or, for "told", an object ("told Reuters")."""
    words = WORD.findall(gap)
    if not words:
        return True
    if verb.startswith("tel") or verb == "told":
        return True
    if _LEADING_ADVERBIAL.fullmatch(" " + gap.strip(" ,:")):
        return True
    return words[0].lower() in PREPOSITIONS and not any(
        w.lower() in FINITE_WORDS for w in words)


def _skip_adverbial(text: str, at: int, end: int) -> int:
    m = _LEADING_ADVERBIAL.match(text, at, end)
    return m.end() if m else at


def _skip_object(text: str, at: int, end: int) -> int:
    """Past the listener of "told": "told reporters", "told the BBC", "told a news conference"."""
    m = re.compile(r"\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,2}?"
                   r"(?:reporters|journalists|press|media|conference|audience|parliament|"
                   r"lawmakers|[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*)\b").match(text, at, end)
    return m.end() if m else at


def _skip_adverbs(text: str, at: int, end: int) -> int:
    """Past spaces and adverbs ("also", "later"): where the next word starts."""
    while True:
        while at < end and text[at].isspace():
            at += 1
        m = WORD.match(text, at, end)
        if not m or m.group().lower() not in ADVERBS:
            return at
        at = m.end()


def _only_adverbs(chunk: str) -> bool:
    return all(w.lower() in ADVERBS or w in WEEKDAYS or w.lower() in ("on", "but", "and", "however")
               for w in WORD.findall(chunk))


def _skip_opening(text: str, start: int, end: int) -> int:
    """Past a sentence's opening adverbial ("In a statement, ", "On Friday, ")."""
    m = re.match(r"\s*(?:(?:In|On|At|After|Speaking|Following|Later|Earlier|Yesterday|Today|"
                 r"Meanwhile|However|But)\b[^,]{0,60},\s*)?", text[start:end])
    return start + m.end()


def _skip_opening_adverbs(text: str, start: int, end: int) -> int:
    m = re.match(r"\s*(?:(?:However|But|And|Meanwhile|Also|Yesterday|Today),\s*)?", text[start:end])
    return start + m.end()


def _drop_trailing(text: str, start: int, end: int) -> int:
    """An "according to" speaker without a trailing "(CBCP)" or "late today"."""
    while True:
        chunk = text[start:end]
        m = re.search(r"\s*\([^()]*\)$", chunk) or re.search(
            r"\s+(?:late|early|yesterday|today|tonight|on \w+|last \w+)$", chunk)
        if not m or m.start() == 0:
            return end
        end = start + m.start()
