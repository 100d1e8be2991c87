"""The window's layout as a person meets it: a small screen, a long label scheme, a drag that
will snap, keys a window manager takes, a high-DPI laptop."""

import json
import os
import subprocess
import sys

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QToolButton

from annotator.core.importer import import_paths
from annotator.core.resources import data_dir
from annotator.core.store import Store
from tests.conftest import ROOT, rows

LEFT = Qt.MouseButton.LeftButton


def seeded(path):
    """A project holding the sample article (a new user's first document)."""
    with Store.open(path) as store:
        import_paths(store, [data_dir("seeds")])
    return path


def words_broken(view) -> list[str]:
    """The words the article's lines break inside ("proportionatel|y"), as a person reads
    them at the end of a line."""
    view.finish_painting()
    broken = []
    block = view.document().begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for i in range(layout.lineCount() - 1):
            line = layout.lineAt(i)
            cut = line.textStart() + line.textLength()
            if 0 < cut < len(text) and text[cut - 1].isalnum() and text[cut].isalnum():
                broken.append(text[max(0, cut - 12):cut] + "|" + text[cut:cut + 4])
        block = block.next()
    return broken


# ------------------------------------------------------------------ the article's room
def test_at_800_by_600_the_article_is_readable_and_every_label_shows(person, project):
    me = person(seeded(project), size=(800, 600))
    window = me.window
    assert window.view.viewport().width() >= 400, window.split.sizes()
    assert words_broken(window.view) == []
    for name in ("SPEAKER", "CLAIM", "POLICY", "PERSON", "ORG", "PLACE", "DATE", "QUANTITY"):
        button = window.palette_bar.findChild(QToolButton, f"label:{name}")
        assert button is not None and button.isVisible(), name
        corner = button.mapTo(window, QPoint(button.width(), button.height()))
        assert window.rect().contains(corner - QPoint(1, 1)), (name, corner, window.size())
    assert not [b for b in window.palette_bar.findChildren(QToolButton)
                if b.isVisible() and not b.objectName().startswith("label:")]  # no »


def test_at_800_pixels_one_side_pane_folds_and_dragging_the_other_shut_brings_it_back(
        person, project):
    me = person(seeded(project), size=(800, 600))
    window = me.window
    assert window.doc_list.isVisible() and window.doc_list.width() >= 180
    assert not window.span_panel.isVisible()  # rather than two slivers that show nothing
    handle = window.split.handle(1)  # between the document list and the article
    grip = handle.rect().center()
    me.qtbot.mousePress(handle, LEFT, pos=grip)
    for x in (20, 60, 120, 170):  # to the window's left edge
        me.qtbot.mouseMove(handle, grip - QPoint(x, 0))
    me.qtbot.mouseRelease(handle, LEFT, pos=grip - QPoint(170, 0))
    me.qtbot.wait(20)
    assert window.split.sizes()[0] == 0
    assert window.span_panel.isVisible() and window.span_panel.width() >= 200
    assert window.view.viewport().width() >= 400


def test_a_narrow_window_folds_the_side_panes_away_before_the_article(person, project):
    me = person(seeded(project), size=(560, 500))
    window = me.window
    assert window.width() <= 560
    assert window.view.viewport().width() >= 400
    assert words_broken(window.view) == []
    window.resize(1200, 700)
    me.qtbot.wait(20)
    assert window.doc_list.isVisible() and window.span_panel.isVisible()


def test_the_panes_keep_the_widths_the_person_gave_them(person, project):
    seeded(project)
    me = person(project, size=(1200, 700))
    split = me.window.split
    handle = split.handle(2)  # between the article and the span panel
    before = split.sizes()
    middle = handle.rect().center()
    me.qtbot.mousePress(handle, LEFT, pos=middle)
    for step in range(1, 6):
        me.qtbot.mouseMove(handle, middle - QPoint(20 * step, 0))
    me.qtbot.mouseRelease(handle, LEFT, pos=middle - QPoint(100, 0))
    dragged = split.sizes()
    assert dragged[2] > before[2] + 50, (before, dragged)
    me.window.close()
    again = person(project, size=(1200, 700))
    assert again.window.split.sizes() == dragged


# ------------------------------------------------------------ a 200 % laptop screen
HIGH_DPI_WINDOW = """
import json, sys
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotator.core.store import Store
from annotator.ui.label_palette import chip
from annotator.ui.main_window import MainWindow
window = MainWindow(Store.open(sys.argv[1]), "alice")
window.show()
for _ in range(20):
    app.processEvents()
def on_screen(widget):
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]
frame, area = window.frameGeometry(), app.primaryScreen().availableGeometry()
print(json.dumps({
    "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
    "area": [area.x(), area.y(), area.width(), area.height()],
    "status bar": on_screen(window.statusBar()), "span panel": on_screen(window.span_panel),
    "chip": chip("#ffd166").pixmap(14, 14).devicePixelRatio(),
    "chip pixels": chip("#ffd166").pixmap(14, 14).width(),
}))
window.close()
"""


def inside(rect, area):
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_on_a_200_percent_laptop_the_first_window_fits_its_screen(tmp_path, project):
    """A 2560×1600 screen at 200 %: 1280×800 logical pixels, 2 device pixels to each."""
    seeded(project)
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 2}]}))
    shown = subprocess.run(
        [sys.executable, "-c", HIGH_DPI_WINDOW, str(project)], capture_output=True, text=True,
        cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"},
        timeout=120)
    assert shown.returncode == 0, shown.stderr
    seen = json.loads(shown.stdout.strip().splitlines()[-1])
    assert seen["area"] == [0, 0, 1280, 800]
    for part in ("frame", "status bar", "span panel"):
        assert inside(seen[part], seen["area"]), (part, seen)
    assert seen["chip"] == 2 and seen["chip pixels"] == 28  # sharp, not a blown-up 14 px


# ------------------------------------------------- keys a window manager leaves alone
def test_span_edges_move_with_bracket_keys_too(person, project):
    """Alt+Shift+arrows are often the window manager's: [ ] move a span's start, { } its
    end (Shift+[ and Shift+] on a US keyboard)."""
    text = "Ether Yin, a partner at Trivium China in Beijing, said talks are off."
    with Store.open(project) as store:
        store.add_document(text, uid="d0", title="Doc")
    me = person(project)
    start = text.index("Trivium")
    me.drag(start, start + len("Trivium China"))
    me.press("5")
    me.click(start + 2)
    spans = lambda: rows(project, 'SELECT start, "end" FROM spans')  # noqa: E731
    me.press("[")
    assert spans() == [(text.index("at Trivium"), start + 13)]
    me.press("]")
    assert spans() == [(start, start + 13)]
    me.press("{")  # X11 maps Shift+[ to this key (offscreen Qt has no keyboard map)
    assert spans() == [(start, start + len("Trivium"))]
    me.press("}")
    assert spans() == [(start, start + 13)]


def test_no_two_actions_share_a_key(person, project):
    with Store.open(project) as store:
        store.add_document("Yin said no.", uid="d0")
    window = person(project).window
    owners: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            name = key.toString()
            assert name not in owners, f"{name}: {owners.get(name)} and {action.text()}"
            owners[name] = action.text()


# ------------------------------------------------------- a drag shows where it will snap
def test_a_drag_shows_the_extent_the_label_key_will_store(person, project):
    """A first drag from the comma of "May," to the middle of "Premier": the outline drawn
    round the selection is the span the key then makes, whole words, no comma."""
    from tests.ui.scenario import press_and_move, release, share_of_colour
    from annotator.ui.snap_preview import OUTLINE

    text = "Following intense talks in Washington this May, Vice-Premier Liu He declared."
    with Store.open(project) as store:
        store.add_document(text, uid="d0", title="Doc")
    me = person(project)
    comma = text.index(",")
    press_and_move(me, comma, text.index("mier"))  # ", Vice-Pre|mier", the button held
    word = (text.index("Vice"), text.index(" Liu"))
    preview = me.window.snap_preview
    assert preview.extent == word
    last = me.point_of(word[1] - 1)  # the "r" the drag did not reach
    outlined = lambda: share_of_colour(  # noqa: E731
        me.screenshot().copy(last.x() - 6, last.y() - 14, 14, 28), OUTLINE, 40)
    assert outlined() > 0
    release(me, text.index("mier"))
    assert preview.extent == word and outlined() > 0
    me.press("1")
    assert rows(project, 'SELECT start, "end" FROM spans') == [word]
    assert preview.extent is None  # the selection is gone, and its outline with it


def test_the_screenshots_command_makes_every_picture(tmp_path):
    made = subprocess.run([sys.executable, str(ROOT / "docs" / "make_screenshots.py"),
                           str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    from PySide6.QtGui import QImage

    for size in ("800x600", "1600x1000"):
        width, height = map(int, size.split("x"))
        for view in ("main", "review", "agreement"):
            image = QImage(str(tmp_path / f"{view}-{size}.png"))
            assert image.height() == height and image.width() >= width, (view, size)
    for name in ("screenshot", "review", "agreement"):
        assert not QImage(str(tmp_path / f"{name}.png")).isNull()


def test_a_side_pane_dragged_shut_stays_shut_next_time(person, project):
    seeded(project)
    me = person(project, size=(1200, 700))
    handle = me.window.split.handle(1)
    grip = handle.rect().center()
    me.qtbot.mousePress(handle, LEFT, pos=grip)
    me.qtbot.mouseMove(handle, grip - QPoint(200, 0))
    me.qtbot.mouseRelease(handle, LEFT, pos=grip - QPoint(200, 0))
    shut = me.window.split.sizes()
    assert shut[0] == 0 and shut[2] > 0
    me.window.close()
    again = person(project, size=(1200, 700)).window
    assert again.split.sizes() == shut and again.span_panel.isVisible()


def test_a_long_scheme_wraps_onto_more_rows_and_every_label_shows(person, project):
    seeded(project)
    extra = ["MINISTRY_OF_COMMERCE", "COMPANY", "EVENT", "LAW", "CURRENCY", "PRODUCT"]
    with Store.open(project) as store:
        for name in extra:
            store.ensure_label(name)
        names = [label.name for label in store.labels("span")]
    window = person(project, size=(800, 600)).window
    assert len(names) >= 14
    for name in names:
        button = window.palette_bar.findChild(QToolButton, f"label:{name}")
        assert button is not None and button.isVisible(), name
        corner = button.mapTo(window.view.parentWidget(), QPoint(button.width(), button.height()))
        assert corner.x() <= window.view.parentWidget().width(), name
        assert button.mapTo(window, QPoint(0, button.height())).y() < window.view.mapTo(
            window, QPoint(0, 0)).y(), name  # above the article, not over it
    assert window.view.viewport().height() >= 250


def test_holding_alt_shows_the_exact_characters_the_key_will_store(person, project):
    from PySide6.QtTest import QTest

    text = "Following intense talks in Washington this May, Vice-Premier Liu He declared."
    with Store.open(project) as store:
        store.add_document(text, uid="d0", title="Doc")
    me = person(project)
    swept = (text.index(", Vice"), text.index("mier"))
    me.drag(*swept)
    preview = me.window.snap_preview
    assert preview.extent == (text.index("Vice"), text.index(" Liu"))
    QTest.keyPress(me.focus(), Qt.Key.Key_Alt, Qt.KeyboardModifier.AltModifier)
    assert preview.extent == swept
    me.press("Alt+1")
    assert rows(project, 'SELECT start, "end" FROM spans') == [swept]
    QTest.keyRelease(me.focus(), Qt.Key.Key_Alt)
    assert preview.extent is None


def test_switching_annotator_leaves_one_chip_per_label_on_screen(person, project):
    me = person(seeded(project), size=(800, 600))
    me.window.use_annotator("rita", remember=False)  # the palette is built again
    QApplication.processEvents()  # (no return to the event loop: old chips not deleted yet)
    shown = [b.text() for b in me.window.palette_bar.findChildren(QToolButton)
             if b.isVisible()]
    assert sorted(shown) == sorted(set(shown)) and len(shown) == len(me.window.workspace.labels())
