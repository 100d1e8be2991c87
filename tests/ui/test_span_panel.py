"""The span panel's model after any sequence of edits: the rows it reports are the spans (and
relations) it was given, and Qt's own model tester sees every change announced correctly."""

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from annotator.core.models import Relation, Span
from annotator.ui.span_panel import SpanPanel

TEXT = "Mr Yin said the talks are off, and Xi agreed on Monday."
POOL = [Span(i + 1, 1, "alice", s, e, label) for i, (s, e, label) in enumerate([
    (0, 6, "SPEAKER"), (3, 6, "PERSON"), (12, 29, "CLAIM"), (16, 21, "POLICY"),
    (35, 37, "SPEAKER"), (35, 37, "PERSON"), (48, 54, "DATE")])]
COLORS = {"SPEAKER": "#ffd166", "CLAIM": "#9fd3f0"}


def reading_order(spans):
    return sorted(spans, key=lambda s: (s.start, -s.end, s.id))


STATES = st.lists(st.tuples(st.sets(st.sampled_from(POOL)), st.booleans(),
                            st.sampled_from(["", "relabel"])), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(STATES)
def test_the_panel_rows_follow_every_change(qapp, states):
    panel = SpanPanel()
    complaints = []
    previous = qInstallMessageHandler(lambda kind, context, message: complaints.append(message))
    QAbstractItemModelTester(panel.span_model,
                             QAbstractItemModelTester.FailureReportingMode.Warning, panel)
    model = panel.span_model
    for chosen, linked, change in states:
        spans = reading_order(chosen)
        if change and spans:  # a relabel keeps the id, changes the row
            first = spans[0]
            spans[0] = Span(first.id, 1, "alice", first.start, first.end, "ORG")
        ids = {s.id for s in spans}
        relations = [Relation(1, 1, "alice", 1, 3, "SAID")] if linked and {1, 3} <= ids else []
        panel.set_content(TEXT, spans, relations, COLORS)
        shown = [model.index(r, 0).data(Qt.ItemDataRole.UserRole)
                 for r in range(model.rowCount())]
        expected = []
        for span in spans:
            expected.append((1, span.id))
            if relations and span.id in (1, 3):
                expected.append((2, 1))
        assert shown == expected
        assert not [c for c in complaints if "FAIL" in c], complaints
        assert [model.index(r, 0).data() for r in range(model.rowCount())
                if shown[r][0] == 1] == [s.label for s in spans]
    qInstallMessageHandler(previous)
    panel.deleteLater()
