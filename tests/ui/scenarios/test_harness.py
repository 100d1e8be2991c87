"""The scenario harness itself: a drag selects what the hand swept, keys go to the focus."""

from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import coloured

TEXT = "Ether Yin, a partner at Trivium China in Beijing, said talks are off."


def test_a_drag_and_a_key_make_a_span_that_is_drawn(person, project):
    with Store.open(project) as store:
        store.add_document(TEXT, uid="d0", title="Doc")
    me = person(project)
    start = TEXT.index("Trivium")
    me.drag(start, start + len("Trivium China"))
    assert me.view.selected_range() == (start, start + len("Trivium China"))
    me.press("5")
    assert rows(project, 'SELECT start, "end", label FROM spans') == [
        (start, start + 13, "ORG")]
    assert sorted(coloured(me.view)) == list(range(start, start + 13))
