"""Export a project in any of the formats, with one selection for all of them.

`chunks` yields the bytes of the export, document by document (memory stays flat); the
report counts lines and the spans a format could not hold. Every format is made from our
JSONL line (formats/jsonl.py `lines`), so the selection — an annotator, the gold layer,
documents with a status, some labels — means the same in all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotator.core.errors import InvalidInput
from annotator.core.formats import FORMATS, brat, jsonl, labelstudio, others
from annotator.core.store import Store
from annotator.core.text import Tokens
from annotator.core.wording import plural


@dataclass
class ExportReport:
    lines: int = 0  # records: one per document and annotator
    documents: int = 0
    left_out: int = 0  # overlapping spans a token-tag format cannot hold
    tag_names: list[str] = field(default_factory=list)  # hf: what the integers mean
    _last_id: object = field(default=None, repr=False)

    def summary(self) -> str:
        text = f"Exported {plural(self.documents, 'document')}"
        if self.lines != self.documents:
            text = (f"Exported {plural(self.lines, 'record')} "
                    f"({plural(self.documents, 'document')} × annotators)")
        if self.left_out:
            text += (f"; {plural(self.left_out, 'span')} "
                     f"{'was' if self.left_out == 1 else 'were'} left out ({self.why_left_out})")
        return text

    why_left_out: str = "the format cannot hold overlapping spans: the longest is kept"
    progress: Callable[[int], None] | None = None


def _only_labels(line: dict, labels: set[str]) -> dict:
    spans = [s for s in line["spans"] if s["label"] in labels]
    kept = {s["id"] for s in spans}
    relations = [r for r in line["relations"] if r["head"] in kept and r["child"] in kept]
    return {**line, "spans": spans, "relations": relations}


def selected_lines(store: Store, report: ExportReport, *, annotator: str | None = None,
                   status: str | None = None, labels: list[str] | None = None
                   ) -> Iterator[dict]:
    """Our JSONL lines for the selection (every format starts from these)."""
    wanted = set(labels) if labels else None
    if wanted:
        unknown = wanted - {lb.name for lb in store.labels()}
        if unknown:
            raise InvalidInput(f"no such label: {', '.join(sorted(unknown))}")
    span_labels = [lb.name for lb in store.labels("span") if not wanted or lb.name in wanted]
    report.tag_names = others.tag_names(span_labels)
    for line in jsonl.lines(store, annotator, status):
        report.lines += 1
        if line["id"] != report._last_id:  # a document's lines come together
            report.documents += 1
            report._last_id = line["id"]
        if report.progress is not None:
            report.progress(report.documents)  # may raise Cancelled
        yield _only_labels(line, wanted) if wanted else line


def with_tokens(line: dict) -> dict:
    """Our line with its token list (as Prodigy's, without `ws`) and each span's
    `token_start`/`token_end` in it."""
    text, tokens = line["text"], Tokens.of(line["text"])
    token_list = [{"text": text[start:end], "start": start, "end": end, "id": i}
                  for i, (start, end) in enumerate(zip(tokens.starts, tokens.ends))]
    spans = [{**s, **others.token_indices(tokens, s)} for s in line["spans"]]
    return {**line, "spans": spans, "tokens": token_list}


def chunks(store: Store, fmt: str, report: ExportReport, tokens: bool = False,
           **selection) -> Iterator[bytes]:
    """The bytes of a one-file export, document by document (`tokens`: jsonl with tokens)."""
    if fmt not in FORMATS or fmt in ("brat", "spacy"):
        raise InvalidInput(f"{fmt!r} is not a one-file format")
    if fmt == "conll":
        others.check_one_word_names([lb.name for lb in store.labels("span")], "CoNLL")
    if fmt == "labelstudio":  # one JSON list of tasks, streamed
        yield b"["
        for n, task in enumerate(labelstudio.tasks(selected_lines(store, report, **selection))):
            yield (b",\n" if n else b"\n") + orjson.dumps(task)
        yield b"\n]\n"
        return
    for line in selected_lines(store, report, **selection):
        if fmt == "jsonl":
            yield orjson.dumps(with_tokens(line) if tokens else line) + b"\n"
        elif fmt == "prodigy":
            yield orjson.dumps(others.prodigy(line)) + b"\n"
        elif fmt == "doccano":
            yield orjson.dumps(others.doccano(line)) + b"\n"
        elif fmt == "hf":
            row, left = others.hf(line, report.tag_names)
            report.left_out += left
            yield orjson.dumps(row) + b"\n"
        else:
            block, left = others.conll(line)
            report.left_out += left
            yield block.encode("utf-8")


def export_brat(store: Store, folder: Path, report: ExportReport, **selection) -> None:
    """A folder per annotator of .txt + .ann pairs, and annotation.conf."""
    lines = selected_lines(store, report, **selection)
    span_labels = [lb.name for lb in store.labels("span")]
    brat.write(lines, folder, [lb.name for lb in store.labels("relation")], span_labels,
               brat.remembered_events(store))


def labelstudio_config(store: Store) -> str:
    return labelstudio.config([(lb.name, lb.color) for lb in store.labels("span")],
                              [lb.name for lb in store.labels("relation")])


def export_spacy(store: Store, target: Path, report: ExportReport, **selection) -> None:
    from annotator.core.formats import spacy_docbin

    _, report.left_out = spacy_docbin.write(selected_lines(store, report, **selection), target)


def write_file(store: Store, target: Path, write) -> None:
    """Write an export to `target`: a regular file is replaced only once the export is
    complete; a device or pipe is written directly. Never over the project itself."""
    if target.exists() and store.path and target.resolve() == store.path.resolve():
        raise InvalidInput(f"{target}: that is the project itself; choose another file")
    if target.exists() and not target.is_file():
        with target.open("wb") as out:
            write(out)
        return
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("wb") as out:
            write(out)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def export_to_path(store: Store, fmt: str, target: Path, report: ExportReport,
                   progress: Callable[[int], None] | None = None, tokens: bool = False,
                   **selection) -> None:
    """Any format to a path, with the files that go beside it (hf labels, Label Studio
    config); brat writes a folder. `progress(n)` is called per document."""
    report.progress = progress
    if fmt == "brat":
        export_brat(store, target, report, **selection)
    elif fmt == "spacy":
        report.why_left_out = "not on token boundaries"
        export_spacy(store, target, report, **selection)
    else:
        parts = chunks(store, fmt, report, tokens, **selection)
        write_file(store, target, lambda out: out.writelines(parts))
        if fmt == "hf":
            target.with_name(target.name + ".labels.json").write_bytes(
                orjson.dumps(report.tag_names))
        if fmt == "labelstudio":
            target.with_name(target.name + ".config.xml").write_text(
                labelstudio_config(store), encoding="utf-8")
