"""Every command the README shows, and every example of a command's --help, runs as written
(#19), in a shell, in a folder holding the
files the command names (a user's refs.bib, paper.aux...), made here from the shipped listing.

Each command runs in a fresh copy of that folder: exit 0 (``check`` of a clean file too; of
files that hold the same papers, exit 1 with one ``file:line`` line per problem), no traceback, and where the README's comment says what the command prints, it prints that.
Only ``pip install`` (tests/test_installed.py) and the test commands of "Testing" are left out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def readme_commands() -> list[str]:
    """The command lines of the README's ``sh`` blocks, comments included."""
    lines = []
    for block in re.findall(r"```(?:sh|bash)\n(.*?)```", README, re.S):
        lines += [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return lines


def help_examples() -> list[str]:
    """The examples of every command's --help."""
    from bibexport.cli import main

    examples = []
    for command in [main, *main.commands.values()]:
        examples += [line.strip() for line in (command.help or "").splitlines() if line.strip().startswith("bibexport ")]
    return examples


SKIPPED = ("pip install", "CI=true pytest")  # installing (test_installed.py); running the tests themselves
COMMANDS = [c for c in readme_commands() if not c.startswith(SKIPPED)]
HELP_EXAMPLES = [c for c in dict.fromkeys(help_examples()) if c not in COMMANDS]

# What a README comment says the command prints, checked on its output.
PRINTS = {
    "bibexport cite akyurek2022learning --style apa": "(Akyürek et al., 2022)\n",
    "bibexport cite '[see @doe2020, p. 12; @roe2021]' refs.bib": "(see Doe, 2020, p. 12; Roe, 2021)\n",
    "bibexport cite '@doe2020 [chap. 3]' refs.bib": "Doe (2020, Chapter 3)\n",
    "bibexport keys --key-format '{authetal|capitalize}{year}{suffix}_{title}'": "AkyurekEtAl2022_learning\t",
    "bibexport cite akyurek2022learning yang2023foundation": "(Akyürek et al., 2022; ",
    "bibexport cite akyurek2022learning --style ieee -i refs.bib": "[1]\n",
}

OTHERS = """\
@article{doe2020,
  author = {Doe, Jane},
  title = {A Study of Things},
  journal = {Journal of Things},
  year = {2020},
  volume = {3},
  pages = {1--20}
}

@article{smith2020,
  author = {Smith, John},
  title = {Another Study of Things},
  journal = {Journal of Things},
  year = {2020}
}

@book{roe2021,
  author = {Roe, Richard},
  title = {A Book of Things},
  publisher = {Things Press},
  year = {2021}
}
"""


def _run(args: list[str], cwd: Path) -> str:
    result = subprocess.run([str(BIN / "bibexport"), "-q", *args], cwd=cwd, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def user_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files the README's commands name, as a user would have them."""
    folder = tmp_path_factory.mktemp("user")
    listing = (REPO / "data" / "arxiv-listing.txt").read_text(encoding="utf-8")
    for name in ("MY-LISTING.txt", "my-listing.txt", "listing.txt", "c.txt"):
        (folder / name).write_text(listing, encoding="utf-8")
    first = "\n".join(listing.splitlines()[:3]) + "\n"  # one paper
    (folder / "grown-listing.txt").write_text(
        listing + "LGDec 1, 2023\nA Newly Listed PaperJane Doe, John Roe\nIts abstract.\n", encoding="utf-8")
    bibtex = _run(["export", "MY-LISTING.txt", "--to", "bibtex"], folder)
    (folder / "refs.bib").write_text(bibtex + "\n" + OTHERS, encoding="utf-8")
    (folder / "library.bib").write_text(bibtex, encoding="utf-8")
    (folder / "a.bib").write_text(OTHERS, encoding="utf-8")
    for name in ("zotero.json", "refs.json", "b.json"):
        (folder / name).write_text(_run(["export", "listing.txt", "--to", "csljson"], folder), encoding="utf-8")
    (folder / "library.ris").write_text(_run(["export", "listing.txt", "--to", "ris"], folder), encoding="utf-8")
    (folder / "first.txt").write_text(first, encoding="utf-8")
    shutil.copy(REPO / "tests" / "data" / "zotero" / "library.rdf", folder / "my-library.rdf")
    (folder / "paper.aux").write_text("\\relax\n\\citation{akyurek2022learning}\n\\citation{du2023learning}\n",
                                      encoding="utf-8")
    (folder / "paper.tex").write_text("As shown~\\cite{akyurek2022learning,du2023learning}.\n", encoding="utf-8")
    (folder / "part1.tex").write_text("See \\citet{doe2020}.\n", encoding="utf-8")
    (folder / "paper.md").write_text("As shown [@akyurek2022learning; @du2023learning].\n", encoding="utf-8")
    (folder / "part2.md").write_text("See @akyurek2022learning.\n", encoding="utf-8")
    (folder / "home" / ".config" / "fish" / "completions").mkdir(parents=True)
    # zsh's completion system, as a ~/.zshrc that uses completions loads it (click's zsh script
    # calls compdef); `zsh -c` reads only ~/.zshenv.
    (folder / "home" / ".zshenv").write_text("autoload -Uz compinit && compinit -u\n", encoding="utf-8")
    return folder


def test_the_readme_shows_the_commands_this_checks():
    assert len(COMMANDS) >= 45
    assert all("bibexport" in c for c in COMMANDS)


@pytest.mark.parametrize("command", [*COMMANDS, *(pytest.param(c, id=f"help: {c}") for c in HELP_EXAMPLES)])
def test_readme_command_runs_as_written(command, user_folder, tmp_path):
    folder = tmp_path / "user"
    shutil.copytree(user_folder, folder)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(folder / "home"),
           "COLUMNS": "120"}
    shell = "zsh" if "zsh_source" in command else "bash"  # each completion line in its own shell
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    # zsh's completion system (compdef) is loaded by compinit, which an interactive ~/.zshrc runs
    # before the README's line; `zsh -c` reads no ~/.zshrc
    script = f"autoload -Uz compinit && compinit -u\n{command}" if shell == "zsh" else command
    result = subprocess.run([shell, "-c", script], cwd=folder, env=env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=600)
    if command.startswith("bibexport check") and result.returncode == 1:  # it found problems: one line each
        assert all(re.match(r"\S+:\d+: (warning|error): ", line) for line in result.stdout.splitlines())
    else:
        assert result.returncode == 0, f"{command}\nexit {result.returncode}\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr
    code = command.split("  #")[0].strip()
    if code in PRINTS:
        assert result.stdout.startswith(PRINTS[code]), (command, result.stdout[:300])
