"""The library API: read, normalize, filter, key and write.  The CLI is a thin layer on this."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import filters, merge, progress, registry
from .errors import InputError, OutputError, Problem
from .keys import KeyFormat, assign_keys, key_changes
from .model import Record
from .normalize import normalize
from .readers import ReadResult
from .resources import default_listing
from .text import decode

if TYPE_CHECKING:
    from .citations import Cited

STDIO = "-"
FORMATTED = ("text", "html", "markdown")  # output formats that are reference lists (CSL styles)


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """Options every writer receives; each uses the ones that apply to it."""

    ascii: bool = False  # BibTeX: LaTeX escapes instead of UTF-8
    # Formatted output: CSL style name or path, and locale; None is styles.DEFAULT_STYLE and
    # styles.DEFAULT_LOCALE, applied by the writer (bibexport.styles loads citeproc: not imported here).
    style: str | None = None
    locale: str | None = None


def detect_format(text: str, path: str | None = None) -> registry.Format:
    """Format from the file suffix, else from the content."""
    if path and path != STDIO:
        by_suffix = registry.for_suffix(path, writing=False)
        if by_suffix:
            return by_suffix
    sniffed = registry.sniff(text)
    if sniffed:
        return sniffed
    raise InputError(
        f"{'<stdin>' if path in (None, STDIO) else path}: cannot tell the input format; pass --from "
        f"({', '.join(registry.readable())})"
    )


def read_text(
    text: str, fmt: str | None = None, *, source: str = "<input>", as_of: dt.date | None = None
) -> ReadResult:
    """Parse ``text`` in format ``fmt`` (detected when None) into normalized records and problems.

    Every reader takes ``as_of`` (the listing reader uses it, the others ignore it).
    """
    format_ = registry.get(fmt) if fmt else detect_format(text, source)
    result: ReadResult = format_.load_reader()(text, source, as_of=as_of)
    return ReadResult(tuple(map(normalize, result.records)), result.problems)


def read(
    path: str | Path, fmt: str | None = None, *, as_of: dt.date | None = None, encoding: str | None = None
) -> ReadResult:
    """Read one file (``-`` is stdin) into records and problems.

    ``encoding`` (``--encoding``) names the file's encoding; by default UTF-8 (or UTF-16 with a
    byte-order mark), else a legacy encoding guessed and named in a warning
    (:func:`bibexport.text.guess_encoding`).
    """
    name = str(path)
    if name == STDIO:
        data, source = sys.stdin.buffer.read(), "<stdin>"
    else:
        try:
            data, source = Path(path).read_bytes(), name
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    text, problems = decode(data, source, encoding)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        message = "binary data (a NUL byte), not text; nothing read (UTF-16 needs a byte-order mark)"
        return ReadResult((), (Problem(message, source, line, "error"),))
    if not text.strip():
        return ReadResult((), (Problem("empty input, no records (is this the right file?)", source, 1),))
    if fmt is None:
        fmt = detect_format(text, name).name
    with progress.phase(f"reading {source}", text.count("\n") + 1 if progress.active() else 0,
                        long=len(text) >= 4_000_000):  # a large file: the bar from the start
        result = read_text(text, fmt, source=source, as_of=as_of)
    hint = _nothing_of_format(text, fmt, source, result.problems) if not result.records else []
    return ReadResult(result.records, (*problems, *result.problems, *hint))


_LABELS = {"listing": "listing", "csljson": "CSL-JSON", "cslyaml": "CSL-YAML", "bibtex": "BibTeX", "biblatex": "BibLaTeX",
           "ris": "RIS"}


def _nothing_of_format(text: str, fmt: str, source: str, reported: Sequence[Problem]) -> list[Problem]:
    """A warning for non-blank text that gave no record: what its content looks like, and the ``--from``
    that reads it (CSL-JSON saved as ``.bib``), or that it is in no format bibexport reads.

    Nothing when the text looks like ``fmt`` and its reader already said what was wrong.
    """
    read_as = registry.get(fmt)
    looks = registry.sniff(text)
    label = _LABELS.get(read_as.name, read_as.name)
    line = next(i for i, content in enumerate(text.splitlines(), 1) if content.strip())
    if looks is not None and looks.reader != read_as.reader:
        other = _LABELS.get(looks.name, looks.name)
        return [Problem(f"no {label} records: the content looks like {other}; pass --from {looks.name}",
                        source, line)]
    if reported:
        return []
    if looks is None:
        return [Problem(f"no {label} records, and the content is in no format bibexport reads "
                        "(see `bibexport formats`); is this the right file?", source, line)]
    return [Problem(f"no {label} records in this file; is this the right file?", source, line)]


def check_file(
    path: str | Path, fmt: str | None = None, *, as_of: dt.date | None = None, encoding: str | None = None
) -> ReadResult:
    """:func:`read`, plus what ``bibexport check`` also looks for (:mod:`bibexport.lint`): in a BibTeX
    file, months, years and required fields as JabRef and biber check them; in any file, keys that
    are not ASCII.  Problems in line order."""
    from . import lint  # only check needs it

    result = read(path, fmt, as_of=as_of, encoding=encoding)
    found = lint.check_keys(result.records)
    name = str(path)
    if name != STDIO and result.records:  # the text again (stdin cannot be read twice)
        text = decode(Path(path).read_bytes(), name, encoding)[0]
        if (registry.get(fmt) if fmt else detect_format(text, name)).reader == registry.get("bibtex").reader:
            found += lint.check_bibtex(text, name)
    if not found:
        return result
    problems = sorted((*result.problems, *found), key=lambda p: p.line or 0)
    return ReadResult(result.records, tuple(problems))


def read_all(
    paths: Sequence[str | Path], fmt: str | None = None, *, as_of: dt.date | None = None,
    encoding: str | None = None,
) -> ReadResult:
    """Read several inputs into one result; no paths means the shipped default listing."""
    if not paths:
        paths = [default_listing()]
        fmt = fmt or "listing"
    result = ReadResult()
    for path in paths:
        result = result + read(path, fmt, as_of=as_of, encoding=encoding)
    return result


def load(
    paths: Iterable[str | Path],
    fmt: str | None = None,
    *,
    as_of: dt.date | None = None,
    keep_duplicates: bool = False,
    keys_from: str | Path | None = None,
    rekey: bool = False,
    key_format: str | KeyFormat | None = None,
    duplicates: merge.Duplicates | None = None,
    encoding: str | None = None,
) -> ReadResult:
    """Read every input (none: the shipped listing) into one result of keyed records, as the CLI does.

    A paper read from two inputs (same title, first author and year) is kept once unless
    ``keep_duplicates``; ``duplicates`` (:class:`bibexport.merge.Duplicates`) chooses other rules,
    a merge strategy, and duplicates within one input too (by default entries of one input with
    different keys are different records).  The records get their keys from :func:`prepare`, reusing those of the earlier export
    ``keys_from``; an input key that is not kept is a warning.  Bad data comes back as problems;
    only an input that cannot be read at all raises.
    """
    results = [read(path, fmt, as_of=as_of, encoding=encoding) for path in paths] or [read_all([], fmt, as_of=as_of)]
    result = merge.merge(results, keep_duplicates=keep_duplicates, duplicates=duplicates)
    pinned = read(keys_from) if keys_from else ReadResult()
    records = prepare(result.records, rekey=rekey, key_format=key_format, keys_from=pinned.records)
    reported = {(p.source, p.line) for p in result.problems if "duplicate citation key" in p.message}
    renamed = [p for p in key_changes(result.records, records, rekey=rekey, keys_from=pinned.records)
               if (p.source, p.line) not in reported]  # a BibTeX reader warns of a key repeated in its file
    return ReadResult(records, result.problems + pinned.problems + tuple(renamed))


def prepare(
    records: Iterable[Record],
    *,
    rekey: bool = False,
    key_format: str | KeyFormat | None = None,
    keys_from: Iterable[Record] = (),
) -> tuple[Record, ...]:
    """Give records their citation keys (the step every writer needs).

    ``key_format`` is a key template (default ``{author}{year}{title}``); ``keys_from`` are
    the records of an earlier export (``read(path).records``), whose keys are reused for
    the same papers and never given to new ones.  Keys from the input are kept unless ``rekey``.
    """
    return assign_keys(list(records), rekey=rekey, key_format=key_format, keys_from=keys_from)


def read_citations(documents: Iterable[str | Path]) -> Cited:
    """The keys LaTeX (``.aux``, ``.tex``) or pandoc Markdown documents cite, with file:line."""
    from . import citations  # imported here: only --cited-by needs it

    return citations.read_all(documents)


def select_cited(
    records: Iterable[Record], cited: Cited, by_citation: bool = False
) -> tuple[tuple[Record, ...], tuple[Problem, ...]]:
    """Keep the records ``cited`` names, spelled as cited; run after :func:`prepare` (keys are final).

    Library order, or with ``by_citation`` the order of first citation (formatted output:
    a numeric style numbers the first paper cited [1]).  Problems: reading the documents,
    keys cited but missing (with the closest key), mixed spellings.
    """
    from . import citations

    return citations.select(tuple(records), cited, by_citation)


@dataclass(frozen=True, slots=True)
class Export:
    """What :func:`export` writes: the problems found, and the output text in pieces (lazy, read once)."""

    problems: tuple[Problem, ...]
    pieces: Iterable[str]
    nothing_read: bool = False  # problems and not one record: better no output than an empty file


def export(
    paths: Sequence[str | Path],
    to: str,
    fmt: str | None = None,
    *,
    options: WriteOptions | None = None,
    cited_by: Sequence[str | Path] = (),
    selection: filters.Selection | None = None,
    as_of: dt.date | None = None,
    keep_duplicates: bool = False,
    keys_from: str | Path | None = None,
    rekey: bool = False,
    key_format: str | KeyFormat | None = None,
    duplicates: merge.Duplicates | None = None,
    encoding: str | None = None,
) -> Export:
    """``bibexport export``: :func:`load`, keep what ``cited_by`` cites and ``selection`` picks, write as ``to``.

    A single listing too large to hold is streamed when nothing needs every record at once
    (:func:`streamable`).  The CLI runs the same steps, printing as it goes.
    """
    selection = selection or filters.Selection()
    within = duplicates is not None and duplicates.within  # the stream has no duplicate finding
    if not within and streamable(paths, fmt, to, cited_by=cited_by, selection=selection, keys_from=keys_from):
        from . import stream

        plan = stream.plan(paths[0], as_of=as_of, rekey=rekey, key_format=key_format, encoding=encoding)
        return Export(plan.problems, stream.pieces(plan.records(), to, options or WriteOptions()))
    result = load(paths, fmt, as_of=as_of, keep_duplicates=keep_duplicates, keys_from=keys_from,
                  rekey=rekey, key_format=key_format, duplicates=duplicates, encoding=encoding)
    if result.problems and not result.records:
        return Export(result.problems, (), nothing_read=True)
    records, problems = result.records, result.problems
    if cited_by:
        records, cited_problems = select_cited(records, read_citations(cited_by), by_citation=to in FORMATTED)
        problems += cited_problems
    return Export(problems, [write(filters.select(records, selection), to, options)])


def omit(records: Iterable[Record], names: Iterable[str]) -> tuple[list[Record], list[str]]:
    """``records`` without the fields ``names`` (``--omit``: ``abstract``, ``annote``, ``keywords``, ``doi``...),
    and the names no record had; see :func:`bibexport.omit.omit_field`."""
    from . import omit as omitting

    return omitting.omit(records, [n.lower() for n in names])


def streamable(
    paths: Sequence[str | Path],
    fmt: str | None,
    to: str,
    *,
    cited_by: Sequence[str | Path] = (),
    selection: filters.Selection | None = None,
    keys_from: str | Path | None = None,
) -> bool:
    """Whether :func:`export` streams (see :mod:`bibexport.stream`): one large listing, no filter,
    ``cited_by`` or ``keys_from``, and an output format written piece by piece."""
    if cited_by or keys_from or (selection or filters.Selection()) != filters.Selection():
        return False
    from . import stream

    return stream.streamable([str(p) for p in paths], fmt, to)


def write(records: Iterable[Record], fmt: str, options: WriteOptions | None = None) -> str:
    """Render records in output format ``fmt``."""
    writer: Callable[..., str] = registry.get(fmt).load_writer()
    return writer(list(records), options or WriteOptions())


def output_format(to: str | None, output: str | None) -> str:
    """``--to`` if given, else the format implied by the output file's suffix."""
    if to:
        return registry.get(to).name
    if output and output != STDIO:
        fmt = registry.for_suffix(output, writing=True)
        if fmt:
            return fmt.name
        raise OutputError(f"{output}: cannot tell the output format from the suffix; pass --to")
    raise OutputError("no output format; pass --to (one of: " + ", ".join(registry.writable()) + ")")


def refuse_overwriting_inputs(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise :class:`OutputError` when ``output`` is one of ``inputs`` (same file, by any path)."""
    target = Path(output)
    if str(output) == STDIO or _fd_of(output) is not None or not target.exists():
        return
    for path in inputs:
        if str(path) != STDIO and Path(path).exists() and os.path.samefile(target, path):
            raise OutputError(
                f"{output}: is also an input ({path}); refusing to write over it "
                "(pass --force to overwrite, or choose another -o)"
            )


_FD_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)")
_STD_PATHS = {"/dev/stdout": 1, "/dev/stderr": 2}


def _fd_of(path: str | Path) -> int | None:
    """The open file descriptor ``path`` names (``/dev/fd/63`` from bash's ``>(...)``, ``/dev/stdout``), if any."""
    name = str(path)
    match = _FD_PATH.fullmatch(name)
    fd = int(match[1]) if match else _STD_PATHS.get(name)
    if fd is None:
        return None
    try:
        os.fstat(fd)
    except OSError:  # not open here: the path is opened as any other
        return None
    return fd


def check_output(path: str | Path, *, force: bool = False) -> None:
    """Raise :class:`OutputError` when ``path`` cannot be written: its folder is missing, or it is a
    read-only file (unless ``force``).  Called before the work, so that nothing is done in vain."""
    if str(path) == STDIO or _fd_of(path) is not None:
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        folder = Path(os.path.realpath(path)).parent
        if not folder.is_dir():
            raise OutputError(f"{path}: cannot write: No such file or directory ({folder} is not a folder)") from None
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path}: cannot write: Is a directory")
    if stat.S_ISREG(info.st_mode) and not force and not _writable(path, info):
        raise OutputError(f"{path}: is read-only; refusing to replace it (pass --force, or make it writable)")


def _writable(path: str | Path, info: os.stat_result) -> bool:
    """Whether a regular file may be replaced: a write bit is set (root passes ``os.access`` for any
    file, so the mode is checked too) and this user may write it."""
    return bool(info.st_mode & 0o222) and os.access(path, os.W_OK)


def save(text: str | Iterable[str], path: str | Path, *, force: bool = False) -> None:
    """Write ``text`` (or its pieces) as UTF-8 to ``path``.

    A regular file (or a new one) is replaced atomically: a temporary file in the same folder,
    then a rename, so an error or an interrupt leaves the old file as it was.  A symlink is
    followed: its target is replaced, the link stays.  A device, a FIFO or an open file
    descriptor (``/dev/fd/N``, ``/dev/stdout``) is written into directly.  A read-only file is
    refused (:class:`OutputError`) unless ``force``.
    """
    fd = _fd_of(path)
    if fd is not None:
        with os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        return
    check_output(path, force=force)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):  # a device, a FIFO: no file to replace
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        return
    _replace(text, target, info)


def _replace(text: str | Iterable[str], target: Path, info: os.stat_result | None) -> None:
    """Write ``target`` atomically, keeping the mode (and, where allowed, the owner) of the file replaced."""
    try:
        import tempfile  # (with shutil, zlib, bz2, lzma, random) only when writing a file

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        if info is not None:
            os.chmod(tmp, info.st_mode & 0o777)
            if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, info.st_uid, info.st_gid)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
