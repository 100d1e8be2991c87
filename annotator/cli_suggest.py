"""`annotator suggest`: run suggestion sources over a project's documents; and the
suggestions layer's export and scores, for `export --suggestions` and
`agreement --suggestions`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotator.cli import _errors, _open, _read, fmt
from annotator.core.models import STATUSES


@click.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--quotes", is_flag=True, help="Quotes and their speakers, by news rules.")
@click.option("--patterns", "patterns_file", type=click.Path(exists=True, dir_okay=False),
              help="Strings and token patterns from a patterns file in Prodigy's format.")
@click.option("--from-spans", is_flag=True,
              help="Other occurrences of strings the project has labelled already.")
@click.option("--model", is_flag=True, help="The span model trained on this project.")
@click.option("--status", type=click.Choice(STATUSES),
              help="Only documents with this status for --annotator.")
@click.option("--annotator", "-a", help="Whose status --status means (and whose spans "
              "--from-spans learns from; default: everyone's).")
def suggest(project: str, quotes: bool, patterns_file: str | None, from_spans: bool,
            model: bool, status: str | None, annotator: str | None) -> None:
    """Pre-annotate PROJECT: store what the chosen sources suggest for each document, in
    place of what they suggested before (rejected suggestions stay rejected). Suggestions
    are not annotations: they show in the app until accepted or rejected, and are in no
    export, count or agreement figure unless asked for with --suggestions."""
    from annotator.core.suggest.run import make_sources, suggest_documents

    chosen: dict[str, dict] = {}
    if quotes:
        chosen["quotes"] = {}
    if patterns_file:
        chosen["patterns"] = {"path": patterns_file}
    if from_spans:
        chosen["spans"] = {"annotator": annotator} if annotator else {}
    if model:
        chosen["model"] = {}
    if not chosen:
        raise click.UsageError("choose a source: --quotes, --patterns FILE, --from-spans "
                               "or --model")
    if status and not annotator:
        raise click.UsageError("--status needs --annotator (whose status it is)")
    with _errors(project):
        store = _open(project)
        try:
            sources = make_sources(store, chosen)
            ids = (store.document_ids(annotator, status) if status
                   else [d.id for d in store.documents()])
            with click.progressbar(length=len(ids), label="Suggesting", file=sys.stderr,
                                   show_pos=True) as bar:
                done = [0]

                def progress(n: int) -> None:
                    bar.update(n - done[0])
                    done[0] = n

                report = suggest_documents(store, sources, ids, progress)
        finally:
            store.close()
    click.echo(report.summary())


def export_suggestions(project: str, output: str | None) -> None:
    """`export --suggestions`: the suggestions layer in our JSONL."""
    from annotator.core.suggest import export

    with _errors(project):
        with _read(project) as store:
            if output is None:
                n = export.write(store, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                partial = Path(output + ".partial")
                with open(partial, "wb") as out:
                    n = export.write(store, out)
                partial.replace(output)
    click.echo(f"Exported the suggestions of {n:,} document{'s' * (n != 1)}"
               + (f" to {output}" if output else ""), err=True)


def agreement_suggestions(project: str, annotators: str | None, as_json: bool) -> None:
    """`agreement --suggestions`: each source's suggestions against an annotator or gold."""
    import orjson

    from annotator.core.models import GOLD
    from annotator.core.suggest.scores import score
    from annotator.core.wording import plural

    names = [n.strip() for n in (annotators or GOLD).split(",") if n.strip()]
    with _errors(project):
        with _read(project) as store:
            results = [score(store, name) for name in names]
            if annotators is None and not results[0]["documents"]:
                # No gold yet: against each annotator who has labelled something.
                results = [score(store, name) for name in store.annotators()
                           if name != GOLD] or results
    if as_json:
        click.echo(orjson.dumps(results, option=orjson.OPT_INDENT_2).decode())
        return

    for result in results:
        click.echo(f"Suggestions against {result['reference']} "
                   f"({plural(result['documents'], 'document')}): exact spans")
        if not result["documents"]:
            click.echo(f"  {result['reference']} has labelled no document yet: name an annotator "
                       "who has with --annotators")
            continue
        if not result["sources"]:
            click.echo("  no suggestions on these documents")
        click.echo(f"{'source / label':<28}{'precision':>10}{'recall':>9}{'F1':>9}"
                   f"{'found':>7}{'wrong':>7}{'missed':>7}")
        for source, row in result["sources"].items():
            for name, r in [(source, row), *((f"  {k}", v) for k, v in row["labels"].items()),
                            ("  links", row["links"])]:
                click.echo(f"{name:<28}{fmt(r['precision']):>10}{fmt(r['recall']):>9}"
                           f"{fmt(r['f1']):>9}{r['tp']:>7}{r['fp']:>7}{r['fn']:>7}")
