"""`annotator extract`: pages, crawls and tables -> clean articles in JSONL shards, without a
project (for a crawl too large for one desktop, or to split the work among machines)."""

from __future__ import annotations

import click


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "shards", required=True, type=click.Path(file_okay=False),
              help="The folder the shards are written to (made if missing).")
@click.option("--shard-size", default=10_000, show_default=True, type=click.IntRange(1),
              help="Articles per shard file.")
@click.option("--duplicates", type=click.Choice(["mark", "skip", "keep"]), default="mark",
              show_default=True, help="Copies within these inputs: mark, skip or keep.")
@click.option("--workers", type=click.IntRange(1),
              help="Extraction processes (default: one per core).")
@click.option("--text-column", metavar="NAME", help="Tables: the column with the text.")
@click.option("--id-column", metavar="NAME", help="Tables: the column with the id.")
@click.option("--title-column", metavar="NAME", help="Tables: the column with the title.")
@click.option("--encoding", help="Decode files with this encoding instead of UTF-8.")
def extract(inputs, shards, shard_size, duplicates, workers, text_column, id_column,
            title_column, encoding) -> None:
    """Extract the articles of INPUTS (saved pages, folders, WARC crawls, CSV/TSV/JSONL
    tables) into SHARDS/part-00000.jsonl, ... — our JSONL ({"id", "title", "text",
    "meta"}), which `annotator import PROJECT SHARDS/ --duplicates mark` reads (and finds
    the copies between shards)."""
    from pathlib import Path

    from annotator.cli import _errors
    from annotator.core.formats.registry import ReadOptions
    from annotator.core.news.pipeline import write_shards

    options = ReadOptions(encoding, text_column=text_column, id_column=id_column,
                          title_column=title_column, workers=workers)
    with _errors():
        report = write_shards(inputs, Path(shards), options, duplicates, shard_size)
    click.echo(report)
