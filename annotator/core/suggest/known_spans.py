"""Suggestions from the project's own spans (INCEpTION's string matcher): a string labelled
anywhere in the project ("Trivium China" as ORG) is suggested wherever else it occurs, in this
document and the others, with the label most often given to it; the score is that label's
share of the string's spans (3 ORG and 1 PERSON: ORG, 0.75; a tie goes to the label first in
alphabetical order).

Matches are case-sensitive and whole words: a string that begins (ends) with a letter or digit
is not found right after (before) another one, so "Liu" is not suggested inside "Liuzhou".
Where strings overlap, the one found first wins, and of those starting at one place the
longest ("Bank of China" over "China"). One-character strings are not suggested (a lone "I"
or "5" is everywhere).

Every string goes into one regular expression shaped as a trie (strings sharing a prefix share
its branch), so each text is searched in one pass however many strings the project has. The
source reads the project once, when made: make it again to see spans added since.
"""

from __future__ import annotations

import re
from collections import defaultdict

from annotator.core.models import GOLD, RESERVED_LAYERS
from annotator.core.suggest import Proposal, Suggestion
from annotator.core.text import _WORD

NAME = "spans"
_IS_WORD = re.compile(_WORD)
_END = None  # the trie key that marks a string's end (every other key is a character)


def best_labels(rows) -> dict[str, tuple[str, float]]:
    """{string: (label, share)} from (string, label, count) rows: the label given most often,
    ties to the alphabetically first; strings of one character (or only spaces) left out."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for string, label, n in rows:
        if len(string.strip()) > 1 and string == string.strip():
            counts[string][label] = counts[string].get(label, 0) + n
    out = {}
    for string, by_label in counts.items():
        label = min(by_label, key=lambda name: (-by_label[name], name))
        out[string] = (label, by_label[label] / sum(by_label.values()))
    return out


def trie_pattern(strings) -> re.Pattern | None:
    """One regular expression that finds any of `strings` as a whole word, the longest at a
    place first; None for no strings."""
    trie: dict = {}
    for string in strings:
        node = trie
        for ch in string:
            node = node.setdefault(ch, {})
        node[_END] = {}
    if not trie:
        return None
    # a whole word: no letter or digit may come before a string that begins with one
    # (checked once per place; then each branch is skipped at its first character)
    words = [_branch(ch, trie[ch]) for ch in sorted(trie) if _IS_WORD.fullmatch(ch)]
    others = [_branch(ch, trie[ch]) for ch in sorted(trie) if not _IS_WORD.fullmatch(ch)]
    if words:
        others.insert(0, f"(?<!{_WORD})(?:{'|'.join(words)})")
    return re.compile("|".join(others))


def _branch(ch: str, node: dict, depth: int = 0) -> str:
    """The pattern of the strings through `node`, reached by `ch`. A run of nodes with one
    way on is written as plain characters (so nesting stays as deep as the branching, not
    as long as the strings, which may be sentences); past _DEEPEST groups, the rest of the
    strings are written one after another, longest first (Python's re cannot compile a
    few hundred nested groups)."""
    if depth >= _DEEPEST:
        return _flat(ch, node)
    out = [re.escape(ch)]
    while len(node) == 1 and _END not in node:
        (ch, node), = node.items()
        out.append(re.escape(ch))
    ends_here = _END in node
    onward = [_branch(c, node[c], depth + 1) for c in sorted(c for c in node if c is not _END)]
    stop = _stop(ch)
    if onward:
        longer = f"(?:{'|'.join(onward)})"
        out.append(f"(?:{longer}|{stop})" if ends_here else longer)
    else:
        out.append(stop)
    return "".join(out)


_DEEPEST = 50  # nested groups in one pattern


def _stop(last: str) -> str:
    """A whole word: no letter or digit may follow a string that ends with one."""
    return f"(?!{_WORD})" if _IS_WORD.fullmatch(last) else ""


def _flat(ch: str, node: dict) -> str:
    """The strings through `node` (reached by `ch`) as one alternation, longest first: the
    same match as the trie's, without nesting."""
    found, todo = [], [(ch, node)]
    while todo:  # (no recursion: the strings may be long)
        prefix, at = todo.pop()
        for c, below in at.items():
            if c is _END:
                found.append(prefix)
            else:
                todo.append((prefix + c, below))
    found.sort(key=lambda string: (-len(string), string))
    return f"(?:{'|'.join(re.escape(f) + _stop(f[-1]) for f in found)})"


class KnownSpans:
    name = NAME

    def __init__(self, labels: dict[str, tuple[str, float]]):
        self.labels = labels
        self.pattern = trie_pattern(labels)

    def suggest(self, text: str) -> Proposal:
        if self.pattern is None:
            return Proposal()
        labels = self.labels
        spans = []
        for m in self.pattern.finditer(text):
            label, share = labels[m.group()]
            spans.append(Suggestion(m.start(), m.end(), label, NAME, share))
        return Proposal(tuple(spans))


def make(store, annotator: str | None = None) -> KnownSpans:
    """The strings labelled in `store` by anyone (with `annotator`: by that annotator and in
    the gold layer). Reserved layers other than gold (suggestions) never count."""
    leave_out = tuple(name for name in RESERVED_LAYERS if name != GOLD)
    names = None if annotator is None else sorted({annotator, GOLD})
    return KnownSpans(best_labels(store.labelled_strings(names, leave_out)))
