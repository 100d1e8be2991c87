"""Every action of the main window, declared as data: text, shortcut, menu, and the name of the
window method it calls. The window builds its menus and shortcuts from this table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    menu: str
    slot: str
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""


ACTIONS = (
    ActionSpec("open", "&Open Project…", "&File", "open_project_dialog",
               QKeySequence.StandardKey.Open, "Open or create a project file"),
    ActionSpec("import", "&Import…", "&File", "import_dialog", "Ctrl+I",
               "Import .txt and .jsonl files into this project"),
    ActionSpec("export", "&Export JSONL…", "&File", "export_dialog", "Ctrl+E",
               "Export this project as JSON Lines"),
    ActionSpec("quit", "&Quit", "&File", "close", QKeySequence.StandardKey.Quit),
    ActionSpec("next_doc", "&Next Document", "&Go", "next_document", "Ctrl+Down"),
    ActionSpec("prev_doc", "&Previous Document", "&Go", "previous_document", "Ctrl+Up"),
)


def build(window, specs=ACTIONS) -> dict[str, QAction]:
    """Create the actions on `window`, put them in its menus, connect them to its slots."""
    menus: dict[str, object] = {}
    actions: dict[str, QAction] = {}
    for spec in specs:
        if spec.menu not in menus:
            menus[spec.menu] = window.menuBar().addMenu(spec.menu)
        action = QAction(spec.text, window)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setStatusTip(spec.tip)
        action.triggered.connect(getattr(window, spec.slot))
        menus[spec.menu].addAction(action)
        actions[spec.name] = action
    return actions
