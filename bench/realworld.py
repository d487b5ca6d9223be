"""A real-world-shaped .bib file, and bibexport against pandoc on it in the same run (issue 16).

    python bench/realworld.py [--entries 10000] [--repeat 3] [--quick]

``bench/generate.py``'s BibTeX is one clean shape (Zotero-like, every entry an @article or
@misc, no @string, no crossref).  The bibliographies people keep for 20 years are not: this
script writes (deterministically, from ``random.Random(16)``) what the TeX distribution's own
.bib files, JabRef, Mendeley, Zotero, DBLP and Google Scholar exports, biber's test files and
hand-kept thesis bibliographies mix in one file:

* a JabRef header comment and ``@comment{jabref-meta: ...}`` blocks, ``%`` comment lines and
  free text between entries (BibTeX ignores both), ``@preamble`` with ``\\noopsort``;
* ``@string`` journal abbreviations used bare and joined with ``#`` (``month = jun # "~15"``);
* every classic entry type in real proportions (articles and conference papers first; books,
  chapters, theses, reports, manuals, misc, unpublished) plus biblatex's ``@online`` and
  ``date``, chapters and papers pointing at a proceedings or book by ``crossref``;
* keys in the styles of DBLP (``DBLP:journals/corr/abs-1506-07365``), Google Scholar
  (``doe2020deep``), JabRef (``Doe2020``) and hand-made ones (``doe:2020:deep``);
* field names in any case, values braced, quoted or bare, on one line or several,
  tab-indented (Zotero) or not; JabRef's ``owner``/``timestamp``, Mendeley's ``file``;
* names ``Last, First`` and ``First von Last``, corporate names in braces, ``and others``,
  accents in the three spellings (``{\\"u}``, ``\\"{u}``, ``\\"u``), ``{\\ss}``, ``\\c{c}``,
  ``{\\o}``, ``\\v{s}``, ``{\\l}``; titles with ``{DNA}`` protection, ``$math$``, ``\\emph{}``,
  ``--``, ````quotes''``; abstracts on some entries, a UTF-8 title here and there.

Then it times ``bibexport export FILE --to csljson`` and ``pandoc -f bibtex -t csljson`` (the
binary of ``pypandoc-binary``, ``pip install -e '.[bench]'``) on the same file, alternately,
``--repeat`` times each (the fastest counts), and prints wall and CPU time, records/s and the
ratio, as a Markdown table for bench/README.md.  It also checks that bibexport read one
record per entry (every key of the file is in its output).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"

GIVEN = ["Anna", "J{\\\"u}rgen", "J\\\"{u}rgen", "J\\\"urgen", "Fran{\\c{c}}ois", "S{\\o}ren", "Ji{\\v{r}}{\\'\\i}",
         "Pawe{\\l}", "Jos\\'e", "Zo{\\\"e}", "Li", "Wei", "Hiroshi", "Mar{\\'\\i}a", "R.", "J. R.", "Jean-Pierre",
         "Thomas", "Ingrid", "{\\AA}sa", "Bj{\\\"o}rn", "Nikolaj", "Olga", "Chidi", "Priya", "D. E."]
FAMILY = ["M{\\\"u}ller", "M\\\"{u}ller", "Stra{\\ss}er", "{\\O}stergaard", "Dvo{\\v{r}}{\\'a}k", "Nowak", "Garc{\\'\\i}a",
          "Smith", "Zhang", "Wang", "Tanaka", "Knuth", "Lamport", "Patashnik", "Erd{\\H{o}}s", "Sch{\\\"o}lkopf",
          "Jord{\\~a}o", "Kova{\\v{c}}", "Lindstr{\\\"o}m", "Ivanov", "Okafor", "Raman", "Dupont", "Nguyen"]
PARTICLES = ["van", "von", "de", "van der", "de la", "di"]
CORPORATE = ["{IEEE Computer Society}", "{The {GNU} Project}", "{World Health Organization}",
             "{Barnes and Noble, Inc.}"]
WORDS = ("learning deep networks graphs theory analysis efficient algorithms of the for with in on "
         "a an and structure distributed systems semantics typesetting fonts languages models "
         "estimation robust sparse optimal linear quantum protein data stochastic control "
         "inference approach method study evaluation survey").split()
PROTECTED = ["{DNA}", "{LaTeX}", "{\\TeX}", "{B}ayesian", "{Markov}", "{GPU}", "{SAT}", "{PyTorch}", "{F}ourier"]
DECOR = ["$O(n \\log n)$", "\\emph{in situ}", "``quoted''", "1990--2000", "$\\alpha$-stable",
         "{\\em et al.}", "na{\\\"\\i}ve", "caf\\'e", "{\\'E}cole", "\\textit{vs.}"]
UTF8 = ["Über die Quantentheorie", "Échantillonnage adaptatif", "Łódź revisited", "深度学习", "Ελληνικά κείμενα"]
JOURNALS = {"tcs": "Theoretical Computer Science", "cacm": "Communications of the {ACM}",
            "pami": "{IEEE} Transactions on Pattern Analysis and Machine Intelligence",
            "jmlr": "Journal of Machine Learning Research", "tugboat": "TUGboat",
            "nature": "Nature", "prl": "Physical Review Letters", "jacm": "Journal of the {ACM}"}
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
TYPES = [("article", 40), ("inproceedings", 22), ("book", 6), ("incollection", 5), ("phdthesis", 3),
         ("mastersthesis", 2), ("techreport", 4), ("misc", 8), ("online", 3), ("unpublished", 1),
         ("manual", 2), ("inbook", 2), ("proceedings", 2)]


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keys: list[str] = []
        self.parents: list[str] = []

    def name(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.02:
            return r.choice(CORPORATE)
        given, family = r.choice(GIVEN), r.choice(FAMILY)
        if roll < 0.10:
            return f"{given} {r.choice(PARTICLES)} {family}"
        if roll < 0.45:
            return f"{given} {family}"
        if roll < 0.48:
            return f"{family}, Jr., {given}"
        return f"{family}, {given}"

    def names(self) -> str:
        r = self.rng
        count = r.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 7])
        people = [self.name() for _ in range(count)]
        if r.random() < 0.04:
            people.append("others")
        return " and ".join(people)

    def title(self) -> str:
        r = self.rng
        if r.random() < 0.03:
            return r.choice(UTF8)
        words = [r.choice(WORDS) for _ in range(r.randint(3, 12))]
        words[0] = words[0].capitalize()
        for _ in range(r.randint(0, 2)):
            words.insert(r.randrange(len(words) + 1), r.choice(PROTECTED + DECOR))
        return " ".join(words)

    def abstract(self) -> str:
        r = self.rng
        sentences = [" ".join(r.choice(WORDS) for _ in range(r.randint(8, 20))).capitalize() + "."
                     for _ in range(r.randint(3, 9))]
        return " ".join(sentences) + " We use 50\\% less memory \\& time."

    def key(self, i: int, year: int, first_word: str) -> str:
        r = self.rng
        family = "".join(c for c in r.choice(FAMILY) if c.isalpha() and c.isascii()).lower()
        style = r.random()
        if style < 0.15:
            return f"DBLP:journals/corr/abs-{year % 100:02d}{r.randint(1, 12):02d}-{i:05d}"
        if style < 0.45:
            return f"{family}{year}{first_word}{i}"
        if style < 0.75:
            return f"{family.capitalize()}{year}-{i}"
        return f"{family}:{year}:{first_word}:{i}"

    def value(self, text: str) -> str:
        roll = self.rng.random()
        if roll < 0.2 and '"' not in text and text.count("{") == text.count("}"):
            return f'"{text}"'
        return "{" + text + "}"

    def entry(self, i: int) -> str:
        r = self.rng
        kind = r.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
        year = r.randint(1965, 2026)
        title = self.title()
        first = "".join(c for c in title.split()[0] if c.isalpha() and c.isascii()).lower() or "x"
        key = self.key(i, year, first)
        upper = r.random() < 0.1  # BibTeX field names in capitals (old files, some exports)
        indent = "\t" if r.random() < 0.3 else "  "
        fields: list[tuple[str, str]] = []
        if kind not in ("proceedings",) or r.random() < 0.5:
            fields.append(("author" if kind != "proceedings" else "editor", self.value(self.names())))
        fields.append(("title", self.value(title)))
        if kind == "article":
            fields.append(("journal", r.choice(list(JOURNALS)) if r.random() < 0.6 else "{" + r.choice(
                list(JOURNALS.values())) + "}"))
            fields += [("volume", str(r.randint(1, 300))), ("number", f"{{{r.randint(1, 12)}}}"),
                       ("pages", f"{{{(p := r.randint(1, 900))}--{p + r.randint(1, 40)}}}")]
        elif kind in ("inproceedings", "incollection") and self.parents and r.random() < 0.5:
            fields.append(("crossref", "{" + r.choice(self.parents) + "}"))
            fields.append(("pages", f"{{{r.randint(1, 300)}--{r.randint(301, 400)}}}"))
        elif kind in ("inproceedings", "incollection"):
            fields.append(("booktitle", self.value(f"Proceedings of the Conference on {r.choice(WORDS).capitalize()} "
                                                   f"{r.choice(WORDS).capitalize()} {r.randint(1970, 2026)}")))
            if kind == "incollection":
                fields.append(("publisher", self.value("Springer")))
        elif kind in ("book", "proceedings", "manual", "inbook"):
            fields += [("publisher", self.value(r.choice(["Addison-Wesley", "Springer", "O'Reilly",
                                                          "Cambridge University Press", "{MIT} Press"]))),
                       ("address", self.value(r.choice(["Reading, MA", "Berlin", "Sebastopol, CA", "Cambridge"])))]
            if kind in ("book", "proceedings"):  # what a chapter's crossref needs in BibTeX's styles
                fields.append(("booktitle", self.value(title)))
            if kind == "inbook":
                fields.append(("chapter", str(r.randint(1, 20))))
        elif kind in ("phdthesis", "mastersthesis"):
            fields.append(("school", self.value(r.choice(["Stanford University", "ETH Z{\\\"u}rich",
                                                          "Universit{\\'e} Paris-Sud"]))))
        elif kind == "techreport":
            fields += [("institution", self.value("Computer Science Department, Stanford University")),
                       ("number", self.value(f"STAN-CS-{year}-{r.randint(100, 999)}"))]
        elif kind in ("misc", "online"):
            if r.random() < 0.5:
                fields += [("eprint", f"{{{year % 100:02d}{r.randint(1, 12):02d}.{r.randint(10000, 99999)}}}"),
                           ("archivePrefix", "{arXiv}"), ("primaryClass", "{cs.LG}")]
            elif kind == "online":
                fields.append(("url", "{https://example.org/" + first + "_" + str(i) + "}"))
            else:
                fields.append(("howpublished", "{\\url{https://example.org/" + first + "_" + str(i) + "}}"))
        elif kind == "unpublished":
            fields.append(("note", self.value("Manuscript in preparation")))
        if kind == "online" or r.random() < 0.05:  # biblatex dates
            fields.append(("date", f"{{{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}}}"))
            if kind == "online":
                fields.append(("urldate", f"{{{2020 + r.randint(0, 5)}-0{r.randint(1, 9)}-1{r.randint(0, 9)}}}"))
        else:
            if r.random() < 0.01:
                fields.append(("year", '"{\\noopsort{' + str(year) + 'a}}' + str(year) + '"'))
            else:
                fields.append(("year", str(year) if r.random() < 0.6 else f"{{{year}}}"))
            if r.random() < 0.4:
                month = r.choice(MONTHS)
                fields.append(("month", month if r.random() < 0.8 else f'{month} # "~{r.randint(1, 28)}"'))
        if r.random() < 0.3:
            fields.append(("doi", f"{{10.{r.randint(1000, 9999)}/{first}.{year}.{i}}}"))
        if r.random() < 0.2 and kind != "online":
            fields.append(("url", "{https://example.org/papers/" + first + "_%20" + str(i) + ".pdf}"))
        if r.random() < 0.2:
            fields.append(("abstract", self.value(self.abstract())))
        if r.random() < 0.15:
            fields.append(("keywords", self.value(", ".join(r.sample(WORDS, 3)))))
        if r.random() < 0.1:  # JabRef
            fields += [("owner", "{jdoe}"), ("timestamp", f"{{20{r.randint(10, 24)}.0{r.randint(1, 9)}.1{r.randint(0, 9)}}}")]
        if r.random() < 0.08:  # Mendeley
            fields.append(("file", "{:C$\\backslash$:/Users/jdoe/Mendeley/" + first + ".pdf:pdf}"))
        if r.random() < 0.05:
            fields.append(("note", self.value("See also the errata; in {G}erman")))
        kind_name = kind.upper() if upper and kind != "online" else kind
        lines = [f"@{kind_name}{{{key},"]
        for n, (field, value) in enumerate(fields):
            name = field.upper() if upper else field
            comma = "," if n < len(fields) - 1 or r.random() < 0.5 else ""
            if field == "abstract" and r.random() < 0.5:  # wrapped over lines
                words = value.split(" ")
                value = "\n".join(" ".join(words[j:j + 12]) for j in range(0, len(words), 12)).replace("\n", "\n    ")
            lines.append(f"{indent}{name} = {value}{comma}")
        lines.append("}")
        self.keys.append(key)
        if kind in ("proceedings", "book") and len(self.parents) < 400:
            self.parents.append(key)
        return "\n".join(lines)


def generate(entries: int, out: Path = OUT) -> Path:
    """Write bench/out/realworld-N.bib (the same bytes for the same N) and its keys, one per line."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"realworld-{entries}.bib"
    rng = random.Random(16)
    writer = Writer(rng)
    parts = ["% This file was created with JabRef 2.10.\n% Encoding: UTF8\n",
             '@preamble{ "\\newcommand{\\noopsort}[1]{} " # "\\providecommand{\\url}[1]{\\texttt{#1}}" }\n']
    parts += [f'@string{{{abbr} = "{full}"}}\n' for abbr, full in JOURNALS.items()]
    parents: list[str] = []
    body: list[str] = []
    for i in range(entries):
        roll = rng.random()
        if roll < 0.03:
            body.append(f"% ---- section {i // 100}: {rng.choice(WORDS)} ----")
        elif roll < 0.04:
            body.append("Free text between entries, which BibTeX skips.")
        text = writer.entry(i)
        # crossref parents must come after their children for BibTeX: keep them for the end
        (parents if text.startswith(("@proceedings", "@PROCEEDINGS", "@book{", "@BOOK{")) and
         writer.keys[-1] in writer.parents else body).append(text)
    body += parents
    tail = ["@comment{jabref-meta: databaseType:bibtex;}", "@comment{jabref-meta: saveOrderConfig:specified;"
            "bibtexkey;false;author;false;}"]
    path.write_text("".join(parts) + "\n" + "\n\n".join(body + tail) + "\n", encoding="utf-8")
    (out / f"realworld-{entries}.keys").write_text("\n".join(writer.keys) + "\n", encoding="utf-8")
    return path


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of the child), exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, run.returncode


def pandoc_binary() -> str | None:
    try:
        import pypandoc  # type: ignore[import-not-found]

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", default="2000,10000", help="comma-separated sizes (default 2000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the fastest counts")
    parser.add_argument("--quick", action="store_true", help="200 entries, one run: the script works")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    sizes = [200] if args.quick else [int(n) for n in args.entries.split(",")]
    repeat = 1 if args.quick else args.repeat
    pandoc = pandoc_binary()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; pandoc: {pandoc or 'not installed'}")
    print("| entries | MB | tool | time (s) | CPU (s) | records/s | vs pandoc |\n| --- | --- | --- | --- | --- | --- | --- |")
    for entries in sizes:
        path = generate(entries)
        out = OUT / f"realworld-{entries}.json"
        bibexport = [args.python, "-m", "bibexport", "-q", "export", str(path), "--to", "csljson", "-o", str(out)]
        commands = {"bibexport": bibexport}
        if pandoc:
            commands["pandoc"] = [pandoc, "-f", "bibtex", "-t", "csljson", "-o", os.devnull, str(path)]
        best: dict[str, tuple[float, float]] = {}
        for _ in range(repeat):
            for tool, command in commands.items():  # alternately, so that both see the same load
                wall, cpu, code = timed(command)
                if code != 0:
                    raise SystemExit(f"{tool} failed on {path} (exit {code})")
                if tool not in best or wall < best[tool][0]:
                    best[tool] = (wall, cpu)
        records = json.loads(out.read_text(encoding="utf-8"))
        keys = (OUT / f"realworld-{entries}.keys").read_text(encoding="utf-8").split()
        lost = set(keys) - {item["id"] for item in records}
        if lost:
            raise SystemExit(f"bibexport lost {len(lost)} keys of {path}, e.g. {sorted(lost)[:3]}")
        megabytes = path.stat().st_size / 1e6
        for tool, (wall, cpu) in best.items():
            ratio = f"{best['pandoc'][0] / wall:.1f}x" if tool == "bibexport" and "pandoc" in best else ""
            print(f"| {entries:,} | {megabytes:.1f} | {tool} | {wall:.2f} | {cpu:.2f} | {entries / wall:,.0f} | {ratio} |")


if __name__ == "__main__":
    main()
