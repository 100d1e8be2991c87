"""File names made from data are names Windows, macOS and Linux all take, one to one."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import exporter, importer
from annotator.core.filenames import DEVICES, MAX_BYTES, Names, safe_name
from annotator.core.store import Store

WINDOWS_REFUSES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Text as ids and names come: any script, Windows' refused characters, dots, spaces, devices.
PIECES = st.sampled_from(["CON", "nul", "Com1", "LPT²", "aux.txt", ".", " ", ":", "?", "*",
                          "/", "\\", "|", '"', "<", ">", "\t", "中" * 60, "x" * 90, "é",
                          "e\u0301", "😀", "a", "A"])
NAMES = st.lists(st.one_of(PIECES, st.text(max_size=20)), min_size=1, max_size=5).map("".join)


def windows_takes(name: str) -> bool:
    return (bool(name) and not WINDOWS_REFUSES.search(name) and not name.endswith((".", " "))
            and name.split(".")[0].upper() not in DEVICES)


@settings(max_examples=200, deadline=None)
@given(originals=st.lists(NAMES, min_size=1, max_size=8, unique=True))
def test_any_names_become_distinct_names_every_system_takes(originals):
    names = Names()
    given = [names.name(o) for o in originals]
    assert len({n.casefold() for n in given}) == len(given)  # one to one, without case
    for name in given:
        assert windows_takes(name) and windows_takes(name + ".meta.json")
        assert not name.startswith(".")  # not hidden
        assert len(name.encode()) <= MAX_BYTES + 9  # "-" and 8 of the hash
        assert len((name + ".meta.json").encode()) < 255  # Linux's limit, with the endings
    assert [names.name(o) for o in originals] == given  # the same name each time


def test_a_safe_name_is_kept_and_one_that_changed_names_its_original():
    names = Names()
    assert names.name("bt-xi-trade-talks") == "bt-xi-trade-talks"
    assert names.name("CON").startswith("CON-")
    assert names.name("a:b") != names.name("a_b") == "a_b"
    assert safe_name("end. ") == "end" and safe_name("...") == "document"


def test_a_long_id_in_any_script_exports_to_brat_and_comes_back(tmp_path):
    """A 100-character Chinese id made a 259-byte file name ('File name too long')."""
    project = tmp_path / "p.annotator"
    uids = ["中" * 100, "😀" * 70, "CON", "a:b?", "trailing. "]
    with Store.open(project) as store:
        for n, uid in enumerate(uids):
            doc, _ = store.add_document(f"Yin said no {n}.", uid=uid)
            store.add_span(doc, "alice", 0, 3, "SPEAKER")
        exporter.export_to_path(store, "brat", tmp_path / "brat", exporter.ExportReport())
    files = sorted((tmp_path / "brat" / "alice").iterdir())
    assert len(files) == 3 * len(uids)
    assert all(windows_takes(f.name) and len(f.name.encode()) < 255 for f in files)
    with Store.open(tmp_path / "again.annotator") as again:
        importer.import_paths(again, [tmp_path / "brat"])
        assert sorted(d.uid for d in again.documents()) == sorted(uids)
