"""The installed package: build the wheel, install it into a new virtual environment, and run
``bibexport`` from there, in a folder outside the checkout.

Every other test imports the checkout, where resources fall back to its own ``data/`` and
``styles/`` folders; only this test sees what a user's ``pip install`` gets.  A data or style
file missing from the wheel (package data, ``package-dir`` or a subpackage left out of
pyproject.toml) fails it.

The wheel is built with ``pip wheel --no-build-isolation`` from a copy of the project's files
(nothing is written into the checkout, and nothing is downloaded: setuptools comes from the
test extra).  The new environment gets bibexport's dependencies from the environment running
the tests (a ``.pth`` file naming its site-packages, after the new environment's own, written
after the install), so only the wheel is installed; the test checks that ``bibexport`` is
imported from the wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("pyproject.toml", "README.md", "bibexport", "data", "styles")
SHIPPED_STYLES = sorted(p.name for p in (REPO / "styles").glob("*.csl"))


def _setuptools_builds_wheels() -> bool:
    try:
        from importlib.metadata import version

        major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    except Exception:  # noqa: BLE001 - absent or an odd version string
        return False
    return (major, minor) >= (70, 1)  # bdist_wheel built in (no 'wheel' package needed)


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _setuptools_builds_wheels():
        pytest.skip("setuptools>=70.1 (in the test extra) is needed to build the wheel without downloading")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in PROJECT_FILES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                  "-q", "-w", work / "dist", source], cwd=work)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = (work / "dist").glob("bibexport-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The new environment's ``bin`` folder, and the environment variables to run it with."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        cwd=venv.parent).stdout.strip())
    done = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel],
                cwd=venv.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    # The dependencies: this environment's site-packages, searched after the new one's own.
    # Added after the install: pip would otherwise find bibexport there (installed by
    # `pip install '.[test]'`), call the wheel "already satisfied" and install nothing.
    ours = [p for p in {*site.getsitepackages(), sysconfig.get_paths()["purelib"]} if Path(p).is_dir()]
    (purelib / "_test_dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(ours)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv / "bin", env


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("elsewhere")
    assert REPO not in folder.parents
    return folder


def test_the_wheel_holds_the_shipped_data_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "bibexport/_shipped/data/arxiv-listing.txt" in names
    assert {f"bibexport/_shipped/styles/{name}" for name in SHIPPED_STYLES} <= names
    assert "bibexport/py.typed" in names
    sources = {f"{p.relative_to(REPO).as_posix()}" for p in (REPO / "bibexport").rglob("*.py")}
    assert sources <= names, "modules missing from the wheel"


def test_bibexport_runs_from_the_installed_wheel(installed: tuple[Path, dict[str, str]], outside: Path) -> None:
    bin_dir, env = installed
    where = _run([bin_dir / "python", "-c", "import bibexport; print(bibexport.__file__)"], cwd=outside, env=env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent), where.stdout
    assert (bin_dir / "bibexport").is_file()  # the console script of the wheel's entry point


def test_styles_lists_every_shipped_style(installed: tuple[Path, dict[str, str]], outside: Path) -> None:
    bin_dir, env = installed
    result = _run([bin_dir / "bibexport", "styles"], cwd=outside, env=env)
    assert result.returncode == 0, result.stderr
    listed = sorted(line.split()[-1] for line in result.stdout.splitlines() if line.endswith(".csl"))
    assert listed == SHIPPED_STYLES


@pytest.mark.parametrize(("fmt", "style", "expected"), [
    ("text", "apa", "Akyürek, E., Schuurmans, D., Andreas, J., et al. (2022). What learning algorithm is in-context learning?"),
    ("html", "ieee", "What learning algorithm is in-context learning? Investigations with linear models"),
])
def test_a_styled_export_of_the_shipped_listing(installed: tuple[Path, dict[str, str]], outside: Path,
                                                 fmt: str, style: str, expected: str) -> None:
    """No INPUT and an empty stdin: the shipped listing (package data), formatted with a shipped style."""
    bin_dir, env = installed
    result = _run([bin_dir / "bibexport", "-q", "export", "--to", fmt, "--style", style, "-o", "refs.out"],
                  cwd=outside, env=env)
    assert result.returncode == 0, result.stderr
    text = (outside / "refs.out").read_text(encoding="utf-8")
    assert expected in text
    assert len([line for line in text.splitlines() if "arXiv" in line]) >= 50  # every paper of the listing
