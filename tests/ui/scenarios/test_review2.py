"""A review of the merged suggestions and attributes code: what a person saw go wrong."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from annotator.core.store import Store
from annotator.core.suggest import Proposal, Suggestion
from annotator.core.suggest.run import suggest_documents
from annotator.ui.suggestion_overlay import ink
from tests.ui.scenario import share_of_colour

CLAIM = "#9fd3f0"  # the default scheme's colour
ARABIC = "قال المتحدث إن المحادثات كانت بناءة جدا وإنها ستستمر الأسبوع المقبل في بكين."


class Whole:
    name = "quotes"

    def suggest(self, text: str) -> Proposal:
        return Proposal((Suggestion(12, len(text) - 1, "CLAIM", self.name),))


@pytest.fixture
def arabic(project):
    with Store.open(project) as store:
        doc_id, _ = store.add_document(ARABIC, uid="ar", title="محادثات")
        suggest_documents(store, [Whole()], [doc_id])
    return project


def test_a_suggestion_in_right_to_left_text_is_outlined(person, arabic):
    """An Arabic article's suggested CLAIM had no outline at all (each line piece ran from
    right to left, and its width came out negative and was dropped): nothing said a
    suggestion was there but the status bar."""
    me = person(arabic)
    assert [(s.start, s.label) for s in me.view.suggested[0]] == [(12, "CLAIM")]
    picture = me.screenshot()
    assert share_of_colour(picture, ink(QColor(CLAIM)).name(), 30) > 0.0005
