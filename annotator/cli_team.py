"""Team commands: give out packs (`assign`), follow them (`progress`), and the project's
guidelines (`guidelines`). Parse, call annotator.core.team, print."""

from __future__ import annotations

from pathlib import Path

import click


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


@click.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--annotators", required=True, metavar="A,B,C",
              help="Who gets a pack (comma-separated names).")
@click.option("--overlap", type=click.IntRange(min=1),
              help="How many annotators a shared document goes to (all documents, unless "
                   "--shared; with --shared, 2 by default).")
@click.option("--shared", type=click.FloatRange(0, 1),
              help="The share of documents (0 to 1) that goes to several annotators, for "
                   "agreement; the rest goes to one.")
@click.option("--status", type=click.Choice(["todo", "in_progress", "done", "skipped"]),
              help="Only documents in this status (todo: nobody has started them).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed gives the same assignment.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The folder the packs are written to (made if missing).")
def assign(project: str, annotators: str, overlap: int | None, shared: float | None,
           status: str | None, seed: int, output: str) -> None:
    """Give out PROJECT's unassigned documents: one pack (a project file) per annotator with
    exactly their documents, the label scheme and the guidelines; recorded in PROJECT.
    Running it again after an import assigns only the new documents (new pack files)."""
    from annotator.cli import _errors, _open
    from annotator.core.team import assign as assign_

    names = [n.strip() for n in annotators.split(",") if n.strip()]
    with _errors(project):
        store = _open(project)
        try:
            report = assign_(store, Path(output), names, overlap=overlap, shared=shared,
                             status=status, seed=seed)
        finally:
            store.close()
    click.echo(report.summary())


@click.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def progress(project: str, as_json: bool) -> None:
    """How far the team is: per annotator assigned, done, skipped, spans, notes, last
    activity and agreement on shared documents (from the packs merged back); documents per
    state."""
    from annotator.cli import _errors, _read
    from annotator.core.team import progress as progress_

    with _errors(project):
        with _read(project) as store:
            figures = progress_(store)
    if as_json:
        import orjson

        click.echo(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())
        return
    for line in lines(figures):
        click.echo(line)


def lines(figures: dict) -> list[str]:
    """The progress figures as the text the CLI prints (the Team view shows the same)."""
    out = [f"{'annotator':<20}{'assigned':>9}{'done':>6}{'skipped':>8}{'spans':>7}"
           f"{'notes':>6}{'agreement':>10}  last activity"]
    for row in figures["annotators"]:
        out.append(f"{row['annotator']:<20}{row['assigned']:>9,}{row['done']:>6,}"
                   f"{row['skipped']:>8,}{row['spans']:>7,}{row['notes']:>6,}"
                   f"{_fmt(row['agreement']):>10}  {row['last_activity'] or '–'}")
    if not figures["annotators"]:
        out.append("(no documents assigned yet: annotator assign PROJECT --annotators …)")
    docs = figures["documents"]
    out.append("")
    out.append(f"Documents: {docs['total']:,} ({docs['assigned']:,} assigned, "
               f"{figures['shared']:,} shared): " + ", ".join(
                   f"{docs[k]:,} {k}" for k in ("not started", "in progress", "all done",
                                                "reviewed")))
    agreed = figures["agreement"]
    if agreed is None:
        out.append("Agreement: none yet (no shared document finished by two annotators and "
                   "merged back)")
    else:
        out.append(f"Agreement on {agreed['documents']:,} shared documents: exact span F1 "
                   f"{_fmt(agreed['exact_f1'])}, overlap F1 {_fmt(agreed['overlap_f1'])}, "
                   f"Krippendorff's α {_fmt(agreed['krippendorff_alpha'])}")
    return out


@click.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--set", "source", type=click.Path(exists=True, dir_okay=False),
              help="Replace the guidelines with this Markdown file (UTF-8).")
def guidelines(project: str, source: str | None) -> None:
    """Print PROJECT's annotation guidelines (Markdown), or set them with --set FILE.md.
    They travel with every pack and show under Help ▸ Guidelines."""
    from annotator.cli import _errors, _open, _read

    with _errors(project):
        if source is None:
            with _read(project) as store:
                text = store.guidelines()
            if text:
                click.echo(text.rstrip("\n"))
            else:
                click.echo("(no guidelines yet: annotator guidelines PROJECT --set FILE.md)",
                           err=True)
            return
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as e:
            from annotator.core.errors import InvalidInput

            raise InvalidInput(f"not UTF-8 text ({e.reason} at byte {e.start})", source) from None
        store = _open(project)
        try:
            store.set_guidelines(text)
        finally:
            store.close()
    click.echo(f"Guidelines set from {source} ({len(text.splitlines()):,} lines)")


