"""Bad input, systematically: every file in tests/bad_inputs/ (and a few made here because they
are big) is refused by `annotator import` with exit code 1, one line on stderr that names the
file (and the line, where there is one), no traceback, and the project exactly as it was.
tests/bad_inputs/fine/ holds borderline files a careful tool imports; they must import right.
"""

import shutil
import sqlite3
import subprocess
import sys
import traceback

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.store import Store
from tests.conftest import ROOT, rows

CORPUS = ROOT / "tests" / "bad_inputs"

# (input below CORPUS, the file the message names below it + where in it, what it says)
BAD = [
    ("jsonl/broken_json_at_line_3.jsonl", ":3", "not valid JSON"),
    ("jsonl/truncated_mid_record.jsonl", ":2", "not valid JSON (unexpected end of data)"),
    ("jsonl/json_array.jsonl", ":1", "a JSON array, not JSON Lines"),
    ("jsonl/json_array_pretty.jsonl", ":1", "a JSON array, not JSON Lines"),
    ("jsonl/line_not_an_object.jsonl", ":2", "each line must be a JSON object, not str"),
    ("jsonl/missing_text.jsonl", ":2", "no 'text' field"),
    ("jsonl/text_is_a_number.jsonl", ":1", "'text' must be a string, not int"),
    ("jsonl/text_is_null.jsonl", ":1", "'text' must be a string, not NoneType"),
    ("jsonl/text_is_empty.jsonl", ":1", "the text is empty (nothing to annotate)"),
    ("jsonl/span_out_of_range.jsonl", ":1", "[0, 999) is empty, reversed or outside the text"),
    ("jsonl/span_negative.jsonl", ":1", "[-3, 2) is empty, reversed or outside the text"),
    ("jsonl/span_reversed.jsonl", ":1", "[6, 3) is empty, reversed or outside the text"),
    ("jsonl/span_empty.jsonl", ":1", "[3, 3) is empty, reversed or outside the text"),
    ("jsonl/span_fractional.jsonl", ":1", "'start' must be a whole number, not 0.5"),
    ("jsonl/span_offset_is_a_string.jsonl", ":1", "'end' must be a whole number, not '6'"),
    ("jsonl/span_text_mismatch.jsonl", ":1", "its 'text' 'Yin said' is not the text at [0, 6)"),
    ("jsonl/span_without_label.jsonl", ":1", "span 1 has no 'label'"),
    ("jsonl/label_with_spaces_around.jsonl", ":1", "without surrounding spaces"),
    ("jsonl/label_with_line_break.jsonl", ":1", "cannot hold control characters or line breaks"),
    ("jsonl/label_is_a_number.jsonl", ":1", "'label' must be a non-empty string"),
    ("jsonl/relation_label_is_a_span_label.jsonl", ":1",
     "'SPEAKER' is a span label, used here as a relation label"),
    ("jsonl/relation_to_missing_span.jsonl", ":1", "relation 1: its child 9 names no span"),
    ("jsonl/duplicate_id_different_text.jsonl", ":2",
     "id 'same' is given to another text earlier in this import"),
    ("jsonl/duplicate_span_id.jsonl", ":1", "its id 1 is used by another span"),
    ("jsonl/status_unknown.jsonl", ":1", "'status' must be one of"),
    ("jsonl/annotator_blank.jsonl", ":1", "an annotator name must be a non-empty string"),
    ("jsonl/title_is_an_object.jsonl", ":1", "'title' must be a string"),
    ("jsonl/id_is_a_list.jsonl", ":1", "'id' must be a string or a whole number"),
    ("jsonl/doccano_label_not_a_triple.jsonl", ":1", 'must be [start, end, "LABEL"]'),
    ("jsonl/lone_surrogate.jsonl", ":1", "not valid JSON (no low surrogate"),
    ("jsonl/meta_nested_too_deep.jsonl", ":1", "'meta' cannot be stored"),
    ("jsonl/latin1.jsonl", ":1", "not UTF-8 (byte 0xe9 at offset 24); give its encoding"),
    ("jsonl/utf16le_without_bom.jsonl", ":1", "not a text file (it holds NUL bytes)"),
    ("jsonl/png_bytes.jsonl", ":3", "not a text file (it holds NUL bytes)"),
    ("jsonl/nul_byte.jsonl", ":2", "not a text file (it holds NUL bytes)"),
    ("txt/empty.txt", "", "the file is empty"),
    ("txt/whitespace_only.txt", "", "the file is empty"),
    ("txt/latin1.txt", "", "not UTF-8 (byte 0xe9 at offset 3); give its encoding"),
    ("txt/utf16le_without_bom.txt", "", "give its encoding (--encoding utf-16-le)"),
    ("txt/utf16be_without_bom.txt", "", "not a text file (it holds NUL bytes)"),
    ("txt/png_bytes.txt", "", "not a text file (it holds NUL bytes)"),
    ("txt/nul_byte.txt", "", "not a text file (it holds NUL bytes)"),
    ("brat/no_tabs", "/doc.ann:1", "not a brat standoff line: 'T1 SPEAKER 0 6 Mr Yin'"),
    ("brat/offset_not_a_number", "/doc.ann:1", "not a brat standoff line"),
    ("brat/fragment_of_three_numbers", "/doc.ann:1", "not a brat standoff line"),
    ("brat/span_out_of_range", "/doc.ann:2", "span T2: [12, 99) is empty, reversed or outside"),
    ("brat/span_reversed", "/doc.ann:1", "span T1: [6, 0) is empty, reversed or outside"),
    ("brat/span_text_mismatch", "/doc.ann:1", "T1: its text 'Mr Yi' is not the document's text"),
    ("brat/duplicate_id", "/doc.ann:2", "'T1' is used by an earlier line"),
    ("brat/relation_to_missing_span", "/doc.ann:2", "R1: 'T7' is no T line of this file"),
    ("brat/relation_without_arguments", "/doc.ann:2", "not a brat standoff line"),
    ("brat/unknown_line_kind", "/doc.ann:2", "not a brat standoff line: 'X1"),
    ("brat/label_with_control_character", "/doc.ann:1", "cannot hold control characters"),
    ("brat/no_txt_beside_it", "/doc.ann", "no doc.txt beside it"),
    ("brat/txt_in_latin1", "/doc.txt", "not UTF-8 (byte 0xe9 at offset 3)"),
    ("brat/ann_is_binary", "/doc.ann", "not a text file (it holds NUL bytes)"),
    ("brat/empty_text", "/doc.ann", "the text is empty"),
    ("brat/id_with_a_carriage_return", "/doc.ann:2", "not a brat standoff line: 'T\\r2"),
    ("brat/event_trigger_missing", "/doc.ann:2", "E1: its trigger 'T9' is no T line"),
    ("brat/event_argument_missing", "/doc.ann:3", "E1: 'E7' is no T line or event of this"),
    ("brat/event_type_not_its_trigger_label", "/doc.ann:3",
     "E1: its type 'TELL' is not its trigger's label 'SAY'"),
    ("brat/event_argument_without_role", "/doc.ann:3", "not a brat standoff line: 'E1"),
    ("brat/meta_json_with_unknown_status", "/doc.meta.json", "'status' must be one of"),
    ("labelstudio/not_a_list.json", "", "a Label Studio export is a JSON list of tasks"),
    ("labelstudio/broken_json.json", ":1", "not valid JSON (unexpected end of data)"),
    ("labelstudio/empty.json", ":1", "not valid JSON"),
    ("labelstudio/jsonl_named_json.json", ":2", "if it is JSON Lines (one object per line)"),
    ("labelstudio/png_bytes.json", "", "not a text file (it holds NUL bytes)"),
    ("labelstudio/task_without_data.json", ": task 1", "each task needs a 'data' object"),
    ("labelstudio/task_without_text.json", ": task 1", "no 'text' in the task's 'data'"),
    ("labelstudio/annotations_not_a_list.json", ": task 1", "'annotations' must be a list"),
    ("labelstudio/result_not_a_list.json", ": task 1, annotation 1",
     "an annotation needs a 'result' list"),
    ("labelstudio/value_not_an_object.json", ": task 1, annotation 1",
     "result 1: 'value' must be an object"),
    ("labelstudio/labels_not_a_list.json", ": task 1, annotation 1",
     "result 1: 'labels' must be a list of label names"),
    ("labelstudio/start_not_a_number.json", ": task 1, annotation 1",
     "'start' must be a whole number, not '0'"),
    ("labelstudio/span_out_of_range.json", ": task 1, annotation 1",
     "[0, 600) is empty, reversed or outside the text"),
    ("labelstudio/span_text_mismatch.json", ": task 1, annotation 1",
     "its 'text' 'Yin' is not the text at [0, 6)"),
    ("labelstudio/utf16_offsets.json", ": task 1, annotation 1", "import with --offsets utf16"),
    ("labelstudio/result_id_is_a_list.json", ": task 1, annotation 1",
     "result 1: 'id' must be a string or a whole number"),
    ("labelstudio/relation_to_missing_span.json", ": task 1, annotation 1",
     "relation 1 names a span that is not there"),
    ("labelstudio/relation_end_is_a_list.json", ": task 1, annotation 1",
     "result 2: 'from_id' must be a string or a whole number"),
    ("labelstudio/duplicate_result_id.json", ": task 1, annotation 1",
     "its id 'r1' is used by another span"),
    ("labelstudio/uid_is_a_list.json", ": task 1", "must be a string or a whole number"),
    ("labelstudio/duplicate_uid_different_text.json", ": task 2",
     "id 'd1' is given to another text earlier in this import"),
]


def _big(tmp_path, text_end: str) -> str:
    path = tmp_path / "big.jsonl"
    with path.open("w") as f:
        f.write('{"id": "big", "text": "' + "a" * 20_000_000 + text_end)
    return path


# Made at test time: a 20 MB line (cut mid-record, and whole with a span whose 'text' is a
# 5 MB string that does not match: the message must stay short), 100,000 nested brackets.
GENERATED = {
    "20mb_cut_mid_record": (lambda tmp: _big(tmp, ""), ":1", "not valid JSON"),
    "20mb_span_text_mismatch": (lambda tmp: _big(tmp, '", "spans": [{"start": 0, "end": 3, '
                                                 '"label": "A", "text": "' + "b" * 5_000_000
                                                 + '"}]}\n'), ":1", "is not the text at"),
    "nested_100000_jsonl": (lambda tmp: _write(tmp / "deep.jsonl", "[" * 100_000), ":1",
                            "depth limit exceeded"),
    "nested_100000_in_a_field": (lambda tmp: _write(
        tmp / "deep_field.jsonl", '{"text": "t", "meta": {"a": ' + "[" * 100_000 + "]"
        * 100_000 + "}}\n"), ":1", "depth limit exceeded"),
    "nested_100000_labelstudio": (lambda tmp: _write(tmp / "deep.json", "[" * 100_000), ":1",
                                  "depth limit exceeded"),
    # Deeper than `json` recurses, not as deep as orjson refuses (a traceback before).
    "nested_1000_jsonl": (lambda tmp: _write(tmp / "deep.jsonl", "[" * 1000 + "]" * 1000), ":1",
                          "depth limit exceeded"),
    "nested_1000_labelstudio": (lambda tmp: _write(tmp / "deep.json", "[" * 1000 + "]" * 1000),
                                ":1", "depth limit exceeded"),
}


def _write(path, text):
    path.write_text(text)
    return path


def dump(path) -> dict:
    """Every row of every table, and the file's own verdict on itself."""
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        content = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return content
    finally:
        conn.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A project with a document and a span in it, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "p.annotator"
    with Store.open(path) as store:
        doc, _ = store.add_document("Already here: Xi spoke.", uid="seed")
        store.add_span(doc, "bob", 14, 16, "SPEAKER")
    return path


def refused(project, source, named: str, says: str) -> None:
    result = CliRunner().invoke(main, ["import", str(project), str(source)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        "".join(traceback.format_exception(result.exception))  # nothing escaped the CLI
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
    assert result.stderr.startswith(f"Error: {named}: "), result.stderr
    assert says in result.stderr, result.stderr
    assert len(result.stderr) < 400  # never the file's content


def check_refused(tmp_path, template, source, named, says):
    project = tmp_path / "p.annotator"
    shutil.copyfile(template, project)
    before, data = dump(project), project.read_bytes()
    refused(project, source, named, says)
    assert dump(project) == before
    assert project.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("p.")) == [
        "p.annotator"]  # no -wal or -journal left beside it
    new = tmp_path / "new.annotator"  # a refused import does not create the project
    refused(new, source, named, says)
    assert not any(p.name.startswith("new.annotator") for p in tmp_path.iterdir())


@pytest.mark.parametrize("source, where, says", BAD, ids=[case[0] for case in BAD])
def test_bad_input_is_refused_in_one_line_and_changes_nothing(tmp_path, template, source,
                                                              where, says):
    path = CORPUS / source
    named = f"{path}{where}"
    check_refused(tmp_path, template, path, named, says)


@pytest.mark.parametrize("name", GENERATED)
def test_big_generated_input_is_refused_in_one_short_line(tmp_path, template, name):
    make, where, says = GENERATED[name]
    path = make(tmp_path)
    check_refused(tmp_path, template, path, f"{path}{where}", says)


def test_every_corpus_file_has_a_case():
    listed = {CORPUS / source for source, _, _ in BAD} | {CORPUS / source for source in FINE}
    for path in CORPUS.rglob("*"):
        if path.is_file() and path.name != "README.md":
            assert path in listed or path.parent in listed, path


def test_no_traceback_from_the_real_command(tmp_path, template):
    """The installed entry point, not the test runner: stderr is the one line, nothing else."""
    cases = {case[0]: case for case in BAD}
    for source, where, says in (cases["jsonl/broken_json_at_line_3.jsonl"],
                                cases["labelstudio/png_bytes.json"]):
        project = tmp_path / "p.annotator"
        shutil.copyfile(template, project)
        path = CORPUS / source
        result = subprocess.run([sys.executable, "-m", "annotator", "import", str(project),
                                 str(path)], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 1
        assert result.stderr.startswith(f"Error: {path}{where}: ") and says in result.stderr
        assert result.stderr.count("\n") == 1 and result.stdout == ""


# ------------------------------------------------------- borderline files that must import
# What a careful tool does with them, and so what we do:
# - a UTF-16 (or UTF-32) byte order mark names the encoding beyond doubt: the file is read in
#   it without --encoding (Notepad and Excel write "Unicode" text so); the mark is not text.
#   Without the mark, UTF-16 is refused (NUL bytes) with a hint to give --encoding;
# - a UTF-8 byte order mark is dropped; CRLF line ends between JSON lines are line ends, and
#   inside a JSON string they are text, kept exactly;
# - blank lines in JSON Lines are skipped; a .jsonl with no line and a Label Studio `[]` hold
#   no documents: nothing is imported and that is no error (an empty .txt is: it is one
#   document with nothing to annotate);
# - the same id twice with the same text is one document with two annotators' lines (our own
#   export writes that); the same id with another text is refused (above);
# - a label the project does not know is added to the scheme (and named in the summary), as
#   the README says; a label that is not a valid name is refused (above);
# - "\u0000" escaped in a JSON string is a character of the text, kept; a raw NUL byte is not
#   JSON, and a .txt with one is binary (refused above);
# - a brat .ann written on Windows (CRLF) reads like one written anywhere else.
FINE = {
    "fine/utf16_with_bom.jsonl": [("u16", "Café talks")],
    "fine/utf16_with_bom.txt": [("utf16_with_bom", "Café talks")],
    "fine/utf16be_with_bom.txt": [("utf16be_with_bom", "Café talks")],
    "fine/utf16_with_bom.json": [("1", "Mr Yin said talks are off.")],
    "fine/utf8_with_bom.jsonl": [("good", "Mr Yin said talks are off.")],
    "fine/crlf_line_ends.jsonl": [("good", "Mr Yin said talks are off."),
                                  ("two", "Second.\r\nLine.")],
    "fine/blank_lines.jsonl": [("good", "Mr Yin said talks are off.")],
    "fine/no_records.jsonl": [],
    "fine/no_tasks.json": [],
    "fine/same_id_same_text.jsonl": [("same", "Mr Yin said talks are off.")],
    "fine/unknown_label.jsonl": [("x", "Mr Yin said talks are off.")],
    "fine/escaped_nul_in_text.jsonl": [("x", "a\x00b")],
    "fine/brat_crlf": [("doc", "Mr Yin said talks are off.")],
}


@pytest.mark.parametrize("source", FINE)
def test_borderline_input_imports_correctly(tmp_path, template, source):
    project = tmp_path / "p.annotator"
    shutil.copyfile(template, project)
    result = CliRunner().invoke(main, ["import", str(project), str(CORPUS / source)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Imported 1 file:") and result.stdout.count("\n") == 1
    docs = rows(project, "SELECT uid, text FROM documents WHERE uid != 'seed' ORDER BY id")
    assert docs == FINE[source]
    assert dump(project)  # integrity_check ok
    if source == "fine/same_id_same_text.jsonl":
        assert rows(project, 'SELECT s.annotator, s.start, s."end", s.label FROM spans s '
                             "JOIN documents d ON d.id = s.doc_id WHERE d.uid = 'same' "
                             "ORDER BY 1") == [("alice", 0, 6, "SPEAKER"), ("bob", 12, 25, "CLAIM")]
    if source == "fine/unknown_label.jsonl":
        assert "new labels: WITNESS" in result.stdout
        assert rows(project, "SELECT kind, color LIKE '#%' FROM labels WHERE name = 'WITNESS'"
                    ) == [("span", 1)]
        assert rows(project, "SELECT label FROM spans WHERE annotator = 'imported'") == [
            ("WITNESS",)]
    if source == "fine/brat_crlf":
        assert rows(project, 'SELECT start, "end", label FROM spans WHERE annotator != '
                             "'bob' ORDER BY 1") == [(0, 6, "SPEAKER"), (12, 25, "CLAIM")]


def test_a_valid_20mb_line_imports(tmp_path, template):
    project = tmp_path / "p.annotator"
    shutil.copyfile(template, project)
    path = _big(tmp_path, '", "spans": [{"start": 19999997, "end": 20000000, "label": "A"}]}\n')
    result = CliRunner().invoke(main, ["import", str(project), str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert rows(project, "SELECT length(text), length FROM documents WHERE uid = 'big'") == [
        (20_000_000, 20_000_000)]
    assert rows(project, 'SELECT start, "end" FROM spans WHERE label = \'A\'') == [
        (19_999_997, 20_000_000)]
