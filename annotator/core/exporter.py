"""Export a project in any of the formats (formats/registry.py), with one selection for all.

`chunks` yields the bytes of a one-file export, document by document (memory stays flat); the
report counts lines and what a format could not hold or left out. Every format is made from
our JSONL line (formats/jsonl.py `lines`), so the selection — an annotator, the gold layer,
documents with a status, some labels — means the same in all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.formats import jsonl, others, registry
from annotator.core.formats.registry import with_tokens  # noqa: F401 (a public helper)
from annotator.core.store import Store
from annotator.core.wording import plural


@dataclass
class ExportReport:
    lines: int = 0  # records: one per document and annotator
    documents: int = 0
    left_out: int = 0  # overlapping spans a token-tag format cannot hold
    unfinished: int = 0  # Prodigy: documents not done nor skipped, left out
    tag_names: list[str] = field(default_factory=list)  # hf: what the integers mean
    document_attributes: list[str] = field(default_factory=list)  # hf: a column each
    _last_id: object = field(default=None, repr=False)
    not_beside: list[str] = field(default_factory=list)  # side files not written (a device)

    def summary(self) -> str:
        records = self.lines + self.unfinished  # what was selected
        noun = "document" if records == self.documents else "record"
        text = f"Exported {plural(records, noun)}"
        if self.unfinished:
            text = f"Exported {self.lines:,} of {plural(records, noun)}"
        if noun == "record":
            text += f" ({plural(self.documents, 'document')} × annotators)"
        if self.left_out:
            text += (f"; {plural(self.left_out, 'span')} "
                     f"{'was' if self.left_out == 1 else 'were'} left out ({self.why_left_out})")
        if self.unfinished:
            text += (f"; {self.unfinished:,} unfinished (todo or in progress) "
                     f"{'was' if self.unfinished == 1 else 'were'} left out (only done work is "
                     "an accepted example; skipped is ignore)")
        if self.not_beside:
            text += (f"; {', '.join(self.not_beside)} not written (the target is not a "
                     "regular file)")
        return text

    why_left_out: str = "the format cannot hold overlapping spans: the longest is kept"
    progress: Callable[[int], None] | None = None


def selection(annotator: str | None = None, status: str | None = None, gold: bool = False,
              labels: list[str] | None = None) -> dict:
    """What to export, as the CLI's options and the export dialog give it: the gold layer
    is the annotator `gold`; no labels (or none named) means every label."""
    from annotator.core.models import GOLD

    names = [n.strip() for n in labels or () if n and n.strip()]
    return {"annotator": GOLD if gold else annotator, "status": status,
            "labels": names or None}


def default_name(project_name: str, fmt: str) -> str:
    """The file (or folder) name an export of `project_name` is offered under."""
    form = registry.get(fmt)
    return f"{project_name}-{fmt}" if form.folder else f"{project_name}{form.suffix}"


def _only_labels(line: dict, spans: set[str] | None, relations: set[str] | None) -> dict:
    """Spans with a label in `spans`, relations with a label in `relations` whose two spans
    are kept (None: every label of that kind)."""
    kept_spans = [s for s in line["spans"] if spans is None or s["label"] in spans]
    kept = {s["id"] for s in kept_spans}
    kept_relations = [r for r in line["relations"]
                      if (relations is None or r["label"] in relations)
                      and r["head"] in kept and r["child"] in kept]
    return {**line, "spans": kept_spans, "relations": kept_relations}


def selected_lines(store: Store, report: ExportReport, *, annotator: str | None = None,
                   status: str | None = None, labels: list[str] | None = None
                   ) -> Iterator[dict]:
    """Our JSONL lines for the selection (every format starts from these)."""
    wanted = set(labels) if labels else None
    if wanted:
        unknown = wanted - {lb.name for lb in store.labels()}
        if unknown:
            raise InvalidInput(f"no such label: {', '.join(sorted(unknown))}")
    # The named span labels select spans, the named relation labels relations; naming none
    # of a kind keeps every label of that kind.
    span_names = {lb.name for lb in store.labels("span")} & (wanted or set()) or None
    relation_names = {lb.name for lb in store.labels("relation")} & (wanted or set()) or None
    span_labels = [lb.name for lb in store.labels("span")
                   if span_names is None or lb.name in span_names]
    report.tag_names = others.tag_names(span_labels)
    report.document_attributes = [a.name for a in store.document_attributes()]
    for line in jsonl.lines(store, annotator, status):
        report.lines += 1
        if line["id"] != report._last_id:  # a document's lines come together
            report.documents += 1
            report._last_id = line["id"]
        if report.progress is not None:
            report.progress(report.documents)  # may raise Cancelled
        yield _only_labels(line, span_names, relation_names) if wanted else line


def _format(fmt: str) -> registry.Format:
    if fmt not in registry.EXPORTS:
        raise InvalidInput(f"unknown format {fmt!r}; annotator writes "
                           f"{', '.join(registry.EXPORTS)}")
    return registry.get(fmt)


def chunks(store: Store, fmt: str, report: ExportReport, tokens: bool = False,
           **selection) -> Iterator[bytes]:
    """The bytes of a one-file export, document by document (`tokens`: jsonl with tokens)."""
    stream = _format(fmt).stream
    if stream is None:
        raise InvalidInput(f"{fmt!r} is not a one-file format")
    if _format(fmt).one_word:  # names written as one word must not clash
        others.check_one_word_names([lb.name for lb in store.labels("span")], fmt)
    yield from stream(selected_lines(store, report, **selection), report, tokens)


def refuse_the_project(store: Store, target: Path) -> None:
    """No export is written over the project file (by any name for it)."""
    if store.path and target.exists() and store.path.exists():
        try:
            same = target.samefile(store.path)
        except OSError:
            same = target.resolve() == store.path.resolve()
        if same:
            raise InvalidInput(f"{target}: that is the project itself; choose another file")


def write_file(store: Store, target: Path, write) -> None:
    """Write an export to `target`: a regular file is replaced only once the export is
    complete; a device or pipe is written directly. Never over the project itself. Errors
    name `target`, as the user gave it."""
    refuse_the_project(store, target)
    if target.exists() and not target.is_file():
        with target.open("wb") as out:
            write(out)
        return
    partial = target.with_name(target.name + ".partial")
    try:
        try:
            out = partial.open("wb", buffering=1 << 20)  # (fewer, larger writes)
        except OSError as e:
            raise InvalidInput(f"cannot write there: {e.strerror}", str(target)) from None
        with out:
            write(out)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def export_to_path(store: Store, fmt: str, target: Path, report: ExportReport,
                   progress: Callable[[int], None] | None = None, tokens: bool = False,
                   **selection) -> None:
    """Any format to a path, with the files that go beside it (hf labels, Label Studio
    config) when the target is a regular file; brat writes a folder. `progress(n)` is called
    per document."""
    report.progress = progress
    form = _format(fmt)
    refuse_the_project(store, target)
    if form.write is not None:
        form.write(store, selected_lines(store, report, **selection), target, report)
        return
    parts = chunks(store, fmt, report, tokens, **selection)
    write_file(store, target, lambda out: out.writelines(parts))
    if form.side_files is not None:
        for ending, data in form.side_files(store, report).items():
            if target.is_file():
                target.with_name(target.name + ending).write_bytes(data)
            else:  # /dev/null or a pipe: nothing to put a file beside
                report.not_beside.append(str(target) + ending)
