"""The command line: parse, call the core, print. Qt is loaded only by the `gui` command.

Start-up is paid by every command, so this module imports little at its top (click and a
few light modules; a test checks that neither Qt nor sqlite-utils comes with it): each
command imports what it uses inside its function.

A command in a module of its own (`annotator/cli_<topic>.py`, a click command) is registered
at the end of this file in one of two ways:

    main.add_command(cli_topic.command)          # imported at every start: keep it light
    main.add_lazy_command("name", "annotator.cli_topic:command",
                          "The one-line help `annotator --help` shows.")

The second imports the module only when that command runs (or its own --help is asked for);
`annotator --help` lists it with the help given here.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

import click

from annotator import __version__
from annotator.core.errors import AnnotatorError, one_line
from annotator.core.formats.registry import EXPORTS, READERS
from annotator.core.models import STATUSES


class _Main(click.Group):
    """`annotator [PROJECT]` opens the GUI; `annotator COMMAND ...` runs a command. Commands
    registered with `add_lazy_command` are imported when they run."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = {}  # name -> ("module:attribute", short help)

    def add_lazy_command(self, name: str, where: str, short_help: str) -> None:
        self.lazy[name] = (where, short_help)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            module, attribute = self.lazy[name][0].split(":")
            self.add_command(getattr(import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list in `annotator --help`, without importing the lazy commands."""
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, self.lazy[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = {*self.commands, *self.lazy}
        if not args or (args[0] not in known and not args[0].startswith("-")):
            args = ["gui", *args]
        return super().parse_args(ctx, args)


@contextmanager
def _errors(project: str = ""):
    """Our errors become one line on stderr and exit code 1, never a traceback."""
    try:
        yield
    except AnnotatorError as e:
        click.echo(f"Error: {one_line(str(e))}", err=True)
        sys.exit(1)
    except BrokenPipeError:  # `annotator export P | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")
        sys.exit(0)
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        click.echo(f"Error: {one_line(f'{where}{e.strerror or e}')}", err=True)
        sys.exit(1)
    except sqlite3.Error as e:  # met while reading rows: say what it means, like Store does
        from annotator.core.store import user_error

        known = user_error(e, Path(project) if project else None)
        if known is not None:
            message = str(known)
        elif "locked" in str(e) or "busy" in str(e):
            message = (f"{project}: the project is locked by another program; try again when "
                       "it has finished")
        elif type(e) is sqlite3.DatabaseError:
            message = f"{project}: the project file is damaged ({e})"
        else:
            raise
        click.echo(f"Error: {message}", err=True)
        sys.exit(1)


def _open(project: str, create: bool = False):
    """Open PROJECT to change it: refused while another window or process writes to it."""
    from annotator.core.store import Store

    return Store.open(project, create=create)


@contextmanager
def _writing(project: str):
    """PROJECT opened to change it, created if missing; a project this command created is
    removed again when the command fails (a refused import or merge leaves none behind)."""
    new = not Path(project).exists()
    store = _open(project, create=True)
    done = False
    try:
        yield store
        done = True
    finally:
        store.close()
        if new and not done:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(project + suffix).unlink(missing_ok=True)


def fmt(value: float | None) -> str:
    """A score in a table column: three decimals, a dash where it is undefined."""
    return "   -  " if value is None else f"{value:6.3f}"


def _read(project: str):
    """Open PROJECT to read it: works while the app has it open for writing."""
    from annotator.core.project import open_for_reading

    return open_for_reading(project)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
def main() -> None:
    """Label news text: exact offsets, offline, one SQLite file per project.

    Run `annotator` alone to open the app on your default project, or
    `annotator PROJECT` to open (or create) a project file.
    """


@main.command()
@click.argument("project", required=False, type=click.Path(dir_okay=False))
@click.option("--close-when-shown", is_flag=True, hidden=True,
              help="Show the window, print its title, close it (tools/check_build.py).")
def gui(project: str | None, close_when_shown: bool) -> None:
    """Open the app on PROJECT (default: your default project, seeded with samples)."""
    from annotator.ui.app import run

    sys.exit(run(project, close_when_shown=close_when_shown))


_IMPORT_HELP = f"""Import files ending in {', '.join(READERS)} into PROJECT (a folder is
walked for them, except .json files, which are read only when named).

A .txt file is one document; a saved web page (.html) is its article's text, with title,
outlet, url, author, date and language in meta; a crawl archive (.warc, .warc.gz) is read
for its HTML pages; a .csv/.tsv file is a row per document (--text-column and friends name
the columns; the others go into meta). JSON Lines may be annotator's own shape, Prodigy's (`spans`) or
doccano's (`label: [[start, end, "LABEL"]]`, or `entities`/`relations`); a brat .ann file
takes its text from the .txt beside it; a .json file is a Label Studio export. The project
is created if missing. Nothing is written unless every line is valid.
"""


@main.command("import", help=_IMPORT_HELP)
@click.argument("project", type=click.Path(dir_okay=False))
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--annotator", "-a", help="Store the files' spans under this annotator name.")
@click.option("--encoding", help="Decode text files with this encoding instead of UTF-8.")
@click.option("--offsets", type=click.Choice(["codepoints", "utf16"]), default="codepoints",
              show_default=True,
              help="How a Label Studio file counts offsets (some versions wrote UTF-16 units).")
@click.option("--id-field", metavar="FIELD",
              help="Label Studio: the task data field that holds the document's id "
                   "(default: our uid, else the task's id).")
@click.option("--text-column", metavar="NAME",
              help="CSV/TSV (and JSONL in another's shape): the column with the text.")
@click.option("--id-column", metavar="NAME", help="The column with each document's id.")
@click.option("--title-column", metavar="NAME", help="The column with each title.")
@click.option("--duplicates", type=click.Choice(["mark", "skip", "keep"]),
              help="A copy of another article (same text, or a near copy): mark it (its meta "
                   "names the original), skip it, or keep it unmarked. Default: web pages, "
                   "crawls and tables are marked; given, it applies to every file (JSONL "
                   "shards from `annotator extract` too).")
def import_(project: str, files: tuple[str, ...], annotator: str | None,
            encoding: str | None, offsets: str, id_field: str | None,
            text_column: str | None, id_column: str | None, title_column: str | None,
            duplicates: str) -> None:
    from annotator.core.formats.registry import ReadOptions
    from annotator.core.importer import expand, import_paths

    options = ReadOptions(encoding, offsets, id_field, text_column, id_column, title_column)
    with _errors(project):
        expand(files)  # a missing file or an unknown type is refused before the project is made
        with _writing(project) as store:
            report = import_paths(store, files, annotator=annotator, options=options,
                                  duplicates=duplicates)
    click.echo(report.summary())


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(writable=True),
              help="Write to this file (a folder for brat) instead of standard output.")
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORTS), default="jsonl",
              show_default=True, help="The shape to write (see README: File formats).")
@click.option("--annotator", "-a", help="Only this annotator's work (a line for every document).")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
@click.option("--gold", is_flag=True,
              help="The adjudicated gold layer; each span lists the annotators who agreed.")
@click.option("--labels", help="Only these labels (comma-separated).")
@click.option("--tokens", is_flag=True, help="jsonl: add each document's token list.")
@click.option("--suggestions", is_flag=True,
              help="jsonl: the suggestions instead (source, score, attributes; links).")
def export(project: str, output: str | None, fmt: str, annotator: str | None,
           status: str | None, gold: bool, labels: str | None, tokens: bool,
           suggestions: bool) -> None:
    """Export PROJECT: one record per document and annotator, in our JSONL or another
    tool's shape. `hf` also writes OUTPUT.labels.json (what the tag numbers mean); `brat`
    writes a folder OUTPUT with a subfolder per annotator."""
    if suggestions:
        from annotator.cli_suggest import export_suggestions

        if fmt != "jsonl" or annotator or status or gold or labels or tokens:
            raise click.UsageError("--suggestions writes our JSONL of every suggestion; it "
                                   "takes no other choice but -o")
        return export_suggestions(project, output)
    from annotator.core.exporter import ExportReport, chunks, export_to_path
    from annotator.core.exporter import selection as selected
    from annotator.core.formats.registry import get

    form = get(fmt)
    if not form.to_stdout and output is None:
        why = ("a folder" if form.folder else "a binary file" if form.stream is None
               else "more than one file")
        raise click.UsageError(f"--format {fmt} needs -o (it writes {why})")
    if not form.folder and output is not None and Path(output).is_dir():
        raise click.UsageError(f"{output} is a folder; --format {fmt} writes one file")
    report = ExportReport()
    with _errors(project):
        with _read(project) as store:
            selection = selected(annotator, status, gold, labels.split(",") if labels else None)
            if output is None:
                for part in chunks(store, fmt, report, tokens, **selection):
                    sys.stdout.buffer.write(part)
                sys.stdout.buffer.flush()
            else:
                export_to_path(store, fmt, Path(output), report, tokens=tokens, **selection)
    click.echo(report.summary() + (f" to {output}" if output else ""), err=True)


@main.command()
@click.argument("project", type=click.Path(dir_okay=False))
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True,
              help="Where a source's annotator layer differs from the project's, take the "
                   "source's.")
@click.option("--accept-unanimous", is_flag=True,
              help="Afterwards, put every span all annotators agree on into the gold layer.")
def merge(project: str, sources: tuple[str, ...], replace: bool,
          accept_unanimous: bool) -> None:
    """Merge other annotators' project files and JSONL exports into PROJECT.

    Documents are matched by id, else by text; spans keep their annotator. Merging the same
    source twice adds nothing; two sources claiming the same annotator on the same document
    is an error (unless --replace). Nothing is written unless everything merges.
    """
    from annotator.core import review
    from annotator.core.merge import merge_paths
    from annotator.core.undo import UndoStack
    from annotator.core.wording import plural

    with _errors(project):
        with _writing(project) as store, store.transaction():
            report = merge_paths(store, sources, replace=replace)
            gold = 0
            if accept_unanimous:
                stack = UndoStack(store, "merge")
                gold = sum(review.accept_unanimous(stack, d.id) for d in store.documents())
    click.echo(report.summary())
    if accept_unanimous:
        click.echo(f"{plural(gold, 'unanimous span')} accepted into the gold layer")


@main.command("agreement")
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--annotators", help="Comma-separated names (default: everyone but gold).")
@click.option("--label", help="Only spans with this label.")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@click.option("--suggestions", is_flag=True,
              help="Score each suggestion source against --annotators (default: gold).")
def agreement_(project: str, annotators: str | None, label: str | None, as_json: bool,
               suggestions: bool) -> None:
    """Inter-annotator agreement: span F1 (exact and overlap), Cohen's and Fleiss' kappa,
    Krippendorff's alpha, relation F1; per pair, label and document."""
    if suggestions:
        from annotator.cli_suggest import agreement_suggestions

        return agreement_suggestions(project, annotators, as_json)
    import orjson

    from annotator.core.agreement import agreement, compared_annotators

    names = [n.strip() for n in annotators.split(",") if n.strip()] if annotators else None
    with _errors(project):
        with _read(project) as store:
            result = agreement(store, compared_annotators(store, names), label)
    if as_json:
        click.echo(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
        return

    overall = result["overall"]
    click.echo(f"Annotators: {', '.join(result['annotators'])}"
               + (f" · label {label}" if label else ""))
    click.echo(f"Overall   exact F1 {fmt(overall['exact_f1'])}  overlap F1 "
               f"{fmt(overall['overlap_f1'])}  Fleiss κ {fmt(overall['fleiss_kappa'])}  "
               f"Krippendorff α {fmt(overall['krippendorff_alpha'])}  relation F1 "
               f"{fmt(overall['relation_f1'])}")
    click.echo(f"\n{'pair':<28}{'exact F1':>9}{'overlap':>9}{'Cohen κ':>9}{'rel. F1':>9}")
    for p in result["pairs"]:
        click.echo(f"{p['a'] + ' × ' + p['b']:<28}{fmt(p['exact_f1']):>9}"
                   f"{fmt(p['overlap_f1']):>9}{fmt(p['cohen_kappa']):>9}"
                   f"{fmt(p['relation_f1']):>9}")
    click.echo(f"\n{'label':<28}{'exact F1':>9}{'overlap':>9}")
    for name, row in result["per_label"].items():
        click.echo(f"{name:<28}{fmt(row['exact_f1']):>9}{fmt(row['overlap_f1']):>9}")
    rows = [(name, row) for name, row in result["attributes"].items()] + [
        (f"document {name}", row) for name, row in result["document_attributes"].items()]
    if rows:  # on the spans the pair agree on (extent and label); documents both have
        click.echo(f"\n{'attribute':<28}{'units':>9}{'agreed':>9}{'Cohen κ':>9}")
        for name, row in rows:
            click.echo(f"{name:<28}{row['units']:>9}{fmt(row['observed']):>9}"
                       f"{fmt(row['cohen_kappa']):>9}")


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(project: str, as_json: bool) -> None:
    """Documents, spans per label and annotator, and documents done in PROJECT."""
    import orjson

    from annotator.core.wording import plural

    with _errors(project):
        with _read(project) as store:
            figures = store.stats()
    if as_json:
        click.echo(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())
        return
    click.echo(f"Project:   {figures['project']}")
    click.echo(f"Documents: {figures['documents']}")
    click.echo(f"Relations: {figures['relations']}")
    names = sorted(set(figures["spans"]) | set(figures["status"]))
    if not names:
        click.echo("No annotations yet.")
    for name in names:
        by_label = figures["spans"].get(name, {})
        done = figures["status"].get(name, {}).get("done", 0)
        click.echo(f"\n{name}: {plural(sum(by_label.values()), 'span')}, "
                   f"{plural(done, 'document')} done")
        for label, n in by_label.items():
            click.echo(f"  {label:<20} {n:>7}")


@main.command()
@click.argument("project", type=click.Path(dir_okay=False))
@click.option("--set", "scheme", type=click.Path(exists=True, dir_okay=False),
              help="Replace the label scheme with this JSON file (see resources/schemes/).")
@click.option("--json", "as_json", is_flag=True, help="Print the scheme as JSON.")
def labels(project: str, scheme: str | None, as_json: bool) -> None:
    """Show PROJECT's label scheme, or replace it with --set SCHEME.json."""
    from annotator.core.labels import read_scheme_file, scheme_json

    with _errors(project):
        labels_to_set, document = read_scheme_file(Path(scheme)) if scheme else (None, ())
        store = _open(project, create=True) if scheme else _read(project)
        try:
            if labels_to_set:
                with store.transaction():
                    store.set_labels(labels_to_set)
                    store.set_document_attributes(document)
            current = store.labels()
            document = store.document_attributes()
        finally:
            store.close()
    if as_json:
        click.echo(scheme_json(current, document).decode())
        return
    for lb in current:
        key = lb.key or "-"
        rule = f"[{lb.rule()}] " if lb.constrained else ""
        click.echo(f"{key:>3}  {lb.name:<18} {lb.kind:<9} {lb.color}  {rule}{lb.description}")
        for a in lb.attributes:
            click.echo(f"{'':>5}{a.name}: {' / '.join(a.values)}")
    for a in document:
        click.echo(f"  document {a.name}: {' / '.join(a.values)}")


@main.command()
@click.argument("project", type=click.Path(dir_okay=False))
def restore(project: str) -> None:
    """Put back the automatic backup beside a damaged PROJECT (PROJECT.schemaN.bak, taken
    before the project was last upgraded). Nothing is deleted: the current file is kept as
    PROJECT.damaged. Work done since the backup is not in it."""
    from annotator.core.store import find_backup, restore_backup

    with _errors(project):
        backup = find_backup(Path(project))
        kept = restore_backup(project, backup)
    click.echo(f"Restored {project} from {backup}; the file it replaced is kept as {kept}")


main.add_lazy_command("suggest", "annotator.cli_suggest:suggest",
                      "Suggest spans and links for PROJECT's documents from chosen sources.")
main.add_lazy_command("assign", "annotator.cli_team:assign",
                      "Give out PROJECT's unassigned documents: one pack per annotator.")
main.add_lazy_command("progress", "annotator.cli_team:progress",
                      "How far the team is: per annotator, and agreement so far.")
main.add_lazy_command("guidelines", "annotator.cli_team:guidelines",
                      "Print PROJECT's annotation guidelines, or set them with --set.")
main.add_lazy_command("train", "annotator.cli_train:train",
                      "Train a span model on PROJECT's finished documents.")
main.add_lazy_command("extract", "annotator.cli_news:extract",
                      "Extract articles from pages or crawls into JSONL shards.")

if __name__ == "__main__":
    main()
