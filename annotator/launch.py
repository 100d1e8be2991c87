"""The `annotator` command's entry point. `annotator` alone opens the app on the default
project without loading the command line's machinery (click and the commands' module: about
15 ms of the window's start); anything else is annotator.cli's to parse."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) == 1:  # what `annotator` alone runs: the `gui` command, no project
        from annotator.ui.app import run

        sys.exit(run(None))
    from annotator.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
