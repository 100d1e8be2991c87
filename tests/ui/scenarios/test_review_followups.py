"""What a review of the merged review, layer and gold work found, played as a reviewer would."""

from PySide6.QtWidgets import QApplication, QDockWidget, QLabel

from annotator.core.store import Store
from annotator.ui.agreement_view import AgreementView
from tests.conftest import add_layers
from tests.ui.test_review_view import three_annotators

TEXT = "Mr Yin said the talks are off. Tariffs rose."


def shown(kind):
    return [w for w in QApplication.allWidgets() if isinstance(w, kind) and w.isVisible()]


def test_the_agreement_window_closes_with_its_project(person, project, tmp_path):
    me = person(three_annotators(project), annotator="rita")
    me.press("Ctrl+Shift+A")
    assert len(shown(AgreementView)) == 1
    other = tmp_path / "other.annotator"
    with Store.open(other) as store:
        store.add_document("Another project's article.", uid="o1")
    me.window.switch_project(str(other))
    # Its rows named the old project's documents: left open, a double-click opened
    # whatever document of the new project had the same number.
    assert shown(AgreementView) == []


def test_g_in_review_opens_gold_on_the_document_even_when_the_list_filter_hides_it(
        person, project):
    with Store.open(project) as store:
        add_layers(store, "First document, nobody's work.", {}, uid="d0")
        doc = add_layers(store, TEXT, {"alice": [("Mr Yin", "SPEAKER")],
                                       "bob": [("Mr Yin", "PERSON")]}, uid="d1")
        store.set_status(doc, "rita", "done")
    me = person(project, annotator="rita")
    panel = me.window.doc_list
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("done"))
    me.window.go_to(doc)
    me.press("Ctrl+R")
    me.press("G")  # in gold, the list's "done" filter (rita's) no longer shows d1
    assert me.window.workspace.annotator == "gold"
    assert me.window.workspace.document is not None and me.window.workspace.document.id == doc
    assert me.view.toPlainText() == TEXT
    assert me.window.review_view.doc_id == doc


def test_the_layer_banner_speaks_of_the_document_shown(person, project):
    with Store.open(project) as store:
        add_layers(store, "Mr Yin said the talks are off.", {"bob": [("Mr Yin", "SPEAKER")]},
                   uid="d1")
        add_layers(store, "Tariffs rose again.", {"alice": [("Tariffs", "POLICY")]}, uid="d2")
    me = person(project, annotator="rita")
    me.window.show_layer("bob")
    banner = me.window.findChild(QLabel, "layer_banner")
    on_first = banner.text()
    me.press("Ctrl+PgDown")
    assert banner.text() != on_first and "none" in banner.text()
    me.press("Ctrl+PgUp")
    assert banner.text() == on_first and "none" not in banner.text()


def test_done_while_viewing_anothers_layer_says_why_it_was_refused(person, project):
    with Store.open(project) as store:
        d1 = add_layers(store, "Mr Yin said the talks are off.",
                        {"bob": [("Mr Yin", "SPEAKER")]}, uid="d1")
        add_layers(store, "Tariffs rose again.", {}, uid="d2")
        store.set_status(d1, "rita", "done")
    me = person(project, annotator="rita")
    me.window.show_layer("bob")
    me.press("Ctrl+Return")
    assert "All documents are done" not in me.status()
    assert "bob" in me.status() and me.window.workspace.document.id == d1


def test_a_review_of_a_title_with_an_ampersand_shows_it_as_written(person, project):
    with Store.open(project) as store:
        add_layers(store, TEXT, {"alice": [("Mr Yin", "SPEAKER")], "bob": []}, uid="d1",
                   title="R&D plan")
    me = person(project, annotator="rita")
    me.press("Ctrl+R")
    (dock,) = shown(QDockWidget)
    assert dock.windowTitle() == "Review — R&&D plan"  # drawn "R&D plan", not "RD plan"
    assert dock.toggleViewAction().text() == "Review — R&&D plan"


def test_the_status_bar_counts_and_states_the_layer_shown(person, project):
    with Store.open(project) as store:
        d1 = add_layers(store, "Mr Yin said the talks are off.",
                        {"bob": [("Mr Yin", "SPEAKER"), ("the talks are off", "CLAIM")]},
                        uid="d1")
        store.set_status(d1, "bob", "done")
    me = person(project, annotator="rita")
    assert "0 spans · todo" in me.status()
    me.window.show_layer("bob")
    # bob's two spans beside bob's status, not beside rita's "todo"
    assert "bob: 2 spans · done" in me.status()
