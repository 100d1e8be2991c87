"""The project store: the ONLY package that speaks SQL. One SQLite file per project.

Every public method that changes data is one committed transaction (sqlite-utils `atomic`, which
nests as a savepoint inside a larger one such as an import). Offsets are checked on every write.
The Store is composed of one mixin per idea; all share the connection of StoreBase.
"""

from annotator.core.store._base import StoreBase
from annotator.core.store._connection import user_error
from annotator.core.store.attributes import AttributesMixin
from annotator.core.store._files import find_backup, restore_backup
from annotator.core.store.bulk import BulkMixin
from annotator.core.store.documents import DocumentsMixin
from annotator.core.store.labels import LabelsMixin
from annotator.core.store.notes import NotesMixin
from annotator.core.store.spans import SpansMixin
from annotator.core.store.status import StatusMixin
from annotator.core.store.suggestions import SuggestionsMixin
from annotator.core.store.team import TeamMixin


class Store(AttributesMixin, BulkMixin, DocumentsMixin, LabelsMixin, NotesMixin, SpansMixin,
            StatusMixin, SuggestionsMixin, TeamMixin, StoreBase):
    """A project. Use `Store.open(path)` or `Store.memory()`; close() when done."""


__all__ = ["Store", "find_backup", "restore_backup", "user_error"]
