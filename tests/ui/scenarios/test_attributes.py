"""Attributes as a person sets them: a CLAIM selected, Ctrl+T, a number; the value in the
span panel, the status bar and SQLite, undone with Ctrl+Z, and in the export; the document's
own with Ctrl+D, shown above the article."""

import orjson
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from annotator.core.exporter import ExportReport, export_to_path
from annotator.core.store import Store
from annotator.ui.span_panel import ATTRIBUTE
from tests.conftest import rows
from tests.ui.scenario import context_click, double_click

TEXT = ('Ether Yin, a partner at Trivium China, said: "The talks are off for now and will '
        'not resume before the summer."\n\nThe ministry declined to comment.')
CLAIM = (TEXT.index("The talks"), TEXT.index("summer.") + 7)
SPEAKER = (0, 9)


def _article(project):
    with Store.open(project) as store:
        doc, _ = store.add_document(TEXT, uid="d0", title="Trade talks")
        store.ensure_status(doc, "alice")
        claim = store.add_span(doc, "alice", *CLAIM, "CLAIM")
        speaker = store.add_span(doc, "alice", *SPEAKER, "SPEAKER")
    return claim.id, speaker.id


def _menu() -> QMenu:
    QApplication.processEvents()
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu), "no menu opened"
    return menu


def _panel_rows(me) -> list[tuple[str, str]]:
    model = me.window.span_panel.span_model
    return [(model.index(r, 0).data(), model.index(r, 1).data())
            for r in range(model.rowCount())]


def test_a_claim_gets_its_quote_with_ctrl_t_and_a_number(person, project, tmp_path):
    claim, _ = _article(project)
    me = person(project)
    me.click(CLAIM[0] + 2)  # select the CLAIM
    assert me.window.workspace.selected == claim
    assert not any(label.strip() == "quote:" for label, _ in _panel_rows(me))
    me.press("Ctrl+T")
    menu = _menu()
    entries = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert entries == ["1  quote: direct", "2  quote: indirect", "3  quote: mixed"]
    me.press("1")
    assert QApplication.activePopupWidget() is None
    assert rows(project, "SELECT span_id, name, value FROM span_attributes") == [
        (claim, "quote", "direct")]
    assert ("    quote:", "direct") in _panel_rows(me)
    assert "CLAIM (quote: direct): The talks are off" in me.status()
    assert me.focus() is me.view  # the keys go on labelling

    me.press("Ctrl+T")
    assert [a.isChecked() for a in _menu().actions()] == [True, False, False]
    me.press("3")
    assert rows(project, "SELECT value FROM span_attributes") == [("mixed",)]
    me.press("Ctrl+Z")
    assert rows(project, "SELECT value FROM span_attributes") == [("direct",)]

    out = tmp_path / "out.jsonl"
    with Store.open(project, read_only=True) as store:
        export_to_path(store, "jsonl", out, ExportReport())
    (line,) = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [(s["label"], s.get("attrs")) for s in line["spans"]] == [
        ("SPEAKER", None), ("CLAIM", {"quote": "direct"})]


def test_the_span_panel_sets_a_value_too(person, project):
    _, speaker = _article(project)
    me = person(project)
    panel = me.window.span_panel
    # right-click the span's row: every attribute of it
    span_row = panel.span_model.row_of[speaker]
    me.will_choose("kind: person")
    context_click(panel.viewport(), panel.visualRect(panel.span_model.index(span_row, 0))
                  .center())
    me.qtbot.waitUntil(lambda: rows(project, "SELECT value FROM span_attributes")
                       == [("person",)])
    assert ("    kind:", "person") in _panel_rows(me)
    # double-click the value's row: that attribute's values
    row = next(r for r in range(panel.span_model.rowCount())
               if panel.span_model.index(r, 0).data(Qt.ItemDataRole.UserRole)
               == (ATTRIBUTE, speaker, "kind"))
    rect = panel.visualRect(panel.span_model.index(row, 1))
    me.will_choose("kind: anonymous")
    double_click(panel.viewport(), rect.center())
    me.qtbot.waitUntil(lambda: rows(project, "SELECT value FROM span_attributes")
                       == [("anonymous",)])
    assert ("    kind:", "anonymous") in _panel_rows(me)


def test_nothing_selected_or_no_attributes_says_so(person, project):
    _article(project)
    me = person(project)
    me.press("Ctrl+T")
    assert QApplication.activePopupWidget() is None
    assert "Select a span first" in me.status()
    me.drag(TEXT.index("ministry"), TEXT.index("ministry") + 8)
    me.press("5")  # ORG: no attributes
    me.press("Ctrl+T")
    assert QApplication.activePopupWidget() is None
    assert "This ORG has no attributes" in me.status()


def test_the_document_gets_its_values_with_ctrl_d(person, project):
    _article(project)
    me = person(project)
    shown = me.window.doc_attributes
    assert shown.isVisible() and "relevant: —" in shown.text()
    me.press("Ctrl+D")
    entries = [a.text().replace("&", "") for a in _menu().actions() if not a.isSeparator()]
    assert entries[:3] == ["1  relevant: yes", "2  relevant: no", "3  genre: news"]
    me.press("1")
    assert rows(project, "SELECT doc_id, annotator, name, value FROM document_attributes") \
        == [(1, "alice", "relevant", "yes")]
    assert "relevant: yes" in shown.text()
    me.press("Ctrl+D")
    me.press("5")  # genre: opinion
    assert "genre: opinion" in shown.text()
    me.press("Ctrl+Z")
    assert "genre: —" in shown.text()
    assert rows(project, "SELECT name, value FROM document_attributes") == [
        ("relevant", "yes")]


def test_the_scheme_editor_keeps_attributes_and_edits_them(person, project, monkeypatch):
    from annotator.ui import scheme_editor

    _article(project)
    me = person(project)

    class Editing(scheme_editor.SchemeEditor):
        def exec(self):
            names = [self.table.item(r, scheme_editor.NAME).text()
                     for r in range(self.table.rowCount())]
            claim = names.index("CLAIM")
            assert self.table.item(claim, scheme_editor.ATTRIBUTES).text() == \
                "quote: direct, indirect, mixed"
            self.table.item(names.index("SPEAKER"), scheme_editor.DESCRIPTION).setText("Who.")
            self.table.item(names.index("CUE"), scheme_editor.ATTRIBUTES).setText(
                "verb: said, told; tense: past, present")
            return scheme_editor.QDialog.DialogCode.Accepted

    monkeypatch.setattr(scheme_editor, "SchemeEditor", Editing)
    me.window.scheme_dialog()
    labels = {lb.name: lb for lb in me.window.workspace.store.labels()}
    assert [a.name for a in labels["CLAIM"].attributes] == ["quote"]  # kept, not dropped
    assert [a.name for a in labels["SPEAKER"].attributes] == ["kind"]
    assert [(a.name, a.values) for a in labels["CUE"].attributes] == [
        ("verb", ("said", "told")), ("tense", ("past", "present"))]


def test_the_agreement_window_says_attribute_figures_and_values_that_differ(qtbot, project):
    from annotator.ui.agreement_view import AgreementView

    with Store.open(project) as store:
        doc, _ = store.add_document(TEXT, uid="d0", title="Trade talks")
        for name, quote in (("alice", "direct"), ("bob", "indirect")):
            span = store.add_span(doc, name, *CLAIM, "CLAIM")
            store.set_span_attribute(span.id, "quote", quote, name)
        view = AgreementView(store)
        qtbot.addWidget(view)
        assert any("quote 0.00 (κ 0.00, 1)" in label.text()
                   for label in view.findChildren(QLabel))
        view.show_disagreements(0, 0)
        assert view.disagreements.count() == 1
        line = view.disagreements.item(0).text()
        assert "alice: CLAIM (quote: direct)" in line and "bob: CLAIM (quote: indirect)" in line
