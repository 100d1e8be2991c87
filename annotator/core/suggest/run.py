"""Running suggestion sources over documents, in bulk, and storing what they propose."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.core.errors import InvalidInput
from annotator.core.store import Store
from annotator.core.suggest import SOURCES, Source, load
from annotator.core.wording import plural


def make_sources(store: Store, chosen: dict[str, dict]) -> list[Source]:
    """The sources named in `chosen` (name -> options), made for `store`. A source that is
    not installed, or that needs a package that is not, is refused in one sentence."""
    out = []
    for name, options in chosen.items():
        if name not in SOURCES:
            raise InvalidInput(f"there is no suggestion source called {name!r} "
                               f"(there are: {', '.join(SOURCES)})")
        module = SOURCES[name].split(":")[0]
        try:
            out.append(load(name, store, **options))
        except ModuleNotFoundError as e:
            if e.name and (module == e.name or module.startswith(e.name + ".")):
                raise InvalidInput(f"the {name} suggestion source is not part of this "
                                   "annotator yet") from None
            raise InvalidInput(f"the {name} suggestion source needs the Python package "
                               f"{e.name!r}: install it with pip install {e.name}") from None
    return out


def available_sources(store: Store, chosen: dict[str, dict]) -> tuple[list[Source], list[str]]:
    """The chosen sources that can be made, and why each other one cannot (one sentence
    each): a window runs what it can and says what it left out."""
    made, refused = [], []
    for name, options in chosen.items():
        try:
            made += make_sources(store, {name: options})
        except InvalidInput as e:
            refused.append(str(e))
    return made, refused


@dataclass
class SuggestReport:
    documents: int = 0
    stored: Counter = field(default_factory=Counter)  # per source
    left_out: int = 0  # outside the text, or a label the project lacks
    refused: list[str] = field(default_factory=list)  # sources that could not run, and why

    def summary(self) -> str:
        each = ", ".join(f"{n:,} from {name}" for name, n in sorted(self.stored.items()))
        line = (f"{plural(sum(self.stored.values()), 'suggestion')} on "
                f"{plural(self.documents, 'document')}" + (f" ({each})" if each else ""))
        if self.left_out:
            line += (f"; {plural(self.left_out, 'suggestion')} left out (outside the text, or "
                     "a label this project does not have)")
        if self.refused:
            line += "; not run: " + "; ".join(self.refused)
        return line


def suggest_documents(store: Store, sources: list[Source], doc_ids: list[int],
                      progress: Callable[[int], None] | None = None) -> SuggestReport:
    """Run every source over these documents and store what each proposes, in place of what
    it proposed before (rejections stay). One transaction: `progress`, called with the
    number of documents done, may raise Cancelled, and then nothing is written."""
    report = SuggestReport()
    known = {lb.name for lb in store.labels("span")}
    with store.transaction():
        for n, doc_id in enumerate(doc_ids, start=1):
            text = store.document(doc_id).text
            for source in sources:
                stored, left_out = store.replace_suggestions(
                    doc_id, source.name, source.suggest(text), known)
                report.stored[source.name] += stored
                report.left_out += left_out
            report.documents = n
            if progress is not None:
                progress(n)
    return report
