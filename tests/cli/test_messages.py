"""What the commands say: counts in the right number, records told from documents, and the
file types import reads, as the importer reads them."""

from annotator.core.importer import READERS
from annotator.core.store import Store
from tests.cli.test_cli import run


def test_one_of_a_thing_is_said_in_the_singular(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Ether Yin said talks are off.", encoding="utf-8")
    project = tmp_path / "p.annotator"
    out = run("import", project, article).output
    assert out.strip() == ("Imported 1 file: 1 document added, 0 already there, 0 spans, "
                           "0 relations")
    with Store.open(project) as store:
        store.add_span(1, "alice", 0, 9, "SPEAKER")
        store.set_status(1, "alice", "done")
    assert "alice: 1 span, 1 document done" in run("stats", project).output
    assert run("export", project).stderr.strip() == "Exported 1 document"


def test_export_tells_records_from_documents(tmp_path):
    project = tmp_path / "p.annotator"
    with Store.open(project) as store:
        for i in range(3):
            doc, _ = store.add_document(f"Text number {i} said no.", uid=f"d{i}")
            for name in ("alice", "bob") + (("carol",) if i == 0 else ()):
                store.add_span(doc, name, 0, 4, "SPEAKER")
    result = run("export", project)
    assert len(result.stdout.splitlines()) == 7
    assert result.stderr.strip() == "Exported 7 records (3 documents × annotators)"
    assert run("export", project, "--annotator", "bob").stderr.strip() == "Exported 3 documents"


def test_import_help_names_every_file_type_the_importer_reads():
    text = " ".join(run("import", "--help").output.split())
    assert all(suffix in text for suffix in READERS), text


def test_export_progress_counts_documents_as_its_bar_does(tmp_path):
    """The window's progress bar runs to the number of documents: the export counts them,
    not its records (two annotators' records filled the bar half way through)."""
    from annotator.core.exporter import ExportReport, export_to_path

    with Store.open(tmp_path / "p.annotator") as store:
        for i in range(3):
            doc, _ = store.add_document(f"Text number {i} said no.", uid=f"d{i}")
            for name in ("alice", "bob"):
                store.add_span(doc, name, 0, 4, "SPEAKER")
        seen: list[int] = []
        export_to_path(store, "jsonl", tmp_path / "out.jsonl", ExportReport(),
                       progress=seen.append)
    assert max(seen) == 3 and len(seen) == 6
