"""Every action of the main window, declared as data: text, shortcut, menu, and the name of the
window method it calls. The window builds its menus and shortcuts from this table, and the
README's key table is checked against it by a test."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from annotator.core.importer import READERS

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    menu: str
    slot: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""


ACTIONS = (
    ActionSpec("new", "&New Project…", "&File", "new_project_dialog", (SK.New,)),
    ActionSpec("open", "&Open Project…", "&File", "open_project_dialog", (SK.Open,)),
    ActionSpec("import", "&Import…", "&File", "import_dialog", ("Ctrl+I",),
               f"Import {', '.join(READERS)} files into this project"),
    ActionSpec("export", "&Export…", "&File", "export_dialog", ("Ctrl+E",),
               "Export this project: our JSONL or another tool's format"),
    ActionSpec("merge", "&Merge Annotators' Work…", "&File", "merge_dialog", ("Ctrl+M",),
               "Merge other project files and JSONL exports into this project"),
    ActionSpec("quit", "&Quit", "&File", "close", ("Ctrl+Q",)),
    ActionSpec("undo", "&Undo", "&Edit", "undo", ("Ctrl+Z",)),
    ActionSpec("redo", "&Redo", "&Edit", "redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec("delete", "&Delete Span or Link", "&Edit", "delete_selected",
               ("Delete", "Backspace")),
    ActionSpec("link", "&Link To…", "&Edit", "start_link", ("A",),
               "Link the selected span to a span the scheme allows (a CLAIM to its speaker, "
               "an ORG to its policy): pick one, or click it"),
    # [ ] and { } as well: window managers often take Alt+Shift+arrows for themselves.
    ActionSpec("start_left", "Move Start &Left", "&Edit", "move_start_left", ("Alt+Left", "[")),
    ActionSpec("start_right", "Move Start &Right", "&Edit", "move_start_right",
               ("Alt+Right", "]")),
    ActionSpec("end_left", "Move End Le&ft", "&Edit", "move_end_left", ("Alt+Shift+Left", "{")),
    ActionSpec("end_right", "Move End Ri&ght", "&Edit", "move_end_right",
               ("Alt+Shift+Right", "}")),
    ActionSpec("note", "&Note…", "&Edit", "edit_note", (";",),
               "A short note on the selected span, or on the document: a doubt for the "
               "reviewer, open until resolved"),
    ActionSpec("span_attributes", "Span &Attributes…", "&Edit", "span_attribute_menu",
               ("Ctrl+T",), "Set the selected span's attributes (a CLAIM's quote: direct, "
               "indirect, mixed): press a value's number"),
    ActionSpec("document_attributes", "&Document Attributes…", "&Edit",
               "document_attribute_menu", ("Ctrl+D",),
               "Set the document's attributes (relevant, genre): press a value's number"),
    ActionSpec("escape", "Cancel", "&Edit", "cancel", ("Esc",)),
    ActionSpec("scheme", "&Label Scheme…", "&Edit", "scheme_dialog", ("Ctrl+L",)),
    ActionSpec("rename", "Annotator &Name…", "&Edit", "annotator_dialog", ()),
    ActionSpec("next_span", "Next &Span", "&Go", "next_span", ("Tab",)),
    ActionSpec("prev_span", "Previous S&pan", "&Go", "previous_span", ("Shift+Tab",)),
    ActionSpec("done", "Mark &Done, Next", "&Go", "mark_done", ("Ctrl+Return", "Ctrl+Enter")),
    ActionSpec("skip", "S&kip…", "&Go", "skip_document", ("Ctrl+Shift+Return",)),
    ActionSpec("next_doc", "&Next Document", "&Go", "next_document", ("Ctrl+PgDown",)),
    ActionSpec("prev_doc", "&Previous Document", "&Go", "previous_document", ("Ctrl+PgUp",)),
    ActionSpec("find", "&Find Documents", "&Go", "focus_search", (SK.Find,)),
    ActionSpec("review", "&Review Document…", "&Review", "review_dialog", ("Ctrl+R",),
               "Every annotator's version side by side; decide the gold layer"),
    ActionSpec("agreement", "&Agreement…", "&Review", "agreement_dialog", ("Ctrl+Shift+A",)),
    ActionSpec("gold", "Edit &Gold Layer", "&Review", "toggle_gold", ("Ctrl+G",),
               "Switch between your own spans and the gold layer"),
    ActionSpec("zoom_in", "Zoom &In", "&View", "zoom_in", ("Ctrl++", "Ctrl+=")),
    ActionSpec("zoom_out", "Zoom &Out", "&View", "zoom_out", ("Ctrl+-",)),
    ActionSpec("zoom_reset", "&Actual Size", "&View", "zoom_reset", ("Ctrl+0",)),
    ActionSpec("team", "Team &Progress…", "&Team", "team_dialog", (),
               "How far each annotator is, and their agreement, from the packs merged back"),
    ActionSpec("assign", "&Assign Documents…", "&Team", "assign_dialog", (),
               "Give each annotator a pack (a project file) of their documents"),
    ActionSpec("train", "&Train Model on Done Documents", "&Tools", "train_model", (),
               "Train a span model on the finished documents (in the background); its "
               "predictions become suggestions"),
    # Return and Shift+Return act in the article only (suggest_menu.py): the search box keeps
    # Return. Accept is not A (Prodigy's): A links here. X rejects, as in Prodigy.
    ActionSpec("next_suggestion", "&Next Suggestion", "S&uggest", "next_suggestion", ("N",)),
    ActionSpec("prev_suggestion", "&Previous Suggestion", "S&uggest", "previous_suggestion",
               ("Shift+N",)),
    ActionSpec("accept_suggestion", "&Accept Suggestion", "S&uggest", "accept_suggestion",
               ("Return", "Enter"),
               "Make the current suggestion your span (a label key accepts it as that label)"),
    ActionSpec("reject_suggestion", "&Reject Suggestion", "S&uggest", "reject_suggestion",
               ("X",), "It will not be suggested to you again on this document"),
    ActionSpec("accept_all_suggestions", "Accept A&ll Suggestions", "S&uggest",
               "accept_all_suggestions", ("Shift+Return", "Shift+Enter"),
               "Every suggestion shown on this document becomes your span, in one step"),
    ActionSpec("guidelines", "&Guidelines", "&Help", "guidelines_dialog", (),
               "The project's annotation guidelines"),
)


def build(window, specs=ACTIONS) -> dict[str, QAction]:
    """Create the actions on `window`, put them in its menus, connect them to its slots."""
    menus: dict[str, object] = {}
    actions: dict[str, QAction] = {}
    for spec in specs:
        if spec.menu not in menus:
            menus[spec.menu] = window.menuBar().addMenu(spec.menu)
        action = QAction(spec.text, window)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        action.setStatusTip(spec.tip)
        action.triggered.connect(getattr(window, spec.slot))
        menus[spec.menu].addAction(action)
        actions[spec.name] = action
    window.menus = menus
    return actions
