"""A person labels a name inside a run of Chinese characters: the selection snaps to the
characters swept, not to the whole run (there are no spaces to snap to)."""

from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import coloured

TEXT = "习近平表示，中美贸易谈判“不会破裂”。Xi said talks go on."


def test_a_drag_over_part_of_a_chinese_run_labels_just_those_characters(person, project):
    with Store.open(project) as store:
        store.add_document(TEXT, uid="zh", title="习近平")
    me = person(project)
    me.drag(0, 3)  # 习近平, the first three characters of 习近平表示
    me.press("1")  # SPEAKER
    assert rows(project, 'SELECT start, "end", label FROM spans') == [(0, 3, "SPEAKER")]
    assert sorted(coloured(me.view)) == [0, 1, 2]
    start = TEXT.index("中美")
    me.drag(start + 1, start + 2)  # a hand that swept only 美 of 中美贸易: 美 alone
    me.press("5")
    assert rows(project, 'SELECT start, "end" FROM spans WHERE label = ?', ["ORG"]) == [
        (start + 1, start + 2)]
