"""Label and annotator names show as themselves on one line, and an import cannot write into
the gold layer: one rule (annotator/core/names.py), met by every importer, the scheme and the
CLI alike. Property: a name holding any control character, line break or bidirectional
control is refused wherever it comes from; an ordinary name is accepted."""

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core.errors import InvalidInput
from annotator.core.importer import import_paths
from annotator.core.labels import check_name
from annotator.core.merge import merge_paths
from annotator.core.models import Label
from annotator.core.names import BIDI, check_annotator
from annotator.core.store import Store
from annotator.core.text import CONTROL

TEXT = "Mr Yin said talks are off."
# What makes a name read as another, or break a line: a sample of each kind.
BAD = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u061c", "\n", "\r", "\t", "\x00",
       "\x85", "\u2028"]


def brat(folder, annotator):
    sub = folder / "corpus" / annotator
    sub.mkdir(parents=True)
    (sub / "doc.txt").write_text(TEXT)
    (sub / "doc.ann").write_text("T1\tSPEAKER 0 6\tMr Yin\n")
    return folder / "corpus"


def jsonl(folder, annotator):
    path = folder / "in.jsonl"
    path.write_bytes(orjson.dumps({"id": "d", "text": TEXT, "annotator": annotator,
                                   "spans": [{"start": 0, "end": 6, "label": "SPEAKER"}]})
                     + b"\n")
    return path


def labelstudio(folder, annotator):
    path = folder / "tasks.json"
    path.write_bytes(orjson.dumps([{"id": 1, "data": {"text": TEXT}, "annotations": [
        {"completed_by": {"id": 1, "email": annotator}, "result": [
            {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 0, "end": 6, "labels": ["SPEAKER"]}}]}]}]))
    return path


IMPORTERS = {"brat folder": brat, "jsonl": jsonl, "labelstudio": labelstudio}


@pytest.mark.parametrize("importer", list(IMPORTERS))
@pytest.mark.parametrize("name", ["gold", "bob\nsmith", "ali\u202ece", "\u2066eve\u2069"])
def test_every_importer_refuses_a_reserved_or_unreadable_annotator(tmp_path, importer, name,
                                                                   fresh_db):
    source = IMPORTERS[importer](tmp_path, name)
    with pytest.raises(InvalidInput):
        import_paths(fresh_db, [source])
    assert fresh_db.document_count() == 0 and fresh_db.annotators() == []
    result = CliRunner().invoke(main, ["import", str(tmp_path / "p.annotator"), str(source)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert not (tmp_path / "p.annotator").exists()


def test_the_annotator_option_is_checked_as_well(tmp_path, fresh_db):
    source = jsonl(tmp_path, "alice")
    for name in ("gold", "r\u202eoot"):
        with pytest.raises(InvalidInput):
            import_paths(fresh_db, [source], annotator=name)
    result = CliRunner().invoke(main, ["import", str(tmp_path / "p.annotator"), str(source),
                                       "--annotator", "gold"])
    assert result.exit_code == 1 and "reserved gold layer" in result.stderr
    assert not (tmp_path / "p.annotator").exists()


def test_a_merge_brings_a_reviewers_gold_layer_in(tmp_path, fresh_db):
    source = jsonl(tmp_path, "gold")
    merge_paths(fresh_db, [source])
    assert fresh_db.annotators() == ["gold"]


@pytest.mark.parametrize("bad", BAD)
def test_label_names_refuse_what_annotator_names_refuse(bad, fresh_db):
    name = f"R{bad}D"
    for check in (check_name, check_annotator):
        with pytest.raises(InvalidInput):
            check(name)
    with pytest.raises(InvalidInput):
        fresh_db.set_labels([Label(name, "#aabbcc")])
    with pytest.raises(InvalidInput):
        fresh_db.ensure_label(name)


@given(st.text(min_size=1, max_size=20), st.sampled_from(BAD), st.integers(0, 20))
def test_any_name_with_a_control_or_bidi_character_is_refused_everywhere(text, bad, at):
    name = text[:at] + bad + text[at:]
    for check in (check_name, check_annotator):
        with pytest.raises(InvalidInput):
            check(name)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs")),
               min_size=1, max_size=20).filter(lambda t: t.strip() == t and t.strip()))
def test_an_ordinary_name_is_accepted(name):
    assert not CONTROL.search(name) and not BIDI.search(name)
    assert check_name(name) == name
    if name != "gold":
        assert check_annotator(name) == name
