"""What an annotator does on one document, independent of any widget.

The UI turns a key press into a call here; the decisions (snapping, which label a key means,
what the status becomes) are made and tested here, headless.
"""

from __future__ import annotations

from annotator.core.models import Document, Label, Span
from annotator.core.store import Store
from annotator.core.text import Tokens, snap


class Workspace:
    def __init__(self, store: Store, annotator: str):
        self.store = store
        self.annotator = annotator
        self.document: Document | None = None
        self._tokens: Tokens | None = None

    # ------------------------------------------------------------------ labels
    def labels(self) -> list[Label]:
        return self.store.labels("span")

    def label_for_key(self, key: str) -> Label | None:
        return next((lb for lb in self.labels() if lb.key == key), None)

    # --------------------------------------------------------------- documents
    def open(self, doc_id: int) -> Document:
        self.document = self.store.document(doc_id)
        self._tokens = None
        self.store.set_setting(f"last_document:{self.annotator}", str(doc_id))
        return self.document

    def last_document(self) -> int | None:
        value = self.store.setting(f"last_document:{self.annotator}")
        return int(value) if value else None

    @property
    def tokens(self) -> Tokens:
        if self._tokens is None:
            self._tokens = Tokens.of(self.document.text)
        return self._tokens

    def spans(self) -> list[Span]:
        return self.store.spans(self.document.id, self.annotator) if self.document else []

    # ------------------------------------------------------------------- edits
    def label_selection(self, start: int, end: int, label: str, *, exact: bool = False
                        ) -> Span | None:
        """Make a span of the selected characters [start, end) (code points).

        Snapped to whole tokens without surrounding whitespace and punctuation unless `exact`;
        nothing is made for a selection of only whitespace.
        """
        if self.document is None:
            return None
        if exact:
            bounds = (start, end) if start < end else None
        else:
            bounds = snap(self.document.text, self.tokens, start, end)
        if bounds is None:
            return None
        return self.store.add_span(self.document.id, self.annotator, *bounds, label)
