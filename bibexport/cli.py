"""The ``bibexport`` command line: parse options, call :mod:`bibexport.api`, report.

Exit codes: 0 success (warnings may be printed), 1 data problems under ``--strict`` or an
error, 2 usage error.  Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from . import api, registry
from .errors import BibexportError, KeyFormatError, StrictError
from .keys import KeyFormat
from .model import Record
from .readers import ReadResult

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """Per-run settings shared by every command (verbosity)."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.key_format: KeyFormat | None = None  # set by --key-format
        self.keys_from: str | None = None  # set by --keys-from

    def warn(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def info(self, message: str) -> None:
        if self.verbose:
            click.echo(message, err=True)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-05-31") from None


def _key_format(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    try:
        ctx.ensure_object(State).key_format = KeyFormat.parse(value) if value is not None else None
    except KeyFormatError as exc:
        raise click.BadParameter(str(exc)) from None


def _keys_from(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    ctx.ensure_object(State).keys_from = value


def input_options(func: F) -> F:
    """INPUT... plus --from, --as-of and --strict: how records are read."""
    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(allow_dash=True)),
        click.option(
            "--from", "from_", metavar="FORMAT",
            type=click.Choice(registry.readable(), case_sensitive=False),
            help="Input format; default: from the file suffix, else from the content.",
        ),
        click.option(
            "--as-of", callback=_parse_date, metavar="DATE",
            help="Resolve listing dates without a year (e.g. 'Jan 28') relative to DATE "
            "(YYYY-MM-DD); default today.",
        ),
        click.option("--strict", is_flag=True, help="Fail (exit 1, write nothing) if any input has a problem."),
        click.option("--rekey", is_flag=True, help="Replace keys that came with the input by generated ones."),
        click.option("--key-format", metavar="TEMPLATE", expose_value=False, callback=_key_format,
                     help="Citation key template, e.g. '{authors:2}{year}{title:2}'; default "
                     "'{author}{year}{title}' (see README, 'Citation keys')."),
        click.option("--keys-from", metavar="FILE", expose_value=False, callback=_keys_from,
                     type=click.Path(exists=True, dir_okay=False),
                     help="Reuse the keys of an earlier export (.bib or .json) for the records it holds; "
                     "new records get keys it does not use."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def load(state: State, inputs: Sequence[str], from_: str | None, as_of: dt.date | None,
         strict: bool, rekey: bool) -> tuple[Record, ...]:
    """Read, report problems, and key the records (the first half of every command)."""
    result = api.read_all(list(inputs), from_, as_of=as_of)
    pinned = api.read(state.keys_from) if state.keys_from else ReadResult()
    problems = result.problems + pinned.problems
    for problem in problems:
        state.warn(str(problem))
    if strict and problems:
        raise StrictError(f"{len(problems)} problem(s) in the input and --strict was given")
    state.info(f"read {len(result.records)} record(s)")
    return api.prepare(result.records, rekey=rekey, key_format=state.key_format, keys_from=pinned.records)


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BibexportError as exc:
            click.echo(f"bibexport: error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Print what is being done.")
@click.version_option(package_name="bibexport")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn paper listings and bibliography files into citation files.

    \b
    Example:
      bibexport export --to csljson -o papers.json
    """
    ctx.obj = State(quiet=quiet, verbose=verbose)


@main.command()
@input_options
@click.option("-t", "--to", metavar="FORMAT", type=click.Choice(registry.writable(), case_sensitive=False),
              help="Output format; default: from the -o suffix.")
@click.option("-o", "--output", metavar="FILE", default=api.STDIO, show_default=True,
              help="Output file, written atomically; '-' is stdout.")
@click.pass_obj
@handle_errors
def export(state: State, inputs: tuple[str, ...], from_: str | None, as_of: dt.date | None,
           strict: bool, rekey: bool, to: str | None, output: str) -> None:
    """Convert INPUT files (default: the shipped listing) to another format.

    \b
    Examples:
      bibexport export --to csljson > papers.json
      bibexport export my-listing.txt -o refs.json
      cat listing.txt | bibexport export - --to csljson
    """
    fmt = api.output_format(to, output)
    records = load(state, inputs, from_, as_of, strict, rekey)
    emit(api.write(records, fmt), output)


@main.command()
@input_options
@click.pass_obj
@handle_errors
def keys(state: State, inputs: tuple[str, ...], from_: str | None, as_of: dt.date | None,
         strict: bool, rekey: bool) -> None:
    """Print the citation key, year and title of every record, one per line.

    \b
    Example:
      bibexport keys refs.bib
    """
    records = load(state, inputs, from_, as_of, strict, rekey)
    emit("".join(f"{r.id}\t{r.year or ''}\t{r.title}\n" for r in records), api.STDIO)


@main.command()
def formats() -> None:
    """List the formats bibexport reads and writes.

    \b
    Example:
      bibexport formats
    """
    for fmt in registry.FORMATS.values():
        modes = "".join(("r" if fmt.reader else "-", "w" if fmt.writer else "-"))
        click.echo(f"{fmt.name:<10} {modes}  {' '.join(fmt.suffixes):<16} {fmt.description}")


def emit(text: str, output: str) -> None:
    """Write command output to stdout or, atomically, to a file."""
    if output == api.STDIO:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    else:
        api.save(text, output)
