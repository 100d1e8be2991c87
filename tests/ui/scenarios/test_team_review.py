"""A person who opens a pack and then their own project: in the pack they work as its owner,
outside it as themselves, and the title says which."""

from PySide6.QtCore import QSettings

from annotator.core import team
from annotator.core.store import Store
from annotator.ui import app
from tests.conftest import rows
from tests.ui.scenario import Person


def lead_project(tmp_path):
    path = tmp_path / "lead.annotator"
    with Store.open(path) as store:
        for i in (1, 2):
            store.add_document(f"Mr Liu said the talks went well on day {i}.", uid=f"s{i}")
        report = team.assign(store, tmp_path / "packs", ["alice"])
    return path, report.packs["alice"]


def start_app(qtbot, project) -> Person:
    """The window as `annotator PROJECT` opens it (the name from the user's settings)."""
    window = app.create_window(str(project))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return Person(qtbot, window)


def open_project(me: Person, path) -> None:
    """File ▸ Open Project… on `path` (what the menu does once its file dialog has a path)."""
    me.window.switch_project(str(path))
    assert me.window.workspace.store.path.name == path.name
    me.window.view.setFocus()  # the person clicks into the article


def test_after_a_pack_your_own_project_is_annotated_under_your_own_name(qtbot, tmp_path):
    lead, pack = lead_project(tmp_path)
    QSettings().setValue("annotator/name", "lena")
    me = start_app(qtbot, pack)
    assert me.window.windowTitle() == (
        "alice's pack · 0 of 2 done — alice.annotator — alice — annotator")
    open_project(me, lead)
    assert me.window.workspace.annotator == "lena"
    assert me.window.windowTitle() == "lead.annotator — lena — annotator"
    assert "pack" not in me.status()
    me.drag(0, 6)
    me.press("1")
    assert rows(lead, "SELECT DISTINCT annotator FROM spans") == [("lena",)]


def test_a_name_chosen_before_opening_a_pack_is_the_name_after_it(qtbot, tmp_path):
    lead, pack = lead_project(tmp_path)
    QSettings().setValue("annotator/name", "lena")
    me = start_app(qtbot, lead)
    me.window.use_annotator("lena2")  # Edit ▸ Annotator Name…
    open_project(me, pack)
    assert me.window.workspace.annotator == "alice"
    open_project(me, lead)
    assert me.window.workspace.annotator == "lena2"
    assert me.window.windowTitle() == "lead.annotator — lena2 — annotator"


def test_a_new_name_chosen_in_a_pack_is_kept_for_later_and_the_pack_stays_its_owners(
        qtbot, tmp_path):
    lead, pack = lead_project(tmp_path)
    me = start_app(qtbot, pack)
    me.window.use_annotator("lena3")  # Edit ▸ Annotator Name… in alice's pack
    assert me.window.workspace.annotator == "alice"
    assert "you work as alice; lena3 is your name outside packs" in me.status()
    me.drag(0, 6)
    me.press("1")
    assert rows(pack, "SELECT DISTINCT annotator FROM spans") == [("alice",)]
    open_project(me, lead)
    assert me.window.workspace.annotator == "lena3"


def test_an_open_team_view_follows_an_assignment(person, tmp_path, qtbot):
    lead = tmp_path / "lead.annotator"
    with Store.open(lead) as store:
        for i in (1, 2, 3):
            store.add_document(f"Mr Liu said the talks went well on day {i}.", uid=f"s{i}")
    me = person(lead, annotator="lena")
    me.window.team_dialog()
    qtbot.waitUntil(me.window.team_view.isVisible)
    assert me.window.team_view.table.rowCount() == 0
    me.will_click_button("OK")  # the message saying what was written
    me.window.assign_documents(tmp_path / "packs", ["alice", "bob"])
    view = me.window.team_view
    qtbot.waitUntil(view.isVisible)
    assert view.cell("alice", "assigned") == "2" and view.cell("bob", "assigned") == "1"


def test_a_model_trained_while_another_project_was_opened_is_said_to_be_the_first_ones(
        person, project, tmp_path, qtbot, monkeypatch):
    """Training goes on in the background; a person who opens another project meanwhile is
    told where the model went, and the project now open is not told it has a new model."""
    from annotator.core.train import model_path
    from annotator.ui import train_action
    from tests.core.test_train import done_project
    from tests.ui.scenario import choose_from_menu_bar

    monkeypatch.setattr(train_action, "EPOCHS", 30)
    done_project(project).close()
    other, _ = lead_project(tmp_path)
    me = person(project)
    told = []
    me.window.model_trained = told.append  # what a suggestions layer would reload
    choose_from_menu_bar(me, "Tools", "Train Model on Done Documents")
    qtbot.waitUntil(lambda: me.window.train_task is not None
                    and me.window.train_task.isRunning(), timeout=30000)
    me.window.switch_project(str(other))
    qtbot.waitUntil(lambda: "Trained on" in me.status(), timeout=60000)
    assert str(model_path(project)) in me.status()
    assert told == [] and not model_path(other).exists()
