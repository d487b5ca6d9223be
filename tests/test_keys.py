"""Citation keys: the default pattern, collisions, the template language, --keys-from."""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport import registry
from bibexport.cli import main
from bibexport.errors import KeyFormatError
from bibexport.keys import KeyFormat, assign_keys, default_key, identity, key_changes, suffix, words
from bibexport.model import Date, Person, Record
from bibexport.names import parse_name


def rec(title: str = "", *names: str, year: int | None = 2024, month: int | None = None, **kw: object) -> Record:
    issued = Date(year, month) if year is not None else None
    return Record(title=title, author=tuple(parse_name(n) for n in names), issued=issued, **kw)  # type: ignore[arg-type]


def keys_of(records: list[Record], **options: object) -> list[str]:
    return [r.id for r in assign_keys(records, **options)]  # type: ignore[arg-type]


# --- the default pattern -------------------------------------------------------------

@pytest.mark.parametrize(
    ("record", "key"),
    [
        pytest.param(rec("What learning algorithm is in-context learning?", "Ekin Akyürek", year=2022),
                     "akyurek2022learning", id="accent-folded-and-stopword-skipped"),
        pytest.param(rec("Visualizing Data using t-SNE", "Laurens van der Maaten", year=2008),
                     "vandermaaten2008visualizing", id="particle-kept"),
        pytest.param(rec("Visualizing Data using t-SNE", "van der Maaten, Laurens", year=2008),
                     "vandermaaten2008visualizing", id="particle-kept-inverted-name"),
        pytest.param(rec("Letter from Birmingham Jail", "Martin Luther King Jr.", year=1963),
                     "king1963letter", id="suffix-jr-dropped"),
        pytest.param(rec("Letter", "King, Jr., Martin Luther", year=1963), "king1963letter", id="suffix-inverted"),
        pytest.param(Record(title="Deep networks", author=(Person(family="张", given="伟"),), issued=Date(2020)),
                     "zhang2020deep", id="cjk-family-via-unidecode"),
        pytest.param(Record(title="Graphs", author=(Person(family="김", given="민준"),), issued=Date(2021)),
                     "gim2021graphs", id="hangul-family-via-unidecode"),
        pytest.param(rec("Learning things", year=2020), "anon2020learning", id="no-author"),
        pytest.param(Record(title="Proceedings of things", editor=(Person("Smith", "Ann"),), issued=Date(2019)),
                     "smith2019proceedings", id="editor-when-no-author"),
        pytest.param(rec("$E = mc^2$", "Albert Einstein", year=1905), "einstein1905", id="math-only-title"),
        pytest.param(rec(r"$\pi$-calculus for everyone", "Robin Milner", year=1992), "milner1992calculus",
                     id="math-word-skipped"),
        pytest.param(rec("2048 ways to win", "Jane Doe"), "doe2024ways", id="digits-only-word-skipped"),
        pytest.param(rec("GPT-4 Technical Report", "Jane Doe"), "doe2024gpt", id="hyphen-splits-words"),
        pytest.param(rec("The Role of Baselines", "Jincheng Mei", year=2023), "mei2023role", id="leading-article"),
        pytest.param(rec("Don't Stop Pretraining", "Suchin Gururangan", year=2020), "gururangan2020dont",
                     id="apostrophe-dropped"),
        pytest.param(rec("<i>Drosophila</i> genetics", "Jane Doe"), "doe2024drosophila", id="csl-markup-stripped"),
        pytest.param(rec(r"Schr\"odinger bridges", "Jane Doe"), "doe2024schrodinger", id="latex-accent-stripped"),
        pytest.param(rec("Soft Preference Optimization", "Arsalan Sharif-Nassab"), "sharifnassab2024soft",
                     id="hyphenated-family"),
        pytest.param(rec("Weapons of math destruction", "Cathy O'Neil", year=2016), "oneil2016weapons",
                     id="apostrophe-in-family"),
        pytest.param(Record(title="Wars", author=(Person("Gaulle", "Charles", dropping_particle="de"),)),
                     "gaullewars", id="dropping-particle-left-out-no-year"),
        pytest.param(Record(title="GPT-4", author=(Person(literal="OpenAI"),), issued=Date(2023)),
                     "openai2023gpt", id="institution-short"),
        pytest.param(Record(title="Report", author=(Person(literal="World Health Organization"),), issued=Date(2020)),
                     "who2020report", id="institution-long-initials"),
        pytest.param(Record(), "anon", id="empty-record"),
        # Issue #19, as Better BibTeX's title words: punctuation such as '&' is removed inside a word
        # (nopunct: Q&A -> QA) and one-letter words are skipped; a lone Greek letter is read by its name.
        pytest.param(rec("Q&A for Machine Learning", "Zoe Kourtzi", year=2025), "kourtzi2025qa", id="ampersand-joins"),
        pytest.param(rec("AT&T Labs", "Jane Doe"), "doe2024att", id="ampersand-inside-word"),
        pytest.param(rec("The ε-Greedy Strategy", "Csaba Szepesvári", year=2023), "szepesvari2023epsilon",
                     id="greek-letter-named"),
        pytest.param(rec("β-VAE: Learning Basic Visual Concepts", "Irina Higgins", year=2017), "higgins2017beta",
                     id="greek-beta"),
        pytest.param(rec("ϵ-Nets", "Jane Doe"), "doe2024epsilon", id="greek-lunate-epsilon-symbol"),
        pytest.param(rec("Q-Learning", "Chris Watkins", year=1992), "watkins1992learning", id="one-letter-word-skipped"),
        pytest.param(rec("Η ιστορία της τέχνης", "Jane Doe"), "doe2024istoria", id="greek-title-by-unidecode"),
    ],
)
def test_default_key(record: Record, key: str) -> None:
    assert default_key(record) == key


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("On the Number of Linear Regions", ["number", "linear", "regions"], id="stopwords"),
        pytest.param("Best-of-$N$ Distillation", ["best", "distillation"], id="math-inline"),
        pytest.param("Attention Is All You Need", ["attention", "all", "need"], id="all-is-significant"),
        pytest.param("Le réseau des neurones", ["reseau", "neurones"], id="french-articles"),
        pytest.param("…!?", [], id="punctuation-only"),
    ],
)
def test_significant_title_words(title: str, expected: list[str]) -> None:
    assert words(title) == expected


# --- collisions ----------------------------------------------------------------------

def test_collision_suffix_follows_the_whole_key_and_earliest_paper_keeps_bare_key() -> None:
    later = rec("Scaling sparse models", "Priya Raman", month=3)
    earlier = rec("Scaling laws", "Priya Raman", month=1)
    assert keys_of([later, earlier]) == ["raman2024scalinga", "raman2024scaling"]
    assert keys_of([earlier, later]) == ["raman2024scaling", "raman2024scalinga"]


def test_suffix_placeholder_moves_the_letter() -> None:
    records = [rec("Scaling laws", "Priya Raman", month=1), rec("Scaling up", "Priya Raman", month=2)]
    assert keys_of(records, key_format="{author}{year}{suffix}{title}") == ["raman2024scaling", "raman2024ascaling"]


def test_suffixes_run_a_to_z_then_aa() -> None:
    records = [rec(f"Scaling part {n}", "Priya Raman", month=1 + n % 12) for n in range(28)]
    keys = keys_of(records)
    letters = sorted(k.removeprefix("raman2024scaling") for k in keys)
    assert letters == sorted([""] + list("abcdefghijklmnopqrstuvwxyz") + ["aa"])


@pytest.mark.parametrize(
    ("n", "letters"),
    [(1, "a"), (26, "z"), (27, "aa"), (52, "az"), (53, "ba"), (702, "zz"), (703, "aaa")],
)
def test_suffix_letters_are_bijective_base_26(n: int, letters: str) -> None:
    assert suffix(n) == letters


def test_big_collision_group_stays_unique() -> None:
    records = [Record(title="Untitled", issued=Date(2020, 1 + n % 12, 1 + n % 28)) for n in range(800)]
    keys = keys_of(records)
    assert len({k.lower() for k in keys}) == 800
    assert {k.removeprefix("anon2020untitled") for k in keys} >= {"", "a", "zz", "aaa"}


def test_clash_is_case_insensitive_against_kept_input_key() -> None:
    kept = rec("Something else", "Jane Doe", id="Raman2024Scaling")
    new = rec("Scaling laws", "Priya Raman")
    assert keys_of([kept, new]) == ["Raman2024Scaling", "raman2024scalinga"]


def test_input_keys_kept_unless_rekey() -> None:
    record = rec("Scaling laws", "Priya Raman", id="myKey")
    assert keys_of([record]) == ["myKey"]
    assert keys_of([record], rekey=True) == ["raman2024scaling"]


def test_duplicate_input_key_gets_a_suffix() -> None:
    records = [rec("One", "Jane Doe", id="doe2024"), rec("Two", "Jane Doe", id="doe2024")]
    assert keys_of(records) == ["doe2024", "doe2024a"]


@pytest.mark.parametrize("bad", ["my key", "a,b", "{x}", "a%b", "", "a\\b"])
def test_unusable_input_key_is_replaced(bad: str) -> None:
    assert keys_of([rec("Scaling laws", "Priya Raman", id=bad)]) == ["raman2024scaling"]


def test_keys_from_reuses_matching_keys_and_reserves_all_others() -> None:
    old = [
        rec("Scaling laws", "Priya Raman", id="scaling-paper"),
        rec("A removed paper", "Jane Doe", id="raman2024scaling"),
    ]
    grown = [rec("Scaling Laws!", "Priya Ráman", month=5), rec("Scaling up", "Priya Raman", month=1)]
    # the first matches old[0] (title and name normalized), the second must avoid old[1]'s key
    assert keys_of(grown, keys_from=old) == ["scaling-paper", "raman2024scalinga"]


def test_keys_from_needs_the_same_year() -> None:
    old = [rec("Scaling laws", "Priya Raman", year=2023, id="old")]
    assert keys_of([rec("Scaling laws", "Priya Raman", year=2024)], keys_from=old) == ["raman2024scaling"]


def test_identity_ignores_case_accents_and_punctuation() -> None:
    assert identity(rec("Scaling Laws: A Study", "Priya Ráman")) == identity(rec("scaling laws a study", "P. Raman"))
    assert identity(rec("", "Priya Raman")) is None


# --- the template language -----------------------------------------------------------

AUTHORS = ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit",
           "Llion Jones", "Aidan N. Gomez", "Łukasz Kaiser", "Illia Polosukhin"]
ATTENTION = rec("Attention Is All You Need", *AUTHORS, year=2017, categories=("cs.CL",))


@pytest.mark.parametrize(
    ("template", "record", "key"),
    [
        pytest.param("{author}{year}{title}", ATTENTION, "vaswani2017attention", id="default"),
        pytest.param("{authors:2}{year}", ATTENTION, "vaswanishazeeretal2017", id="authors-n-et-al"),
        pytest.param("{authors:8}", ATTENTION, "vaswanishazeerparmaruszkoreitjonesgomezkaiserpolosukhin",
                     id="authors-n-all-no-et-al"),
        pytest.param("{authetal}", ATTENTION, "vaswanietal", id="authetal-many"),
        pytest.param("{authetal}", rec("X", "Jane Doe", "John Roe"), "doeroe", id="authetal-two"),
        pytest.param("{authetal}", rec("X", "Jane Doe"), "doe", id="authetal-one"),
        pytest.param("{authetal}", rec("X", "Jane Doe", authors_truncated=True), "doeetal",
                     id="authetal-truncated-list"),
        pytest.param("{authors:3}", rec("X", "Jane Doe", "John Roe", authors_truncated=True), "doeroeetal",
                     id="authors-truncated-list"),
        pytest.param("{author}_{year:2}", ATTENTION, "vaswani_17", id="two-digit-year"),
        pytest.param("{title:3}", ATTENTION, "attentionallneed", id="title-words"),
        pytest.param("{category}:{author}", ATTENTION, "cscl:vaswani", id="category"),
        pytest.param("{author|upper}-{year}", ATTENTION, "VASWANI-2017", id="upper"),
        pytest.param("{authetal|capitalize}{year}{title:2|capitalize}", ATTENTION, "VaswaniEtAl2017AttentionAll",
                     id="capitalize-per-word"),
        pytest.param("{category}{year}", rec("X", "Jane Doe", year=None), "anon", id="nothing-renders"),
        pytest.param("{authors:2}", rec("Untitled"), "anon", id="no-authors"),
    ],
)
def test_template(template: str, record: Record, key: str) -> None:
    assert KeyFormat.parse(template).key(record) == key


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param("{auhtor}{year}", "unknown field {auhtor} at position 0", id="unknown-field"),
        pytest.param("{Author}", "unknown field {Author}", id="field-names-are-lowercase"),
        pytest.param("{author:2}", "author takes no argument; for several authors use {authors:N}", id="author-arg"),
        pytest.param("{year}{title:0}", "{title:0} at position 6: the argument of title must be", id="zero-words"),
        pytest.param("{title:x}", "must be a whole number from 1, not 'x'", id="non-numeric-arg"),
        pytest.param("{year:3}", "the argument of year must be 2 or 4", id="year-digits"),
        pytest.param("{authors}", "authors needs a count, e.g. {authors:2}", id="authors-without-count"),
        pytest.param("{author}{title", "the '{' at position 8 is never closed", id="unclosed"),
        pytest.param("{author}}", "character '}' at position 8", id="stray-close"),
        pytest.param("{author} {year}", "character ' ' at position 8 is not allowed", id="space"),
        pytest.param("{author}.{year}", "character '.' at position 8", id="dot"),
        pytest.param("ref", "it has no field", id="no-field"),
        pytest.param("{suffix}", "it has no field", id="suffix-only"),
        pytest.param("", "it is empty", id="empty"),
        pytest.param("{author}{suffix}{year}{suffix}", "{suffix} may appear only once", id="two-suffixes"),
        pytest.param("{author|bold}", "unknown modifier 'bold' in {author|bold}", id="unknown-modifier"),
    ],
)
def test_invalid_template(template: str, message: str) -> None:
    with pytest.raises(KeyFormatError) as excinfo:
        KeyFormat.parse(template)
    assert message in str(excinfo.value)
    assert repr(template) in str(excinfo.value)


# --- properties ----------------------------------------------------------------------

NAMES = st.sampled_from([
    Person("Akyürek", "Ekin"), Person("Maaten", "Laurens", particle="van der"), Person("King", "Martin", suffix="Jr."),
    Person("张", "伟"), Person("Raman", "Priya"), Person("Raman", "Ravi"), Person(literal="OpenAI"),
    Person("", ""), Person("O'Neil", "Cathy"), Person("Ⅻ", "x"), Person("RAMAN", "P."),
])
WORDS = st.sampled_from(
    ["Scaling", "scaling", "the", "of", "Laws", "$x^2$", "2024", "Über", "learning", "—", "深度", "A", "GPT-4"]
)
RECORDS = st.builds(
    lambda title, authors, year, month: Record(
        title=" ".join(title), author=tuple(authors), issued=Date(year, month) if year else None
    ),
    st.lists(WORDS, max_size=4),
    st.lists(NAMES, max_size=3),
    st.sampled_from([None, 2023, 2024]),
    st.sampled_from([None, 1, 6]),
)
KEY_CHARS = re.compile(r"[a-z0-9_:-]+")


@settings(max_examples=200, deadline=None)
@given(st.lists(RECORDS, max_size=12))
def test_default_keys_are_ascii_unique_and_deterministic(records: list[Record]) -> None:
    keys = keys_of(records)
    assert all(k.isascii() and KEY_CHARS.fullmatch(k) for k in keys)
    assert len({k.lower() for k in keys}) == len(keys)
    assert keys_of(records) == keys


@settings(max_examples=200, deadline=None)
@given(st.lists(RECORDS, max_size=12), st.randoms(use_true_random=False))
def test_keys_do_not_depend_on_input_order(records: list[Record], rnd: random.Random) -> None:
    shuffled = records[:]
    rnd.shuffle(shuffled)
    pairs = Counter(zip(records, keys_of(records)))
    assert Counter(zip(shuffled, keys_of(shuffled))) == pairs


@settings(max_examples=200, deadline=None)
@given(st.lists(RECORDS, max_size=12), st.data())
def test_records_with_unique_base_key_keep_it_when_others_are_removed(records: list[Record], data) -> None:
    bases = Counter(default_key(r).lower() for r in records)
    keep = data.draw(st.lists(st.booleans(), min_size=len(records), max_size=len(records)))
    subset = [r for r, k in zip(records, keep) if k]
    full = dict(zip(records, keys_of(records)))
    for record, key in zip(subset, keys_of(subset)):
        if bases[default_key(record).lower()] == 1:
            assert key == full[record] == default_key(record)


@settings(max_examples=200, deadline=None)
@given(st.lists(RECORDS, max_size=8), st.lists(RECORDS, max_size=6))
def test_keys_from_keeps_old_keys_and_new_ones_never_clash(old: list[Record], new: list[Record]) -> None:
    exported = assign_keys(old)
    grown = new + old
    keys = keys_of(grown, keys_from=exported)
    idents = Counter(identity(r) for r in [*exported, *new])  # a paper listed twice pins its key once
    for record, key in zip(exported, keys[len(new):]):
        if identity(record) is not None and idents[identity(record)] == 1:
            assert key == record.id
    old_keys = {r.id.lower() for r in exported}
    pinned = {r.id.lower() for r in exported if identity(r) is not None}
    new_only = [k for r, k in zip(grown, keys) if identity(r) not in {identity(e) for e in exported if e.id}]
    assert not {k.lower() for k in new_only} & old_keys
    assert len({k.lower() for k in keys}) == len(keys)
    assert pinned >= {k.lower() for k in keys} & old_keys


# --- the command line ----------------------------------------------------------------

OLD_LISTING = (
    "LGJan 10, 2024\nScaling laws for everythingPriya Raman, John Smith\nAbstract.\n"
    "LGFeb 2, 2023\nProbing tiny modelsMaria Lopez\nAbstract.\n"
)
NEW_PAPER = "LGMay 5, 2024\nScaling sparse modelsPriya Raman\nAbstract.\n"


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def key_lines(output: str) -> dict[str, str]:
    return {line.split("\t")[2]: line.split("\t")[0] for line in output.splitlines()}


def test_cli_keys_from_json_keeps_old_keys_under_a_new_template(tmp_path) -> None:
    listing, old = tmp_path / "old.txt", tmp_path / "old.json"
    listing.write_text(OLD_LISTING, encoding="utf-8")
    exported = invoke("export", str(listing), "--key-format", "{authors:1}{year:2}", "-o", str(old))
    assert exported.exit_code == 0, exported.output
    assert [item["id"] for item in json.loads(old.read_text(encoding="utf-8"))] == ["ramanetal24", "lopez23"]

    grown = tmp_path / "grown.txt"
    grown.write_text(NEW_PAPER + OLD_LISTING, encoding="utf-8")
    result = invoke("keys", str(grown), "--keys-from", str(old), "--key-format", "{authors:1}{year:2}")
    assert result.exit_code == 0, result.output
    assert key_lines(result.stdout) == {
        "Scaling sparse models": "raman24",
        "Scaling laws for everything": "ramanetal24",
        "Probing tiny models": "lopez23",
    }


def test_cli_new_record_never_takes_a_key_of_the_old_file(tmp_path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps([{"id": "raman2024scaling", "type": "article", "title": "Gone paper"}]), "utf-8")
    result = invoke("keys", "-", "--keys-from", str(old), stdin=NEW_PAPER)
    assert result.exit_code == 0, result.output
    assert result.stdout == "raman2024scalinga\t2024\tScaling sparse models\n"


@pytest.mark.skipif(
    "bibtex" not in registry.FORMATS or not registry.FORMATS["bibtex"].reader, reason="BibTeX reader not yet registered"
)
def test_cli_keys_from_bib(tmp_path) -> None:
    old = tmp_path / "old.bib"
    old.write_text(
        "@article{Pinned:Raman,\n  title = {Scaling laws for everything},\n"
        "  author = {Raman, Priya and Smith, John},\n  year = {2024},\n}\n",
        encoding="utf-8",
    )
    result = invoke("keys", "-", "--keys-from", str(old), stdin=OLD_LISTING)
    assert result.exit_code == 0, result.output
    assert key_lines(result.stdout)["Scaling laws for everything"] == "Pinned:Raman"


def test_cli_input_keys_kept_unless_rekey(tmp_path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"id": "MyKey", "type": "article", "title": "Scaling laws",
                                "author": [{"family": "Raman", "given": "Priya"}],
                                "issued": {"date-parts": [[2024]]}}]), "utf-8")
    assert invoke("keys", str(src)).stdout.split("\t")[0] == "MyKey"
    assert invoke("keys", str(src), "--rekey").stdout.split("\t")[0] == "raman2024scaling"


def test_cli_export_applies_key_format() -> None:
    result = invoke("export", "-", "--to", "csljson", "--key-format", "{author|capitalize}{year}", stdin=NEW_PAPER)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["id"] == "Raman2024"


def test_cli_invalid_key_format_is_a_usage_error() -> None:
    result = invoke("keys", "--key-format", "{author}{yaer}")
    assert result.exit_code == 2
    assert "unknown field {yaer} at position 8" in result.stderr
    assert result.stdout == ""


def test_cli_keys_from_problems_fail_under_strict(tmp_path) -> None:
    old = tmp_path / "old.json"
    old.write_text("[{not json", encoding="utf-8")
    relaxed = invoke("keys", "-", "--keys-from", str(old), stdin=NEW_PAPER)
    assert relaxed.exit_code == 0
    assert f"{old}:1: error: invalid JSON" in relaxed.stderr
    assert invoke("keys", "-", "--keys-from", str(old), "--strict", stdin=NEW_PAPER).exit_code == 1


# --- input keys that are not kept are reported ----------------------------------------

SAME_A = rec("Alpha", "Jane Doe", year=2020, id="same", source="a.bib:1")
SAME_B = rec("Beta", "Jim Roe", year=2021, id="same", source="b.bib:1")


@pytest.mark.parametrize(
    ("records", "options", "messages"),
    [
        pytest.param([SAME_A, SAME_B], {}, ["b.bib:1: warning: key 'same' already used at a.bib:1; written as 'samea'"],
                     id="used-earlier"),
        pytest.param([SAME_A, SAME_B.replace(id="Same")], {},
                     ["b.bib:1: warning: key 'Same' already used at a.bib:1; written as 'Samea'"], id="other-case"),
        pytest.param([SAME_A.replace(id="my key")], {},
                     ["a.bib:1: warning: key 'my key' cannot be used (whitespace or one of \"#%'(),=\\{}~); "
                      "written as 'doe2020alpha'"], id="unusable"),
        pytest.param([SAME_A, SAME_B], {"rekey": True}, [], id="rekey-asked-for"),
        pytest.param([SAME_A], {"keys_from": [SAME_A.replace(id="doe-alpha")]}, [], id="keys-from-wins"),
        pytest.param([SAME_A, SAME_B.replace(id="other")], {}, [], id="all-kept"),
    ],
)
def test_key_changes_name_the_old_key_the_holder_and_the_new_key(records, options, messages) -> None:
    keyed = assign_keys(records, **options)
    assert [str(p) for p in key_changes(records, keyed, **options)] == messages


def test_cli_warns_of_a_key_used_by_another_input_and_strict_fails(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.bib").write_text("@article{same, title={Alpha}, author={Doe, Jane}, year={2020}}\n", encoding="utf-8")
    (tmp_path / "b.bib").write_text("@article{same, title={Beta}, author={Roe, Jim}, year={2021}}\n", encoding="utf-8")
    result = invoke("export", "a.bib", "b.bib", "--to", "bibtex")
    assert result.exit_code == 0 and "@article{samea," in result.stdout
    assert result.stderr == "b.bib:1: warning: key 'same' already used at a.bib:1; written as 'samea'\n"
    assert invoke("export", "a.bib", "b.bib", "--to", "bibtex", "--strict").exit_code == 1


def test_a_key_repeated_in_one_bibtex_file_is_reported_once(tmp_path) -> None:
    path = tmp_path / "dup.bib"
    path.write_text("@article{same, title={A}, author={Doe, Jane}, year={2020}}\n"
                    "@article{same, title={B}, author={Roe, Jim}, year={2021}}\n", encoding="utf-8")
    result = invoke("keys", str(path))
    assert result.stderr == f"{path}:2: warning: duplicate citation key 'same' (first at line 1); both kept\n"
