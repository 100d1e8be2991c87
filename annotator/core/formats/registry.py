"""Every file format in one table: its name, title, file name endings, one file or a folder,
its reader and writer, and what it carries and loses.

The CLI's `--format` choices and import dispatch, the exporter, the window's file dialogs and
the README's format table are all made from `FORMATS`; a format added here is everywhere.
Writers take our JSONL lines (formats/jsonl.py `lines`, after the export's selection), so a
selection means the same in every format. `python -m annotator.core.formats.registry`
prints the README table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# The CLI builds its choices from this table at start: the format modules are imported by
# the readers and writers below, when one is used.
if TYPE_CHECKING:
    from annotator.core.formats import Record


# What a round trip (export, then import) can keep; each format says which it keeps, and a
# test measures it (tests/cli/test_format_registry.py).
ASPECTS = ("spans", "relations", "annotator", "status", "meta", "id", "title", "source",
           "attributes")


@dataclass(frozen=True)
class ReadOptions:
    """What `import` was told about the files."""

    encoding: str | None = None
    offsets: str = "codepoints"  # or "utf16" (Label Studio files from some versions)
    id_field: str | None = None  # Label Studio: the task data field that names a document
    # Tables (CSV, TSV, JSONL in another's shape): which column is the text, id, title.
    text_column: str | None = None
    id_column: str | None = None
    title_column: str | None = None
    workers: int | None = None  # web pages: extraction processes (None: every core)

    @property
    def columns(self):
        from annotator.core.news.table import Columns

        return Columns(self.text_column, self.id_column, self.title_column)

    @property
    def tabular(self) -> bool:
        return any((self.text_column, self.id_column, self.title_column))


@dataclass(frozen=True)
class Format:
    name: str
    title: str  # what a person reads in a file dialog
    suffix: str  # the file name ending an export gets ("" for a folder)
    what: str  # README: what it is
    carries: str  # README: what it holds
    loses: str  # README: what it leaves out (and whether it says so)
    folder: bool = False  # export writes a folder
    beside: tuple[str, ...] = ()  # export also writes TARGET + each of these
    # One-file formats: our lines -> the file's bytes, streamed (to stdout or a file).
    stream: Callable[[Iterable[dict], object, bool], Iterator[bytes]] | None = None
    # Formats written only to a path (a folder, a binary file): (store, lines, target, report).
    write: Callable[..., None] | None = None
    # Files written beside the export: (store, report) -> {ending: bytes}.
    side_files: Callable[..., dict[str, bytes]] | None = None
    # Import: the endings this format's reader takes, and the reader
    # (path, id from the path below the folder given, the folder given, options).
    reads: tuple[str, ...] = ()
    read: Callable[[Path, str, Path, ReadOptions], Iterator[Record]] | None = None
    # Many files of this format at once (web pages, extracted in worker processes):
    # ([(path, id, folder given)], options).
    read_many: Callable[[list, ReadOptions], Iterator[Record]] | None = None
    read_by: str | None = None  # its files are read by another format's reader
    walked: bool = True  # its files are found when a folder is imported
    companion: str | None = None  # a file with this ending beside one of ours is part of it
    keeps: tuple[str, ...] = ()  # the ASPECTS an export read back by import keeps
    one_word: bool = False  # label names are written one word each (spaces as `_`): no clash

    @property
    def exported(self) -> bool:
        return self.stream is not None or self.write is not None

    @property
    def to_stdout(self) -> bool:
        """Can go to standard output: one streamed file with nothing beside it."""
        return self.stream is not None and not self.beside

    @property
    def reads_back(self) -> bool:
        return self.read is not None or self.read_by is not None


# ------------------------------------------------------------------ writers
def with_tokens(line: dict) -> dict:
    """Our line with its token list (as Prodigy's, without `ws`) and each span's
    `token_start`/`token_end` in it."""
    from annotator.core.formats import others
    from annotator.core.text import Tokens

    text, tokens = line["text"], Tokens.of(line["text"])
    token_list = [{"text": text[start:end], "start": start, "end": end, "id": i}
                  for i, (start, end) in enumerate(zip(tokens.starts, tokens.ends))]
    spans = [{**s, **others.token_indices(tokens, s)} for s in line["spans"]]
    return {**line, "spans": spans, "tokens": token_list}


def _jsonl(lines, report, tokens=False):
    from orjson import OPT_APPEND_NEWLINE

    from annotator.core.jsontext import dumps

    for line in lines:
        yield dumps(with_tokens(line) if tokens else line, OPT_APPEND_NEWLINE)


def prodigy_answer(line: dict) -> str | None:
    """A Prodigy user reads "accept" as a finished, checked example: only done work (and the
    adjudicated gold layer) is one; a skipped document is "ignore"; unfinished work: None."""
    from annotator.core.models import GOLD

    if line["annotator"] == GOLD or line["status"] == "done":
        return "accept"
    return "ignore" if line["status"] == "skipped" else None


def _prodigy(lines, report, tokens=False):
    from annotator.core.formats import others
    from annotator.core.jsontext import dumps

    for line in lines:
        answer = prodigy_answer(line)
        if answer is None:  # counted as left out, not as exported
            report.unfinished += 1
            report.lines -= 1
            continue
        yield dumps({**others.prodigy(line), "answer": answer}) + b"\n"


def _doccano(lines, report, tokens=False):
    from annotator.core.formats import others
    from annotator.core.jsontext import dumps

    for line in lines:
        yield dumps(others.doccano(line)) + b"\n"


def _hf(lines, report, tokens=False):
    from annotator.core.formats import others
    from annotator.core.jsontext import dumps

    for line in lines:
        row, left = others.hf(line, report.tag_names,
                              getattr(report, "document_attributes", []))
        report.left_out += left
        yield dumps(row) + b"\n"


def _conll(lines, report, tokens=False):
    from annotator.core.formats import others

    for line in lines:
        block, left = others.conll(line)
        report.left_out += left
        yield block.encode("utf-8")


def _labelstudio(lines, report, tokens=False):
    from annotator.core.formats import labelstudio
    from annotator.core.jsontext import dumps

    yield b"["  # one JSON list of tasks, streamed
    for n, task in enumerate(labelstudio.tasks(lines)):
        yield (b",\n" if n else b"\n") + dumps(task)
    yield b"\n]\n"


def _labelstudio_config(store, report) -> dict[str, bytes]:
    from annotator.core.formats import labelstudio

    span_labels = store.labels("span")
    return {".config.xml": labelstudio.config(
        [(lb.name, lb.color) for lb in span_labels],
        [lb.name for lb in store.labels("relation")],
        [(name, values, owners)
         for name, (values, owners) in _attribute_owners(span_labels).items()],
        [(a.name, a.values) for a in store.document_attributes()]).encode("utf-8")}


def _attribute_owners(span_labels) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each span attribute's name -> (its values, over every label that has it; the labels)."""
    owners: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for lb in span_labels:
        for a in lb.attributes:
            values, names = owners.get(a.name, ((), ()))
            owners[a.name] = (tuple(dict.fromkeys(values + a.values)), names + (lb.name,))
    return owners


def _hf_labels(store, report) -> dict[str, bytes]:
    from annotator.core.jsontext import dumps

    return {".labels.json": dumps(report.tag_names)}


def _brat(store, lines, target: Path, report) -> None:
    from annotator.core.formats import brat

    span_labels = store.labels("span")
    brat.write(lines, target, [lb.name for lb in store.labels("relation")],
               [lb.name for lb in span_labels], brat.remembered_events(store),
               _attribute_owners(span_labels))


def _spacy(store, lines, target: Path, report) -> None:
    from annotator.core.formats import spacy_docbin

    report.why_left_out = "not on token boundaries"
    _, report.left_out = spacy_docbin.write(
        lines, target, [(a.name, a.values) for a in store.document_attributes()])


# ------------------------------------------------------------------ readers
def _read_text(path, uid, root, options):
    from annotator.core.formats import plaintext

    return plaintext.read(path, uid, options.encoding)


def _read_jsonl(path, uid, root, options):
    if options.tabular:  # another tool's field names, named on the command line
        from annotator.core.news import pipeline, table

        return pipeline.with_fingerprints(
            table.read_jsonl(path, options.columns, options.encoding), options.workers)
    from annotator.core.formats import jsonl

    return jsonl.read(path, options.encoding)


def _read_table(path, uid, root, options):
    from annotator.core.news import pipeline, table

    # news coming in: its rows are checked for copies (fingerprints made in worker processes)
    return pipeline.with_fingerprints(table.read_delimited(
        path, options.columns, options.encoding,
        "\t" if path.suffix.lower() == ".tsv" else ","), options.workers)


def _read_pages(files, options):
    from annotator.core.news import pipeline

    return pipeline.page_records(files, options.encoding, options.workers)


def _read_page(path, uid, root, options):
    return _read_pages([(path, uid, root)], options)


def _read_warc(path, uid, root, options):
    from annotator.core.news import pipeline

    return pipeline.warc_records(path, options.workers)


def _read_brat(path, uid, root, options):
    from annotator.core.formats import brat

    return brat.read(path, root, options.encoding)


def _read_labelstudio(path, uid, root, options):
    from annotator.core.formats import labelstudio

    return labelstudio.read(path, options.encoding, options.offsets, options.id_field)


IOB2_LOSES = ("overlapping spans: the longest is kept, the number left out is printed; "
              "relations")

FORMATS: tuple[Format, ...] = (
    Format("jsonl", "annotator JSON Lines", ".jsonl",
           "ours, above; `--tokens` adds `tokens: [{text, start, end, id}]`",
           "everything, each span's `source` too; attribute values as a span's `attrs` and "
           "the line's `attrs` (`{\"quote\": \"direct\"}`), written only where given",
           "nothing: export, import and export again give the same bytes",
           stream=_jsonl, reads=(".jsonl", ".ndjson"), read=_read_jsonl, keeps=ASPECTS),
    Format("prodigy", "Prodigy tasks", ".jsonl",
           "Prodigy tasks: `tokens` (with `ws`: one space follows; any other whitespace is a "
           "token of its own, as spaCy makes it, so the tokens rebuild the text), `spans` with "
           "inclusive `token_end`, "
           "`relations` between token indices with `head_span`/`child_span`, `answer`, "
           "`_annotator_id`, stable `_input_hash`/`_task_hash`",
           "spans, relations, `meta`; done and gold → `accept`, skipped → `ignore`",
           "unfinished documents (todo, in progress) are left out, and the summary says how "
           "many; span `source`; attributes; the hashes are ours (SHA-256 based), not Prodigy's murmur "
           "values",
           stream=_prodigy, read_by="jsonl",
           keeps=("spans", "relations", "annotator", "status", "meta", "id", "title")),
    Format("doccano", "doccano", ".jsonl",
           "`{\"text\", \"label\": [[start, end, \"L\"]]}`, or `entities`/`relations` when "
           "there are relations", "spans, relations, annotator, `meta`",
           "status, span `source`, attributes",
           stream=_doccano, read_by="jsonl",
           keeps=("spans", "relations", "annotator", "meta", "id", "title")),
    Format("labelstudio", "Label Studio tasks", ".json",
           "`-o FILE.json`: a JSON list of tasks (`data.text`, an annotation per annotator "
           "with `labels` regions `value.start/end/text/labels` and `relation` results), and "
           "`FILE.json.config.xml`, the labelling config that reads it",
           "spans, relations, annotator, status, meta; span attributes as per-region `choices` "
           "results (the region's id), document attributes as `choices` results, both in the "
           "config",
           "span `source` (`--offsets utf16` reads files with UTF-16 offsets: the import says "
           "when it sees them)",
           beside=(".config.xml",), stream=_labelstudio, side_files=_labelstudio_config,
           reads=(".json",), read=_read_labelstudio, walked=False,
           keeps=("spans", "relations", "annotator", "status", "meta", "id", "title",
                  "attributes")),
    Format("brat", "brat standoff", "",
           "`-o FOLDER`: a subfolder per annotator of `DOC.txt` + `DOC.ann` (`T`, `E` and `R` "
           "lines), `DOC.meta.json` beside each (the exact id, annotator, title, meta, status "
           "and label names, which brat ignores and our import reads back), and "
           "`annotation.conf`; a span across a line break is written as fragments. A file name "
           "is the id where that is a safe name, else its safe form and a short hash (`a/b` → "
           "`a_b-c14cddc0`), so no two documents or annotators share a file",
           "spans, relations, events, annotator, status, meta; span attributes as `A` lines "
           "(`A1 quote T3 direct`, declared in `annotation.conf`), the document's in "
           "`DOC.meta.json` (brat has no line for them)",
           "span `source`; two brat events on one trigger span come back as one; brat itself "
           "shows a label's spaces as `_`",
           folder=True, write=_brat, reads=(".ann",), read=_read_brat, companion=".txt",
           one_word=True,
           keeps=("spans", "relations", "annotator", "status", "meta", "id", "title",
                  "attributes")),
    Format("spacy", "spaCy DocBin", ".spacy",
           "`-o FILE.spacy`: a spaCy DocBin; every span in `doc.spans[\"sc\"]`, the "
           "non-overlapping ones also as `doc.ents`, relations in "
           "`doc.user_data[\"relations\"]`; the Doc's text is the document's text exactly. "
           "Needs spaCy: `pip install 'annotator[spacy]'`",
           "spans on token boundaries, relations; span attributes as custom attributes "
           "(`span._.quote` once `Span.set_extension(\"quote\", default=None)`), document "
           "attributes as `doc.cats` (`relevant=yes`: 1.0, `relevant=no`: 0.0)",
           "spans made character-exact (`Alt`) that do not fall on token boundaries: "
           "counted and printed; two spans on one extent share their attribute values",
           write=_spacy),
    Format("conll", "CoNLL IOB2", ".conll",
           "IOB2, `token -X- _ TAG` a line, `-DOCSTART- -X- O O` between documents, blank "
           "lines between sentences (after `.`/`!`/`?` and at line breaks, never inside a span, "
           "so every `I-` follows its `B-`)",
           "non-overlapping spans", IOB2_LOSES + "; attributes; a label's spaces are "
           "written `_`",
           stream=_conll, one_word=True),
    Format("hf", "Hugging Face tokens + ner_tags", ".jsonl",
           "`-o FILE`: JSONL of `tokens` + integer `ner_tags` (IOB2), and "
           "`FILE.labels.json` with the tag names (index = integer) for a `ClassLabel`",
           "non-overlapping spans; document attributes, a column each (null where not given)",
           IOB2_LOSES + "; span attributes",
           beside=(".labels.json",), stream=_hf, side_files=_hf_labels),
    Format("text", "Plain text", ".txt", "one document per `.txt` file (import only)",
           "the text", "", reads=(".txt",), read=_read_text),
    Format("html", "Web pages", ".html",
           "a saved news page: the article's headline and body (trafilatura), import only",
           "the text; title, outlet, url, author, date, language in `meta`", "",
           reads=(".html", ".htm"), read=_read_page, read_many=_read_pages),
    Format("warc", "Web archives (WARC)", ".warc.gz",
           "a crawl archive: each HTML response's article, streamed (import only)",
           "as web pages, and the capture date", "",
           reads=(".warc", ".warc.gz"), read=_read_warc),
    Format("table", "Tables (CSV, TSV)", ".csv",
           "a row per document; `--text-column`, `--id-column`, `--title-column` name the "
           "columns (import only)", "the text; the other columns in `meta`", "",
           reads=(".csv", ".tsv"), read=_read_table),
)

BY_NAME = {f.name: f for f in FORMATS}
EXPORTS = tuple(f.name for f in FORMATS if f.exported)
# File name ending -> the format whose reader takes it (import dispatch).
READERS = {suffix: f for f in FORMATS if f.read for suffix in f.reads}


def ending(path: Path) -> str:
    """The ending that picks a file's reader: its suffix, lower case (two for .warc.gz)."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def get(name: str) -> Format:
    return BY_NAME[name]


def readme_table() -> str:
    """The README's table of export formats (a test holds the README to it)."""
    rows = ["| Format | What it is | Carries | Loses | Reads back |",
            "| --- | --- | --- | --- | --- |"]
    for f in FORMATS:
        if f.exported:
            name = f"`{f.name}`" + (" (default)" if f.name == "jsonl" else "")
            back = "no"
            if f.reads_back:
                lost = [a for a in ASPECTS if a not in f.keeps]
                back = ("yes" + (" (import the folder)" if f.folder else "")
                        + f": keeps {', '.join(f.keeps)}"
                        + (f"; not {', '.join(lost)}" if lost else ""))
            rows.append(f"| {name} | {f.what} | {f.carries} | {f.loses} | {back} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(readme_table(), end="")
