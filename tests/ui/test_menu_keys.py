"""The menus added with team packs, notes and training can be reached by their underlined
letters (Alt+letter on the bar, then the letter in the menu): no letter they use is another
entry's in the same menu, nor another menu's on the bar."""

import re
from collections import Counter

from annotator.core.store import Store

ADDED = ("note", "team", "assign", "guidelines", "train")


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def test_the_added_entries_and_menus_have_underlined_letters_of_their_own(open_window,
                                                                          project):
    Store.open(project).close()
    window = open_window(project)
    bar = [mnemonic(a.text()) for a in window.menuBar().actions()]
    assert [k for k, n in Counter(bar).items() if k and n > 1] == []
    for name in ADDED:
        action = window.actions[name]
        menu = next(e.menu() for e in window.menuBar().actions()
                    if action in e.menu().actions())
        others = [mnemonic(a.text()) for a in menu.actions() if a is not action]
        assert mnemonic(action.text()) not in others, (name, [a.text() for a in
                                                              menu.actions()])
