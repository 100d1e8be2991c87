"""Play what a person does on the real main window, and look at what they would see.

A `Person` sends keys to whichever widget has the keyboard focus (as a keyboard does: a key
pressed while the filter box has focus goes to the filter box), drags and clicks the mouse on
the article's viewport at a character's rectangle, and answers popups and modal dialogs the
moment they appear. What is checked is what a person sees: the characters drawn with a
background colour, the widget with focus, the status bar's text, the pixels of the view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QKeySequence, QMouseEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QDialog, QInputDialog, QLineEdit, QMenu, QMessageBox,
    QWidget,
)

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


class Person:
    """A person at the keyboard and mouse of `window` (a MainWindow)."""

    def __init__(self, qtbot, window):
        self.qtbot = qtbot
        self.window = window

    # ------------------------------------------------------------------ where
    @property
    def view(self):
        return self.window.view

    def point_of(self, offset: int, view=None) -> QPoint:
        """The viewport point in the middle of the character at code point `offset`."""
        view = view or self.view
        cursor = QTextCursor(view.document())
        qt = view.positions.to_qt(offset)
        cursor.setPosition(qt)
        left = view.cursorRect(cursor)
        cursor.setPosition(min(qt + 1, view.document().characterCount() - 1))
        right = view.cursorRect(cursor)
        x = (left.left() + right.left()) // 2 if right.top() == left.top() else left.left() + 3
        return QPoint(x, left.center().y())

    def edge_of(self, offset: int, view=None) -> QPoint:
        """The viewport point just at the left edge of the character at `offset` (a drag
        that ends here selects up to, not including, that character)."""
        view = view or self.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.positions.to_qt(offset))
        rect = view.cursorRect(cursor)
        return QPoint(rect.left() + 1, rect.center().y())

    # ------------------------------------------------------------------ mouse
    def drag(self, start: int, end: int, view=None) -> None:
        """Press the left button before the character at `start`, move, release before the
        character at `end` (so [start, end) is what the hand swept)."""
        view = view or self.view
        viewport = view.viewport()
        a, b = self.edge_of(start, view), self.edge_of(end, view)
        QTest.mousePress(viewport, LEFT, NO_MOD, a)
        for i in range(1, 5):
            p = a + (b - a) * (i / 4)
            QApplication.sendEvent(viewport, QMouseEvent(
                QEvent.Type.MouseMove, QPointF(p), QPointF(viewport.mapToGlobal(p)),
                Qt.MouseButton.NoButton, LEFT, NO_MOD))
        QTest.mouseRelease(viewport, LEFT, NO_MOD, b)
        QApplication.processEvents()

    def click(self, offset: int, view=None, modifiers=NO_MOD) -> None:
        """Click the middle of the character at `offset`."""
        view = view or self.view
        QTest.mouseClick(view.viewport(), LEFT, modifiers, self.point_of(offset, view))
        QApplication.processEvents()

    def click_widget(self, widget: QWidget, pos: QPoint | None = None, double=False) -> None:
        if double:
            QTest.mouseDClick(widget, LEFT, NO_MOD, pos or widget.rect().center())
        else:
            QTest.mouseClick(widget, LEFT, NO_MOD, pos or widget.rect().center())
        QApplication.processEvents()

    # --------------------------------------------------------------- keyboard
    def focus(self) -> QWidget | None:
        return QApplication.focusWidget()

    def press(self, keys: str) -> None:
        """Press a key combination as written in a menu ("5", "Ctrl+PgDown", "Shift+Right",
        "Esc") on the widget that has the focus."""
        sequence = QKeySequence(keys)
        assert sequence.count() == 1, keys
        combo = sequence[0]
        # An open popup menu has the keyboard, whatever widget has the focus beneath it.
        target = QApplication.activePopupWidget() or self.focus() or self.window
        QTest.keyClick(target, combo.key(), combo.keyboardModifiers())
        QApplication.processEvents()

    def type(self, text: str) -> None:
        QTest.keyClicks(self.focus() or self.window, text)
        QApplication.processEvents()

    # ----------------------------------------------------------------- popups
    def will_answer(self, answer: Callable[[QWidget], None], kind=None, tries=100) -> None:
        """When a popup menu or modal dialog (of `kind`, if given) appears, call
        `answer(widget)` on it, as a person would respond to it."""

        def look(left=tries):
            popup = QApplication.activePopupWidget() or QApplication.activeModalWidget()
            if popup is not None and (kind is None or isinstance(popup, kind)):
                answer(popup)
            elif left:
                QTimer.singleShot(20, lambda: look(left - 1))

        QTimer.singleShot(0, look)

    def will_choose(self, text: str) -> None:
        """Choose the menu entry whose text contains `text` when a menu pops up."""

        def choose(menu: QMenu):
            for action in menu.actions():
                if text in action.text() and action.isEnabled():
                    menu.setActiveAction(action)
                    QTest.keyClick(menu, Qt.Key.Key_Return)
                    return
            menu.close()
            raise AssertionError(f"no menu entry {text!r} in {[a.text() for a in menu.actions()]}")

        self.will_answer(choose, QMenu)

    def will_click_button(self, text: str) -> None:
        """Click the dialog button labelled `text` ("OK", "Delete", …) when a dialog opens."""

        def press(dialog: QWidget):
            for button in dialog.findChildren(QAbstractButton):
                if button.text().replace("&", "") == text and button.isVisible():
                    button.click()
                    return
            dialog.close()
            raise AssertionError(f"no button {text!r} in {dialog!r}")

        self.will_answer(press, (QMessageBox, QDialog))

    def will_type(self, text: str) -> None:
        """Type `text` into a dialog's line edit and press Return when it opens."""

        def fill(dialog: QWidget):
            edit = dialog.findChild(QLineEdit)
            edit.selectAll()
            QTest.keyClicks(edit, text)
            QTest.keyClick(edit, Qt.Key.Key_Return)

        self.will_answer(fill, (QInputDialog, QDialog))

    # ------------------------------------------------------------------ sight
    def status(self) -> str:
        """Everything the status bar shows now, left to right."""
        bar = self.window.statusBar()
        shown = [bar.currentMessage()]
        shown += [w.text() for w in bar.findChildren(QWidget)
                  if w.isVisible() and hasattr(w, "text") and callable(w.text)]
        return " | ".join(t for t in shown if t)

    def screenshot(self, widget: QWidget | None = None) -> QImage:
        widget = widget or self.view.viewport()
        QApplication.processEvents()
        return widget.grab().toImage()


def coloured(view) -> dict[int, str]:
    """The code points the article draws with a background colour (span styling, not the
    selected span's extra selection), mapped to that colour's name."""
    view.finish_painting()
    doc = view.document()
    out: dict[int, str] = {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            brush = fragment.charFormat().background()
            if brush.style() != Qt.BrushStyle.NoBrush:
                name = brush.color().name()
                for qt in range(fragment.position(), fragment.position() + fragment.length()):
                    out[view.positions.from_qt(qt)] = name
            it += 1
        block = block.next()
    return out


def changed_share(before: QImage, after: QImage) -> float:
    """The share of pixels that differ between two grabs of the same widget."""
    assert before.size() == after.size()
    a = before.convertToFormat(QImage.Format.Format_RGB32)
    b = after.convertToFormat(QImage.Format.Format_RGB32)
    w, h = a.width(), a.height()
    bits_a, bits_b = a.constBits(), b.constBits()
    stride = a.bytesPerLine()
    differ = 0
    for y in range(0, h):
        row_a = bytes(bits_a[y * stride:y * stride + 4 * w])
        row_b = bytes(bits_b[y * stride:y * stride + 4 * w])
        if row_a != row_b:
            differ += sum(1 for x in range(0, 4 * w, 4) if row_a[x:x + 4] != row_b[x:x + 4])
    return differ / (w * h)


def share_of_colour(image: QImage, colour: str, tolerance: int = 24) -> float:
    """The share of pixels within `tolerance` of `colour` (per channel)."""
    target = QColor(colour)
    img = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h = img.width(), img.height()
    bits, stride = img.constBits(), img.bytesPerLine()
    r0, g0, b0 = target.red(), target.green(), target.blue()
    hits = 0
    for y in range(h):
        row = bytes(bits[y * stride:y * stride + 4 * w])
        for x in range(0, 4 * w, 4):  # BGRA in memory
            if (abs(row[x + 2] - r0) <= tolerance and abs(row[x + 1] - g0) <= tolerance
                    and abs(row[x] - b0) <= tolerance):
                hits += 1
    return hits / (w * h)


def double_click(widget: QWidget, pos: QPoint | None = None) -> None:
    """Double-click as a hand does: press and release, then press again (which Qt turns into
    a double-click event) and release. QTest.mouseDClick alone sends no first press, so an
    item view ignores it."""
    pos = pos or widget.rect().center()
    QTest.mouseClick(widget, LEFT, NO_MOD, pos)
    QTest.mouseDClick(widget, LEFT, NO_MOD, pos)
    QApplication.processEvents()


def back_to_window(me: Person) -> None:
    """A dialog or popup menu has closed: activate the window below it, as a window manager
    does (the offscreen platform leaves no window active, and so no widget with the focus)."""
    if not me.window.isActiveWindow():
        with me.qtbot.waitActive(me.window):
            me.window.activateWindow()
    QApplication.processEvents()


def on_screen(me: Person, widget: QWidget) -> QImage:
    """The pixels the screen shows for `widget` now: what was last painted and flushed, stale
    parts included (a widget's own grab() paints it afresh, so it cannot show a missed
    repaint)."""
    QApplication.processEvents()
    window = widget.window()
    top = widget.mapTo(window, QPoint(0, 0))
    return window.screen().grabWindow(
        window.winId(), top.x(), top.y(), widget.width(), widget.height()).toImage()


def drop_files(me: Person, paths) -> None:
    """Drag files from a file manager and drop them on the middle of the window."""
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at = me.window.rect().center()
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(at, action, data, LEFT, NO_MOD)
    QApplication.sendEvent(me.window, enter)
    assert enter.isAccepted(), "the window refuses the files"
    QApplication.sendEvent(me.window, QDropEvent(QPointF(at), action, data, LEFT, NO_MOD))
    QApplication.processEvents()


def will_open_file(me: Person, path) -> None:
    """When a file dialog opens, type `path` in its file name box and press Return until the
    dialog takes it (closing the completion list that pops up while typing, as a person
    would; a dialog still reading its folder lets a first Return pass)."""
    from PySide6.QtWidgets import QFileDialog

    closed: list[bool] = []  # the dialog is deleted once it closes: ask it nothing then

    def confirm(dialog, edit, left=40):
        if closed:
            return
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.hide()
        QTest.keyClick(edit, Qt.Key.Key_Return)
        if left:
            QTimer.singleShot(50, lambda: confirm(dialog, edit, left - 1))

    def fill(dialog, left=50):
        if closed:
            return
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        if not (dialog.isVisible() and edit.hasFocus()) and left:  # still setting itself up
            QTimer.singleShot(20, lambda: fill(dialog, left - 1))
            return
        edit.selectAll()
        QTest.keyClicks(edit, str(path))
        confirm(dialog, edit)

    def answer(dialog):
        dialog.finished.connect(lambda _: closed.append(True))
        fill(dialog)

    me.will_answer(answer, QFileDialog)


def context_click(widget: QWidget, pos: QPoint) -> None:
    """A right-click at `pos` in `widget`, as the window system reports it: a context menu
    request there."""
    from PySide6.QtGui import QContextMenuEvent

    QApplication.sendEvent(widget, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos)))
    QApplication.processEvents()


def will_choose_in(person: Person, *path: str) -> None:
    """Choose a menu entry through submenus when a menu pops up: `("Relabel", "SAID")` opens
    the entry "Relabel" with the Right key, then chooses "SAID" in the submenu with Return."""

    def choose(menu: QMenu, rest=path):
        entry = next((a for a in menu.actions() if rest[0] in a.text() and a.isEnabled()),
                     None)
        if entry is None:
            menu.close()
            raise AssertionError(f"no menu entry {rest[0]!r} in "
                                 f"{[a.text() for a in menu.actions()]}")
        menu.setActiveAction(entry)
        if len(rest) == 1:
            QTest.keyClick(menu, Qt.Key.Key_Return)
            return
        QTest.keyClick(menu, Qt.Key.Key_Right)
        sub = entry.menu()
        QTimer.singleShot(0, lambda: choose(sub, rest[1:]))

    person.will_answer(choose, QMenu)


def press_and_move(person: Person, start: int, end: int, view=None) -> None:
    """The first half of `Person.drag`: the button pressed before `start` and the mouse moved
    to before `end`, still held (what the person sees mid-drag); `release` ends it."""
    view = view or person.view
    viewport = view.viewport()
    a, b = person.edge_of(start, view), person.edge_of(end, view)
    QTest.mousePress(viewport, LEFT, NO_MOD, a)
    for step in (0.25, 0.5, 0.75, 1.0):
        QTest.mouseMove(viewport, a + (b - a) * step)  # QTest remembers the button held
    QApplication.processEvents()


def release(person: Person, offset: int, view=None) -> None:
    view = view or person.view
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, person.edge_of(offset, view))
    QApplication.processEvents()


def use_menu(me: Person, menu: str, entry: str) -> None:
    """Choose `entry` from the menu bar's `menu` (texts as shown, without the & marks), as a
    click on it does; the entry must be there and enabled."""
    bar = me.window.menuBar()
    titles = {a.text().replace("&", ""): a.menu() for a in bar.actions() if a.menu()}
    assert menu in titles, f"no menu {menu!r} in {sorted(titles)}"
    for action in titles[menu].actions():
        if action.text().replace("&", "") == entry:
            assert action.isEnabled(), f"{menu} ▸ {entry} is disabled"
            action.trigger()
            QApplication.processEvents()
            return
    raise AssertionError(f"no entry {entry!r} in {menu}: "
                         f"{[a.text() for a in titles[menu].actions()]}")
def choose_from_menu_bar(person: Person, menu: str, entry: str) -> None:
    """Click `menu` ("Tools") in the window's menu bar, then choose the entry whose text
    contains `entry` in the menu that drops down."""
    bar = person.window.menuBar()
    action = next((a for a in bar.actions()
                   if a.text().replace("&", "") == menu), None)
    assert action is not None, f"no menu {menu!r} in {[a.text() for a in bar.actions()]}"
    person.will_choose(entry)
    QTest.mouseClick(bar, LEFT, NO_MOD, bar.actionGeometry(action).center())
    QApplication.processEvents()
