"""The floor typer allows: an app whose one command does nothing.

The benchmark runs ``python typer_noop.py FILE`` beside ``subconv check FILE``, so the
start-up ratio shows what subconv adds on top of importing typer and parsing argv.
Settings match subconv's app (no completion, no rich markup, no pretty exceptions).
"""

from typing import Annotated

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def main(path: Annotated[str, typer.Argument()]) -> None:
    """Do nothing with PATH."""


if __name__ == "__main__":
    app()
