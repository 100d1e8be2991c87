"""`annotator train`: a span model from the project's finished documents, for suggestions."""

from __future__ import annotations

import sys

import click

from annotator.core.models import STATUSES


@click.command("train")
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--annotator", "-a", help="Learn from this annotator's documents only.")
@click.option("--gold", is_flag=True, help="Learn from the gold layer only.")
@click.option("--status", type=click.Choice(STATUSES), default="done", show_default=True,
              help="Learn from documents with this status (the gold layer: every document "
                   "that has one).")
@click.option("--epochs", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="Passes over the documents.")
def train(project: str, annotator: str | None, gold: bool, status: str, epochs: int) -> None:
    """Train a span model on PROJECT's finished documents (spaCy, CPU, a blank English
    pipeline: nothing is downloaded) and store it beside the project as PROJECT.model/,
    where the `model` suggestion source reads it. By default a document's gold layer is
    learnt where it has one, else every annotator's done layer. Needs spaCy:
    pip install 'annotator[spacy]'."""
    from annotator.cli import _errors, _read
    from annotator.core.train import train_project

    if gold and annotator:
        raise click.UsageError("--annotator and --gold: choose one")

    def progress(epoch) -> None:
        if epoch is not None:
            click.echo(str(epoch), err=True)

    with _errors(project):
        store = _read(project)
        try:
            report = train_project(store, annotator=annotator, gold=gold, status=status,
                                   epochs=epochs, progress=progress)
        except KeyboardInterrupt:  # Ctrl+C: nothing was written
            click.echo("Cancelled: the model that was there is kept", err=True)
            sys.exit(1)
        finally:
            store.close()
    click.echo(report.summary())
