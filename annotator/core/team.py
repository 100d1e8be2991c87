"""Working as a team without a server: give out packs, follow the work, take it back.

`assign` plans who has which document (core.assign), writes one pack file per annotator and
records it all in the project. `progress` says how far everyone is, from what has been merged
back. `check_pack` and `pack_returned` are the merge's: a pack from another project is
refused, and a pack merged back is recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core import assign as assigning
from annotator.core.agreement import agreement
from annotator.core.errors import InvalidInput
from annotator.core.filenames import Names
from annotator.core import models
from annotator.core.models import GOLD, STATUSES
from annotator.core.names import check_annotator
from annotator.core.project import open_for_reading
from annotator.core.review import progress as review_progress
from annotator.core.store import Store
from annotator.core.wording import plural

PACK_SUFFIX = ".annotator"
STATES = ("not started", "in progress", "all done", "reviewed")


@dataclass
class AssignReport:
    packs: dict[str, Path] = field(default_factory=dict)  # annotator -> file written
    documents: dict[str, int] = field(default_factory=dict)  # annotator -> documents
    assigned: int = 0  # documents assigned in this run
    shared: int = 0  # of which to two or more annotators

    def summary(self) -> str:
        if not self.assigned:
            return "Nothing to assign: every document is assigned already (or none matches)."
        lines = [f"Assigned {plural(self.assigned, 'document')} ({self.shared:,} shared) to "
                 f"{plural(len(self.packs), 'annotator')}:"]
        lines += [f"  {name}: {plural(self.documents[name], 'document')} → {path}"
                  for name, path in self.packs.items()]
        return "\n".join(lines)


def _candidates(store: Store, status: str | None) -> list[int]:
    """The documents to assign: all, or those in `status` — todo: nobody has started it;
    otherwise: someone (not a reserved layer: gold, suggestions) has it in that status."""
    ids = store.every_document_id()
    if status is None:
        return ids
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    started = {d for d, name, s in store.all_statuses() if _a_persons(name) and s != "todo"}
    started |= {d for d, name in store.span_layers() if _a_persons(name)}
    if status == "todo":
        return [d for d in ids if d not in started]
    having = {d for d, name, s in store.all_statuses() if _a_persons(name) and s == status}
    return [d for d in ids if d in having]


def _a_persons(name: str) -> bool:
    """Whether a layer is a person's (not gold, nor another reserved layer: suggestions)."""
    return name not in models.RESERVED_LAYERS


def free_path(folder: Path, name: str) -> Path:
    """PACKS/alice.annotator, or alice-2.annotator … when that is there (never overwritten).
    `name` is a file name already (core.filenames.Names)."""
    target = folder / f"{name}{PACK_SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{name}-{n}{PACK_SUFFIX}"
    return target


def assign(store: Store, folder: Path, annotators: list[str], *, overlap: int | None = None,
           shared: float | None = None, status: str | None = None, seed: int = 0
           ) -> AssignReport:
    """Assign the documents nobody has been given yet and write a pack per annotator."""
    for name in annotators:
        check_annotator(name)
    try:
        assigning.check(annotators, overlap, shared)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    if not store.document_count():
        raise InvalidInput("the project has no documents to assign: import some first")
    if store.pack_identity() is not None:
        raise InvalidInput("this is a pack (a part of another project); assign from the "
                           "project it was made from")
    already = store.assignments()
    load: dict[str, int] = {}
    for names in already.values():
        for name in names:
            load[name] = load.get(name, 0) + 1
    plan = assigning.plan(_candidates(store, status), annotators, overlap=overlap,
                          shared=shared, seed=seed, assigned=already, load=load)
    report = AssignReport(assigned=len(plan),
                          shared=sum(len(names) > 1 for names in plan.values()))
    if not plan:
        return report
    folder.mkdir(parents=True, exist_ok=True)
    project_id = store.project_id(create=True)
    written: list[tuple[str, str, Path, list[int]]] = []
    try:
        given, files = assigning.by_annotator(plan), Names()  # a file name any system takes
        for name, docs in ((n, given[n]) for n in annotators if n in given):
            pack_id, target = str(uuid.uuid4()), free_path(folder, files.name(name))
            store.write_pack(target, name, docs, pack_id, project_id)
            written.append((pack_id, name, target, docs))
        with store.transaction():
            for pack_id, name, target, docs in written:
                store.record_pack(pack_id, name, target, docs)
    except BaseException:
        for _, _, target, _ in written:  # all or nothing: no pack the project does not know
            target.unlink(missing_ok=True)
        raise
    for _, name, target, docs in written:
        report.packs[name], report.documents[name] = target, len(docs)
    return report


# ------------------------------------------------------------------ bringing packs back
def check_pack(store: Store, path: Path) -> str | None:
    """The owner of the project file at `path` when it is a pack of this project (None when
    it is not a pack); a pack of another project is refused."""
    with open_for_reading(path) as source:
        identity = source.pack_identity()
    if identity is None:
        return None
    origin, owner, _ = identity
    mine = store.project_id()
    if origin != mine:
        raise InvalidInput(
            f"this is {owner}'s pack from another project (project id {origin}); this "
            f"project's id is {mine or 'not set: it has given out no packs'}. Merge it into "
            "the project it was assigned from", str(path))
    return owner


def pack_returned(store: Store, path: Path) -> None:
    """Record that the pack at `path` came back, with its owner's last edit in it."""
    with open_for_reading(path) as source:
        identity = source.pack_identity()
        if identity is not None:
            _, owner, pack_id = identity
            store.pack_returned(pack_id, source.last_edit(owner))


# ------------------------------------------------------------------------- following
def shared_documents(store: Store) -> list[int]:
    return [d for d, names in store.assignments().items() if len(names) > 1]


def team_agreement(store: Store) -> dict | None:
    """Agreement on the shared documents, counting each annotator's work on a document only
    once they have marked it done; None while no two annotators have finished one."""
    shared = set(shared_documents(store))
    names = sorted({n for d, names in store.assignments().items() if d in shared
                    for n in names})
    if len(names) < 2:
        return None
    result = agreement(store, names, only_documents=shared, finished_only=True)
    if not result["documents"]:
        return None
    return result


def progress(store: Store) -> dict:
    """Per annotator: assigned, done, skipped, in progress, spans, notes, last activity and
    exact span F1 with the others on shared documents; documents per state."""
    rows = store.states_of_documents()
    per_doc: dict[int, list[str | None]] = {}
    people: dict[str, dict] = {}
    for doc_id, name, status in rows:
        per_doc.setdefault(doc_id, []).append(status)
        row = people.setdefault(name, dict.fromkeys(
            ("assigned", "done", "skipped", "in_progress"), 0))
        row["assigned"] += 1
        if status in ("done", "skipped", "in_progress"):
            row[status] += 1
    spans, notes = store.span_counts(), store.note_counts()
    activity: dict[str, str] = {}
    for _, name, _, _, merged, last in store.packs():
        if merged and last:
            activity[name] = max(activity.get(name, ""), last)
    result = team_agreement(store)
    pair_f1: dict[str, list] = {}
    if result is not None:
        for pair in result["pairs"]:
            for name in (pair["a"], pair["b"]):
                pair_f1.setdefault(name, []).append(pair)
    annotators = []
    for name in sorted(people):
        row = people[name]
        pairs = [p for p in pair_f1.get(name, []) if p["exact_f1"] is not None]
        matched = sum(p["exact_f1"] * sum(p["spans"]) for p in pairs)
        total = sum(sum(p["spans"]) for p in pairs)
        annotators.append({
            "annotator": name, **row, "spans": spans.get(name, 0), "notes": notes.get(name, 0),
            "last_activity": activity.get(name) or store.last_edit(name),
            "agreement": matched / total if total else None})
    reviewed = {d for d in per_doc if _reviewed(store, d)}
    states = dict.fromkeys(STATES, 0)
    for doc_id, statuses in per_doc.items():
        states[_state(statuses, doc_id in reviewed)] += 1
    assigned = len(per_doc)
    return {
        "annotators": annotators,
        "documents": {"total": store.document_count(), "assigned": assigned,
                      "not assigned": store.document_count() - assigned, **states},
        "shared": len(shared_documents(store)),
        "agreement": None if result is None else {
            "documents": len(result["documents"]), **result["overall"],
            "pairs": [{k: p[k] for k in ("a", "b", "exact_f1", "cohen_kappa")}
                      for p in result["pairs"]]},
    }


def _state(statuses: list[str | None], reviewed: bool) -> str:
    if reviewed:
        return "reviewed"
    if all(s in ("done", "skipped") for s in statuses):
        return "all done"
    if any(s is not None and s != "todo" for s in statuses):
        return "in progress"
    return "not started"


def _reviewed(store: Store, doc_id: int) -> bool:
    """Every cluster decided, on a document someone finished and that has a gold layer or
    decisions (a document nobody annotated is not reviewed)."""
    if not (store.spans(doc_id, GOLD) or store.rejections(doc_id)):
        return False
    decided, total = review_progress(store, doc_id)
    return decided == total
