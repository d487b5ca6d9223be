"""Synthetic, realistic inputs for the benchmark: listings, BibTeX, CSL-JSON and RIS.

Every file is generated from the same deterministic stream of papers (``papers(n)``), so
the same size holds the same papers in every format.  Papers carry Unicode names (Latin
with diacritics, Greek, Cyrillic, CJK), particles and suffixes, long author lists (a few
hundred authors now and then), math and LaTeX markup in titles and abstracts, and
abstracts of arXiv length.  BibTeX writes accented letters as LaTeX accents (``{\\"u}``,
``\\'{e}``, ``{\\l}``) in three spellings, as bibliographies collected over the years do.

    python bench/generate.py --sizes 10000 --out bench/out
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
BADGES = "LG LG LG CL CV AI RO ML IR NE SY OC QUANT-PH MTRL-SCI".split()

GIVEN = (
    "Ekin Dale Jacob Sherry Yilun Kamyar Mengjiao Tianjun Xuezhi Denny Lisa Ofir Wesley Valentin "
    "Jincheng Zichen Hao Xinyang Aviral Noémie Zoë Łukasz José François Jürgen Søren Çağlar Håkon "
    "Ana María Émile Björn Ramón Andrés Małgorzata Dvořáková Ülkü Anaïs Mikaël Jérôme Kuang-Huei "
    "Chun-Liang Jean-Baptiste Yann Geoffrey Yoshua Fei-Fei Kaiming Ilya Oriol Demis Shakir Raia "
    "Percy Christopher Chelsea Sergey Pieter Anca Dorsa Emma Léon Gaël Timothée Nathanaël"
).split()
INITIALS = ("J.", "A. M.", "J.-P.", "K.", "R. S.")
FAMILY = (
    "Akyürek Schuurmans Andreas Yang Du Ghasemipour Zhang Wang Zhou Lee Nachum Chung Thomas Mei "
    "Geng Liu Kumar Schärli Łojasiewicz Müller Gödel Núñez García Dvořák Erdős Kovačević Gülçehre "
    "Sørensen Åström Ørsted Lévy Bengio Hinton LeCun Sutskever Vinyals Hassabis Mohamed Hadsell "
    "Liang Manning Finn Levine Abbeel Dragan Sadigh Brunskill Bottou Varoquaux Lacroix Škoda "
    "Štěpánek Jiménez Peña Françoise Kähler Parker-Holder O'Neil"
).split()
# Invented family names (about 20,000 of them, some with diacritics) so that, as in a real
# library, most authors are rare and only some recur.
SYLLABLES = (
    "Ka Lo Mi Ber Tan Vo Rus Hel Sø Grü Ma Ni Ost Ar Fe Li Zha Qi Dov Ké".split(),
    "ren mak vel dor sin tov ham lis gard bæk nez rov kin ler pol mur".split(),
    "", "sky", "sen", "ova", "ez", "ović", "berg", "mann", "ton", "ić", "ard", "oglu", "uchi", "ini", "ers", "au",
)
PARTICLE_NAMES = (("Laurens", "van der", "Maaten"), ("Juan", "de la", "Cruz"), ("Ulrike", "von", "Luxburg"))
SUFFIX_NAMES = (("Martin Luther", "King", "Jr."), ("William", "Gates", "III"))
SCRIPT_NAMES = (
    ("Γιώργος", "Παπαδόπουλος"), ("Иван", "Петров"), ("Анна", "Смирнова"), ("Νίκος", "Γεωργίου"),
)
CJK_NAMES = ("王小明", "李华", "山田太郎", "김민준")
AFFILIATIONS = "mit berkeley stanford deepmind mila microsoft-research cmu eth-zürich inria tsinghua".split()

TITLE_HEAD = (
    "Learning", "Scaling", "Towards", "On the Convergence of", "Rethinking", "Understanding",
    "Efficient", "Probabilistic", "Self-Supervised", "Provably Efficient", "Diffusion-Based",
)
TITLE_MIDDLE = (
    "Language Models", "Policy Gradient Methods", "Vision Transformers", "Graph Neural Networks",
    "In-Context Learning", "Reinforcement Learning", "Bayesian Optimization", "Linear MDPs",
    "Score-Based Generative Models", "Contrastive Representations", "Mixture-of-Experts",
    "Gaussian Processes", "Retrieval-Augmented Generation", "Markov Chains",
)
TITLE_TAIL = (
    "with PyTorch", "via Contrastive Estimation", "for Robotic Manipulation", "at Scale",
    "in $O(n \\log n)$ Time", "for Low-Resource Languages", "on ImageNet", "with GPT-4V",
    "for Zürich Street Scenes", "without Labels", "under Distribution Shift", "with LLMs",
    "for Gödel Machines", "in Théorie des Jeux", "Revisited", "and Beyond",
)
SENTENCES = (
    "We study the effect of baselines in on-policy stochastic policy gradient optimization.",
    "Our first contribution is to show that the state value baseline allows natural policy gradient to converge at an $O(1/t)$ rate.",
    "Large language models trained on internet-scale data have demonstrated exceptional capabilities in few-shot learning.",
    "We propose a simple and scalable architecture that learns a unified encoder for both vision and language data.",
    "The analysis relies on a stochastic version of the non-uniform Łojasiewicz inequality.",
    "Empirically, we demonstrate superior performance over existing state-of-the-art model-based and model-free algorithms.",
    "Experiments on Müller's benchmark and on the Ångström dataset confirm the theory.",
    "Code is available at https://github.com/example/project and results are reproducible.",
    "We find that \\emph{variance reduction} cannot explain their utility; instead the value baseline \\textbf{reduces aggressiveness}.",
    "Theoretically, we prove that the proposed algorithm is sample efficient in both the online and offline settings.",
    "Surprisingly, a higher mask ratio (50-90%) helps, in contrast to BERT whose standard masking ratio is 15%.",
    "This yields a 5.33x improvement in sample efficiency compared with fine-tuning & prompt tuning.",
    "We release a benchmark of 1,000 tasks spanning français, español, Deutsch, 日本語 and Ελληνικά.",
)
VENUES = (
    ("article", "Journal of Machine Learning Research"), ("article", "Transactions on Machine Learning Research"),
    ("paper-conference", "Advances in Neural Information Processing Systems"),
    ("paper-conference", "International Conference on Machine Learning"), ("article", ""),
)

# Unicode letter -> LaTeX accent command (the generator's own table, independent of bibexport's).
LATEX = {
    "ä": '\\"a', "ö": '\\"o', "ü": '\\"u', "ë": '\\"e', "ï": '\\"i', "Ä": '\\"A', "Ö": '\\"O', "Ü": '\\"U',
    "á": "\\'a", "é": "\\'e", "í": "\\'i", "ó": "\\'o", "ú": "\\'u", "É": "\\'E", "ç": "\\c c",
    "à": "\\`a", "è": "\\`e", "ñ": "\\~n", "ã": "\\~a", "â": "\\^a", "ê": "\\^e", "î": "\\^i",
    "č": "\\v c", "ř": "\\v r", "š": "\\v s", "ž": "\\v z", "ě": "\\v e", "Š": "\\v S", "ğ": "\\u g",
    "ő": "\\H o", "ű": "\\H u", "å": "\\aa", "Å": "\\AA", "ø": "\\o", "Ø": "\\O", "ł": "\\l", "Ł": "\\L",
    "ß": "\\ss", "ć": "\\'c", "ş": "\\c s", "Ç": "\\c C",
}


@dataclass(frozen=True, slots=True)
class Name:
    given: str
    family: str
    particle: str = ""
    suffix: str = ""

    def display(self) -> str:
        core = " ".join(p for p in (self.given, self.particle, self.family) if p)
        return f"{core}, {self.suffix}" if self.suffix and self.suffix != "III" else (
            f"{core} {self.suffix}" if self.suffix else core
        )


@dataclass(frozen=True, slots=True)
class Paper:
    index: int
    type: str  # CSL type
    title: str
    authors: tuple[Name, ...]
    year: int
    month: int
    day: int
    badge: str
    code: bool
    affiliations: tuple[str, ...]
    abstract: str
    venue: str
    volume: int
    pages: tuple[int, int]
    doi: str
    eprint: str

    @property
    def key(self) -> str:
        return f"paper{self.index:07d}"


def _name(rng: random.Random, first: bool) -> Name:
    roll = rng.random()
    if roll < 0.02 and not first:  # a listing cannot glue a title to an uncased-script name
        return Name("", rng.choice(CJK_NAMES))
    if roll < 0.03:
        given, particle, family = rng.choice(PARTICLE_NAMES)
        return Name(given, family, particle=particle)
    if roll < 0.04:
        given, family, suffix = rng.choice(SUFFIX_NAMES)
        return Name(given, family, suffix=suffix)
    if roll < 0.08:
        return Name(*rng.choice(SCRIPT_NAMES))
    given = rng.choice(INITIALS) if roll < 0.13 else rng.choice(GIVEN)
    if roll < 0.45:
        return Name(given, rng.choice(FAMILY))
    first, middle = rng.choice(SYLLABLES[0]), rng.choice(SYLLABLES[1])
    return Name(given, first + middle + rng.choice(SYLLABLES[2:]))


def _author_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.01:
        return rng.randint(100, 400)  # consortium papers
    if roll < 0.08:
        return rng.randint(15, 60)
    return rng.randint(1, 9)


def papers(n: int, seed: int = 9) -> Iterator[Paper]:
    """``n`` synthetic papers, the same ones for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    for i in range(n):
        kind, venue = rng.choice(VENUES)
        title = f"{rng.choice(TITLE_HEAD)} {rng.choice(TITLE_MIDDLE)} {rng.choice(TITLE_TAIL)}"
        if rng.random() < 0.3:
            title = f"{rng.choice(('TEMPERA', 'UniSim', 'M3AE', 'SPEDER'))}: {title}"
        title = f"{title} {i}"  # every paper distinct
        if rng.random() < 0.1:
            title = f"{title} Part II"
        start = rng.randint(1, 900)
        yield Paper(
            index=i,
            type=kind,
            title=title,
            authors=tuple(_name(rng, j == 0) for j in range(_author_count(rng))),
            year=rng.randint(2015, 2025),
            month=rng.randint(1, 12),
            day=rng.randint(1, 28),
            badge=rng.choice(BADGES),
            code=rng.random() < 0.3,
            affiliations=tuple(rng.sample(AFFILIATIONS, rng.randint(0, 3))),
            abstract=" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(6, 10))),
            venue=venue,
            volume=rng.randint(1, 40),
            pages=(start, start + rng.randint(5, 30)),
            doi=f"10.48550/arXiv.{2000 + i % 600}.{i:05d}",
            eprint=f"{2000 + i % 600}.{i:05d}",
        )


# --- listing -----------------------------------------------------------------------------------


def listing_entry(paper: Paper) -> str:
    """Header, title glued to (at most three) authors, abstract: as listing pages show it."""
    shown = paper.authors[:3]
    line = paper.title + ", ".join(n.display() for n in shown)
    if len(paper.authors) > 3:
        line += " et al."
    if paper.affiliations:
        line += " · " + ", ".join(paper.affiliations)
    header = f"{paper.badge}{MONTHS[paper.month - 1]} {paper.day}, {paper.year}{'Code' if paper.code else ''}"
    return f"{header}\n{line}\n{paper.abstract}\n"


# --- BibTeX ------------------------------------------------------------------------------------


def latex(text: str, style: int) -> str:
    """Accented letters as LaTeX: ``{\\"u}``, ``\\"{u}`` or ``\\"u`` by ``style``."""
    out = []
    for ch in text:
        command = LATEX.get(ch)
        if command is None:
            out.append(ch)
        elif style == 0 or command[1:].isalpha():
            out.append("{" + command + "}")  # {\"u}, {\ss}, {\v c}
        elif style == 1:
            out.append(command[:2] + "{" + command[2:].strip() + "}")  # \"{u}
        else:
            out.append("{" + command + "}" if " " in command else command)  # \"u
    return "".join(out)


def _bib_name(name: Name, style: int) -> str:
    family = latex(" ".join(p for p in (name.particle, name.family) if p), style)
    given = latex(name.given, style)
    if name.suffix:
        return f"{family}, {name.suffix}, {given}"
    return f"{family}, {given}" if given else family


def bibtex_entry(paper: Paper) -> str:
    style = paper.index % 3
    entry_type = {"article": "article", "paper-conference": "inproceedings"}[paper.type]
    if not paper.venue:
        entry_type = "misc"
    title = latex(paper.title, style)
    for word in ("PyTorch", "ImageNet", "GPT-4V", "LLMs", "MDPs", "TEMPERA", "UniSim"):
        title = title.replace(word, "{" + word + "}")
    fields = [
        ("title", title),
        ("author", " and ".join(_bib_name(n, style) for n in paper.authors)),
        ("year", str(paper.year)),
        ("month", MONTHS[paper.month - 1].lower()),
    ]
    if entry_type == "article":
        fields += [("journal", paper.venue), ("volume", str(paper.volume)),
                   ("pages", f"{paper.pages[0]}--{paper.pages[1]}")]
    elif entry_type == "inproceedings":
        fields += [("booktitle", paper.venue), ("pages", f"{paper.pages[0]}--{paper.pages[1]}")]
    else:
        fields += [("eprint", paper.eprint), ("archivePrefix", "arXiv"), ("primaryClass", "cs.LG"),
                   ("publisher", "arXiv")]
    abstract = latex(paper.abstract, style).replace("%", "\\%").replace("&", "\\&")
    fields += [
        ("doi", paper.doi),
        ("url", f"https://arxiv.org/abs/{paper.eprint}"),
        ("keywords", "machine learning, " + paper.badge.lower()),
        ("abstract", abstract),
    ]
    bare = ("year", "month", "volume")  # numbers and month macros go unbraced
    body = ",\n".join(f"  {name} = {value if name in bare else '{' + value + '}'}" for name, value in fields)
    return f"@{entry_type}{{{paper.key},\n{body}\n}}\n\n"


# --- CSL-JSON ----------------------------------------------------------------------------------


def csl_item(paper: Paper) -> dict[str, object]:
    item: dict[str, object] = {
        "id": paper.key,
        "type": paper.type if paper.venue else "article",
        "title": paper.title,
        "author": [
            {k: v for k, v in (("family", n.family), ("given", n.given),
                               ("non-dropping-particle", n.particle), ("suffix", n.suffix)) if v}
            for n in paper.authors
        ],
        "issued": {"date-parts": [[paper.year, paper.month, paper.day]]},
        "abstract": paper.abstract,
        "DOI": paper.doi,
        "URL": f"https://arxiv.org/abs/{paper.eprint}",
    }
    if paper.venue:
        item.update({"container-title": paper.venue, "volume": str(paper.volume),
                     "page": f"{paper.pages[0]}-{paper.pages[1]}"})
    else:
        item.update({"publisher": "arXiv", "genre": "Preprint", "number": paper.eprint})
    return item


# --- RIS ---------------------------------------------------------------------------------------


def ris_entry(paper: Paper) -> str:
    kind = {"article": "JOUR", "paper-conference": "CONF"}[paper.type] if paper.venue else "PREPRINT"
    lines = [f"TY  - {kind}", f"TI  - {paper.title}"]
    for n in paper.authors:
        family = " ".join(p for p in (n.particle, n.family) if p)
        lines.append(f"AU  - {family}" + "".join(f", {p}" for p in (n.given, n.suffix) if p))
    lines += [f"PY  - {paper.year}", f"DA  - {paper.year}/{paper.month:02d}/{paper.day:02d}"]
    if paper.venue:
        lines += [f"T2  - {paper.venue}", f"VL  - {paper.volume}", f"SP  - {paper.pages[0]}", f"EP  - {paper.pages[1]}"]
    else:
        lines += ["PB  - arXiv", "M3  - Preprint"]
    lines += [f"AB  - {paper.abstract}", f"DO  - {paper.doi}", f"UR  - https://arxiv.org/abs/{paper.eprint}",
              "KW  - machine learning", f"KW  - {paper.badge.lower()}", "ER  - ", "", ""]
    return "\r\n".join(lines)


# --- files -------------------------------------------------------------------------------------

SUFFIX = {"listing": ".txt", "bibtex": ".bib", "csljson": ".json", "ris": ".ris"}


def path_for(out: Path, fmt: str, n: int) -> Path:
    return out / f"papers-{n}{SUFFIX[fmt]}"


def _chunks(fmt: str, n: int) -> Iterable[str]:
    if fmt == "listing":
        yield from map(listing_entry, papers(n))
    elif fmt == "bibtex":
        yield "% Synthetic bibliography for the bibexport benchmark.\n\n"
        yield from map(bibtex_entry, papers(n))
    elif fmt == "ris":
        yield "\ufeff"  # Zotero and EndNote write a BOM
        yield from map(ris_entry, papers(n))
    elif fmt == "csljson":
        yield "["
        for i, paper in enumerate(papers(n)):
            yield ("\n" if i == 0 else ",\n") + json.dumps(csl_item(paper), ensure_ascii=False)
        yield "\n]\n"
    else:
        raise ValueError(f"unknown format {fmt!r}")


def generate(fmt: str, n: int, out: Path, *, force: bool = False) -> Path:
    """Write ``n`` papers in ``fmt`` under ``out`` (kept when already there) and return the path."""
    path = path_for(out, fmt, n)
    if path.exists() and not force:
        return path
    out.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        buffer: list[str] = []
        for chunk in _chunks(fmt, n):
            buffer.append(chunk)
            if len(buffer) >= 2000:
                handle.write("".join(buffer))
                buffer.clear()
        handle.write("".join(buffer))
    tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated record counts")
    parser.add_argument("--formats", default=",".join(SUFFIX), help="comma-separated formats")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--force", action="store_true", help="regenerate files that exist")
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        for fmt in args.formats.split(","):
            path = generate(fmt, n, args.out, force=args.force)
            print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
