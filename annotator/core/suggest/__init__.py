"""Suggestions: spans and links that a source proposes for a text. Nothing here is an annotation;
a suggestion becomes one only when a person accepts it.

Every source is one module of this package with a factory `make(store, **options) -> Source`,
named in SOURCES. Sources are imported only when used (a model or pattern source loads spaCy).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Protocol

_NO_ATTRS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Suggestion:
    """A proposed span: code-point offsets into the document's text, `end` exclusive."""

    start: int
    end: int
    label: str
    source: str
    score: float = 1.0
    # Attribute values the source fills, e.g. {"quote": "direct"} on a CLAIM.
    attrs: Mapping[str, str] = field(default_factory=lambda: _NO_ATTRS, compare=False, hash=False)


@dataclass(frozen=True)
class SuggestedLink:
    """A proposed relation between two suggested spans, given by their index in `Proposal.spans`."""

    head: int
    child: int
    label: str
    source: str
    score: float = 1.0


@dataclass(frozen=True)
class Proposal:
    """What one source proposes for one text."""

    spans: tuple[Suggestion, ...] = ()
    links: tuple[SuggestedLink, ...] = ()


class Source(Protocol):
    name: str

    def suggest(self, text: str) -> Proposal: ...


# name -> "module:factory"; the factory is called as factory(store, **options).
SOURCES: dict[str, str] = {
    "quotes": "annotator.core.suggest.quotes:make",
    "patterns": "annotator.core.suggest.patterns:make",
    "spans": "annotator.core.suggest.known_spans:make",
    "model": "annotator.core.suggest.model:make",
}


def load(name: str, store, **options) -> Source:
    """The source called `name`, made for `store` (which sources that learn from the project
    read; a rule source ignores it)."""
    module, factory = SOURCES[name].split(":")
    return getattr(importlib.import_module(module), factory)(store, **options)
