"""Where the command line reads and writes: -o targets, piped stdin, Ctrl-C and a full disk.

Every target is made in a temporary folder (FIFOs, symlinks, read-only files, pipes); no
test touches the machine's real devices.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from bibexport import api, cli, registry
from bibexport.cli import main

LISTING = "LGNov 28, 2022\nA TitleJane Doe\nAbstract.\n"
OLD = "old contents, must survive\n"
SHIPPED_RECORDS = 50  # data/arxiv-listing.txt


def run(*args: str, input: str | bytes | None = None):
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def bibexport(*args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    """The program in a process of its own (stdin /dev/null unless given, as CI runs it)."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run([sys.executable, "-m", "bibexport", *args], capture_output=True, timeout=120, **kwargs)


@pytest.fixture
def listing(tmp_path: Path) -> Path:
    path = tmp_path / "in.txt"
    path.write_text(LISTING, encoding="utf-8")
    return path


def ids(json_text: str | bytes) -> list[str]:
    return [item["id"] for item in json.loads(json_text)]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- -o: what kind of file it is decides how it is written ------------------------------------


def test_a_fifo_is_written_into_not_replaced(tmp_path, listing):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("export", str(listing), "--to", "csljson", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert ids(received[0]) == ["doe2022title"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a regular file
    assert leftovers(tmp_path) == []


def test_a_symlink_is_written_through_to_its_target(tmp_path, listing):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "refs.json"
    target.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(Path("real") / "refs.json")
    result = run("export", str(listing), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "refs.json")
    assert ids(target.read_text(encoding="utf-8")) == ["doe2022title"]
    assert leftovers(tmp_path) == leftovers(tmp_path / "real") == []


def test_a_dangling_symlink_creates_its_target(tmp_path, listing):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    assert run("export", str(listing), "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert ids((tmp_path / "new.json").read_text(encoding="utf-8")) == ["doe2022title"]


def test_a_read_only_file_is_refused_unless_force(tmp_path, listing):
    # As root too: the mode bits decide, not access(), which lets root write anything.
    target = tmp_path / "refs.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    refused = run("export", str(listing), "-o", str(target))
    assert refused.exit_code == 1
    assert refused.stderr == (f"bibexport: error: {target}: is read-only; refusing to replace it "
                              "(pass --force, or make it writable)\n")
    assert target.read_text(encoding="utf-8") == OLD
    forced = run("export", str(listing), "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert ids(target.read_text(encoding="utf-8")) == ["doe2022title"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # replaced, and still read-only


def test_a_read_only_symlink_target_is_refused(tmp_path, listing):
    target = tmp_path / "refs.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    (tmp_path / "link.json").symlink_to(target)
    assert run("export", str(listing), "-o", str(tmp_path / "link.json")).exit_code == 1
    assert target.read_text(encoding="utf-8") == OLD


def test_a_replaced_file_keeps_its_mode(tmp_path, listing):
    target = tmp_path / "refs.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    assert run("export", str(listing), "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_dev_fd_n_is_written_into(listing):
    # What bash passes for `-o >(wc -c)`: /dev/fd/N, a pipe this process inherited.
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "bibexport", "export", str(listing), "--to", "csljson", "-o", f"/dev/fd/{write_end}"],
            pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        os.close(write_end)
        with open(read_end, "rb") as pipe:
            received = pipe.read()
        _, stderr = process.communicate(timeout=120)
    finally:
        for fd in (read_end, write_end):
            try:
                os.close(fd)
            except OSError:
                pass
    assert process.returncode == 0, stderr
    assert ids(received) == ["doe2022title"]


def test_a_missing_folder_fails_before_any_work(tmp_path):
    # The shipped listing would be read first if the folder were checked only at the end.
    result = run("export", "--to", "csljson", "-o", str(tmp_path / "no" / "out.json"), input=LISTING)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"bibexport: error: {tmp_path / 'no' / 'out.json'}: cannot write: ")
    assert result.stderr.count("\n") == 1


def test_api_save_follows_the_same_rules(tmp_path):
    target = tmp_path / "ro.txt"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(api.OutputError, match="read-only"):
        api.save("new\n", target)
    api.save("new\n", target, force=True)
    assert target.read_text(encoding="utf-8") == "new\n"


# --- Piped input --------------------------------------------------------------------------------


def test_piped_stdin_is_read_when_no_input_is_given():
    result = run("export", "--to", "csljson", input=LISTING)
    assert result.exit_code == 0, result.output
    assert ids(result.stdout) == ["doe2022title"]


def test_verbose_says_stdin_is_read():
    result = run("-v", "keys", input=LISTING)
    assert "no INPUT given: reading stdin" in result.stderr
    assert result.stdout.split("\t")[0] == "doe2022title"


@pytest.mark.parametrize("verbose", [["-v"], []], ids=["verbose", "quiet-by-default"])
def test_empty_stdin_means_the_shipped_listing(verbose):
    # CI runs commands with stdin at /dev/null: the README's first command must still work there.
    result = run(*verbose, "export", "--to", "csljson", input="")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == SHIPPED_RECORDS
    note = f"no INPUT given and stdin is empty: reading the shipped listing {api.default_listing()}\n"
    assert (note in result.stderr) == bool(verbose)


def test_a_terminal_stdin_is_not_read(monkeypatch):
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    result = run("-v", "keys", input=LISTING)
    assert len(result.stdout.splitlines()) == SHIPPED_RECORDS
    assert "stdin is a terminal: reading the shipped listing" in result.stderr


def test_readme_first_command_from_an_interactive_shell():
    # stdin a real terminal (a pseudo-terminal): the shipped listing, no warning.
    main_end, terminal = os.openpty()
    try:
        result = bibexport("export", "--to", "csljson", stdin=terminal)
    finally:
        os.close(main_end)
        os.close(terminal)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == SHIPPED_RECORDS
    assert [line for line in result.stderr.decode().splitlines() if ": note: " not in line] == []  # the yearless date


def test_readme_first_command_under_ci_and_in_a_pipe(listing):
    assert len(json.loads(bibexport("export", "--to", "csljson").stdout)) == SHIPPED_RECORDS  # stdin /dev/null
    piped = bibexport("export", "--to", "csljson", input=listing.read_bytes(), stdin=None)
    assert ids(piped.stdout) == ["doe2022title"]


# --- Ctrl-C and a full disk ---------------------------------------------------------------------

INTERRUPT = """
import os, signal, sys, time
from bibexport import cli, parallel
PARENT = os.getpid()

def interrupt_in_a_worker():
    if os.getpid() != PARENT:  # in a worker: Ctrl-C, as a terminal sends it to the whole group
        os.killpg(0, signal.SIGINT)
        time.sleep(60)
"""


def _interrupted(script: str, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    code = textwrap.dedent(INTERRUPT) + textwrap.dedent(script) + f"\nsys.argv = ['bibexport', *{args!r}]\ncli.run()\n"
    # A session of its own: the SIGINT sent to the process group reaches no test runner.
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL, start_new_session=True)


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    out = tmp_path / "out.txt"
    out.write_text(OLD, encoding="utf-8")
    return out


def test_ctrl_c_in_the_formatting_workers(tmp_path, existing):
    if parallel_cores() < 2:
        pytest.skip("one usable core: the formatted writer starts no workers")
    items = [{"id": f"k{i}", "type": "article-journal", "title": f"Paper {i}",
              "author": [{"family": f"Family{i}", "given": "Ann"}], "issued": {"date-parts": [[2000 + i % 20]]}}
             for i in range(400)]  # PARALLEL_MIN: from 400 records the writer uses a pool of workers
    source = tmp_path / "many.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    script = """
    import importlib
    bibliography = importlib.import_module("bibexport.writers.formatted.bibliography")
    real = bibliography._prepare_chunk

    def chunk(*args):  # in __main__, so that the pool can send it to its (forked) workers
        interrupt_in_a_worker()
        return real(*args)

    bibliography._prepare_chunk = chunk
    """
    result = _interrupted(script, ["export", str(source), "--to", "text", "-o", str(existing)])
    assert result.returncode == 130, result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stderr == b"bibexport: interrupted\n"
    assert existing.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_ctrl_c_in_forked_children(tmp_path, existing, listing):
    listing.write_text(LISTING + LISTING.replace("A Title", "Other Title") + LISTING.replace("A Title", "Third"),
                       encoding="utf-8")
    script = """
    from bibexport.writers import bibtex
    bibtex.PARALLEL_MIN = 2
    parallel.usable_cores = lambda: 2
    real = bibtex.format_entry

    def format_entry(*args):
        interrupt_in_a_worker()
        return real(*args)

    bibtex.format_entry = format_entry
    """
    result = _interrupted(script, ["export", str(listing), "--to", "bibtex", "-o", str(existing)])
    assert result.returncode == 130, result.stderr
    assert result.stderr == b"bibexport: interrupted\n"
    assert existing.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def parallel_cores() -> int:
    from bibexport.parallel import usable_cores

    return usable_cores()


def _file_size_limit(limit: int):  # noqa: ANN202
    def preexec() -> None:  # in the child: files may not grow past `limit` bytes (EFBIG, as a full disk)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_a_full_output_file_is_one_line_and_exit_1(tmp_path, existing):
    result = bibexport("-q", "export", "--to", "csljson", "-o", str(existing), preexec_fn=_file_size_limit(4096))
    assert result.returncode == 1
    assert result.stderr == f"bibexport: error: {existing}: cannot write: File too large\n".encode()
    assert existing.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_a_full_stdout_is_one_line_and_exit_1(tmp_path):
    with open(tmp_path / "out.json", "wb") as stdout:
        result = subprocess.run([sys.executable, "-m", "bibexport", "-q", "export", "--to", "csljson"], stdout=stdout,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120,
                                preexec_fn=_file_size_limit(4096))
    assert result.returncode == 1
    assert result.stderr == b"bibexport: error: <stdout>: cannot write: File too large\n"


# --- Conventions --------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_and_verbose_before_or_after_the_command(listing, where):
    broken = LISTING + "LGNov 29, 2022\nbroken line without names\n"
    listing.write_text(broken, encoding="utf-8")
    quiet = run(*(["-q", "keys"] if where == "before" else ["keys", "-q"]), str(listing))
    assert quiet.exit_code == 0 and quiet.stderr == ""
    loud = run(*(["-v", "keys"] if where == "before" else ["keys", "--verbose"]), str(listing))
    assert "in.txt:5: warning:" in loud.stderr and "read 1 record(s)" in loud.stderr


@pytest.mark.parametrize(("name", "expected"), [("bib", "@misc{doe2022title,"), ("json", '"id": "doe2022title"'),
                                                ("csl-json", '"id": "doe2022title"'), ("CSL", '"id": "doe2022title"'),
                                                ("md", "Doe, J. (2022)"), ("txt", "Doe, J. (2022)")])
def test_to_takes_the_names_people_type(listing, name, expected):
    result = run("export", str(listing), "--to", name)
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


@pytest.mark.parametrize(("option", "typo", "suggestion"), [("--to", "bibtx", "bibtex"), ("--to", "csljsn", "csljson"),
                                                            ("-t", "jsn", "csljson"), ("--from", "lsting", "listing"),
                                                            ("-f", "riss", "ris")])
def test_an_unknown_format_name_suggests_the_closest(option, typo, suggestion):
    result = run("export", option, typo)
    assert result.exit_code == 2
    assert f"{typo!r} is not a format bibexport can" in result.stderr
    assert f"did you mean {suggestion!r}?" in result.stderr


def test_a_format_nothing_resembles_gets_no_suggestion():
    result = run("export", "--to", "docx")
    assert result.exit_code == 2 and "did you mean" not in result.stderr


def test_from_short_option_f(listing):
    text = listing.read_text(encoding="utf-8")
    result = run("keys", "-f", "listing", "-", input=text)
    assert result.stdout.startswith("doe2022title\t")


def test_help_lists_the_format_choices():
    # click wraps help at hyphens too ("zotero-" / "rdf"): undo the wrapping before comparing
    help_text = re.sub(r"(?<=\w-) (?=\w)", "", " ".join(run("export", "--help").stdout.split()))
    assert f"-t, --to FORMAT Output format: {', '.join(registry.writable())} (also bib," in help_text
    assert f"-f, --from FORMAT Input format: {', '.join(registry.readable())} (also bib," in help_text
    assert {"csljson", "bibtex", "biblatex", "ris", "text", "html", "markdown"} <= set(registry.writable())
