"""Citation keys by the rules of README "Citation keys" and the keys module's docstrings, for
the cases tests/test_keys.py leaves open (written for the mutation score, tests/MUTATION.md):
institution names, Greek symbols, markup and math in titles, the clash order, the template
language's whole error messages, ``{suffix}`` with modifiers and text after it, and the
work done (operations counted, not seconds)."""

from __future__ import annotations

import itertools

import pytest

from bibexport import keys
from bibexport.errors import KeyFormatError
from bibexport.keys import KeyFormat, assign_keys, default_key, key_changes, person_name, suffixes, words
from bibexport.model import Date, Person, Record


def paper(title: str, family: str, given: str = "Priya", *, year: int | None = 2024, month: int | None = None,
          **kw: object) -> Record:
    issued = Date(year, month) if year is not None else None
    return Record(title=title, author=(Person(family, given),), issued=issued, **kw)  # type: ignore[arg-type]


def keys_of(records: list[Record], **options: object) -> list[str]:
    return [r.id for r in assign_keys(records, **options)]  # type: ignore[arg-type]


# --- names -----------------------------------------------------------------------------

@pytest.mark.parametrize(("literal", "key"), [
    # README: "An institution of one or two significant words is written in full"
    pytest.param("Google DeepMind", "googledeepmind", id="two-words-in-full"),
    pytest.param("The Beatles", "beatles", id="stopword-not-significant"),
    pytest.param("European Space Agency", "esa", id="three-words-initials"),
    # no significant word at all: the name's letters, never an empty name
    pytest.param("The Who", "thewho", id="only-stopwords"),
])
def test_institution_name(literal: str, key: str) -> None:
    assert person_name(Person(literal=literal)) == key


# --- title words -----------------------------------------------------------------------

@pytest.mark.parametrize(("title", "expected"), [
    # words(): "Skipped: math ($...$, \(...\)), HTML and LaTeX markup"
    pytest.param(r"\(nk\)-sorting networks", ["sorting", "networks"], id="paren-math-without-dollar"),
    pytest.param('<span class="nocase">DNA</span> repair', ["dna", "repair"], id="html-markup-without-backslash"),
    pytest.param("<sup>13</sup>C labelling", ["13c", "labelling"], id="sup-tag"),
    # a Greek letter on its own is spelled by its Unicode name; MICRO SIGN is mu
    pytest.param("µ-Law Companding", ["mu", "law", "companding"], id="micro-sign"),
    pytest.param("ϕ-Divergences", ["phi", "divergences"], id="phi-symbol"),
    pytest.param("ϑ-Functions", ["theta", "functions"], id="theta-symbol"),
    pytest.param("ϵ-Nets", ["epsilon", "nets"], id="lunate-epsilon-symbol"),
    # any whitespace separates words: U+0085 (NEXT LINE, which unidecode drops) too
    pytest.param("Alpha\x85Beta\u2028Gamma\u3000Delta", ["alpha", "beta", "gamma", "delta"], id="unicode-whitespace"),
])
def test_significant_words(title: str, expected: list[str]) -> None:
    assert words(title) == expected


def test_title_words_are_transliterated_only_as_far_as_they_are_read(monkeypatch) -> None:
    """_iter_words: unidecode runs on each space-separated piece when it is reached, so the
    first words of a 1 MB title cost little."""
    seen: list[int] = []
    real = keys.unidecode

    def counting(text: str) -> str:
        seen.append(len(text))
        return real(text)

    monkeypatch.setattr(keys, "unidecode", counting)
    record = paper("Ökonomie " * 100_000, "Raman")
    assert default_key(record) == "raman2024okonomie"
    assert sum(seen) < 100


# --- templates -------------------------------------------------------------------------

def test_authetal_three_names_is_first_and_etal() -> None:
    # README: "one author: the name; two: both; three or more (or truncated): first + etal"
    record = Record(title="X", author=(Person("Doe", "Jane"), Person("Roe", "John"), Person("Poe", "Ann")))
    assert KeyFormat.parse("{authetal}").key(record) == "doeetal"


def test_parsed_format_keeps_its_template() -> None:
    for template in ("{author}{year}", "{author}{suffix}{year}"):
        assert KeyFormat.parse(template).template == template


CLASH = [paper("Scaling laws", "Raman", month=1), paper("Scaling up", "Raman", month=2)]


@pytest.mark.parametrize(("template", "expected"), [
    # the suffix takes its modifiers like any field
    pytest.param("{author}{year}{suffix|upper}", ["raman2024", "raman2024A"], id="suffix-upper"),
    pytest.param("{author|upper}{suffix|upper}{year}", ["RAMAN2024", "RAMANA2024"], id="suffix-upper-inside"),
    # everything after {suffix} follows the letter, run together
    pytest.param("{author}{suffix}_{year}", ["raman_2024", "ramana_2024"], id="two-parts-after-suffix"),
    pytest.param("{author}{suffix}{year}{title}", ["raman2024scaling", "ramana2024scaling"], id="fields-after-suffix"),
])
def test_suffix_placeholder(template: str, expected: list[str]) -> None:
    assert keys_of(CLASH, key_format=template) == expected


@pytest.mark.parametrize(("template", "message"), [
    # README: "Invalid templates are a usage error naming the bad part"; the whole message
    pytest.param("{author}}", "character '}' at position 8 is not allowed in keys (fields are written {name})",
                 id="stray-close"),
    pytest.param("{author}.{year}", "character '.' at position 8 is not allowed in keys "
                 "(use letters, digits, '_', ':' or '-')", id="dot"),
    pytest.param("{author|bold}", "unknown modifier 'bold' in {author|bold} at position 0; "
                 "modifiers: lower, upper, capitalize", id="unknown-modifier"),
    pytest.param("{author}{suffix:2}", "{suffix:2} at position 8: suffix takes no argument", id="suffix-arg"),
    pytest.param("{author:2}", "{author:2} at position 0: author takes no argument; for several authors use "
                 "{authors:N}", id="author-arg-hint"),
    pytest.param("{category:2}", "{category:2} at position 0: category takes no argument", id="category-arg"),
    pytest.param("{authetal:3}", "{authetal:3} at position 0: authetal takes no argument", id="authetal-arg"),
    pytest.param("{author}{suffix}{year}{suffix}", "{suffix} may appear only once", id="two-suffixes"),
    pytest.param("{auhtor}", "unknown field {auhtor} at position 0; fields: author, authors:N, authetal, year, "
                 "year:2, title, title:N, category, suffix", id="unknown-field"),
])
def test_invalid_template_message(template: str, message: str) -> None:
    with pytest.raises(KeyFormatError) as excinfo:
        KeyFormat.parse(template)
    assert str(excinfo.value) == f"invalid key format {template!r}: {message}"


# --- clashes ---------------------------------------------------------------------------

def test_earliest_date_keeps_the_bare_key_whatever_the_titles() -> None:
    earlier, later = paper("Scaling up", "Raman", month=1), paper("Scaling laws", "Raman", month=3)
    assert keys_of([later, earlier]) == ["raman2024scalinga", "raman2024scaling"]


def test_a_record_without_date_does_not_take_the_bare_key_from_a_dated_one() -> None:
    undated, dated = paper("Scaling", "Raman", year=None), paper("Scaling", "Raman", year=2024)
    assert keys_of([undated, dated], key_format="{author}{title}") == ["ramanscalinga", "ramanscaling"]


def test_same_date_and_title_go_by_authors() -> None:
    # "ordered by date, then title, then authors": Jane Doe before John Doe, whatever else differs
    jane = paper("Scaling", "Doe", "Jane", type="report")
    john = paper("Scaling", "Doe", "John", type="article")
    assert keys_of([john, jane]) == ["doe2024scalinga", "doe2024scaling"]


def test_records_equal_by_date_title_and_authors_get_keys_independent_of_input_order() -> None:
    a = paper("Scaling", "Raman", abstract="First abstract.")
    b = paper("Scaling", "Raman", abstract="Second abstract.")
    c = paper("Scaling", "Raman", fields=(("DOI", "10.1/x"),))
    for order in itertools.permutations([a, b, c]):
        assigned = dict(zip(order, keys_of(list(order))))
        assert assigned == dict(zip([a, b, c], keys_of([a, b, c])))
    assert sorted(keys_of([a, b, c])) == ["raman2024scaling", "raman2024scalinga", "raman2024scalingb"]
    assert keys_of([a, b]) == keys_of([b, a])[::-1]  # two alike as well as three


def test_a_unique_key_is_kept_when_it_looks_like_a_suffixed_key_of_a_clash() -> None:
    # {year}{author}: two Raman papers clash on 2024raman; Ramana's unique key 2024ramana stays his
    records = [paper("Alpha", "Raman", month=1), paper("Beta", "Raman", month=2), paper("Gamma", "Ramana", month=3)]
    assert keys_of(records, key_format="{year}{author}") == ["2024raman", "2024ramanb", "2024ramana"]


def test_every_clash_group_keeps_its_bare_key_for_its_earliest_record() -> None:
    # "the first keeps the bare key": for Ramana's papers too, though 2024raman + a is 2024ramana
    raman = [paper("Alpha", "Raman", month=1), paper("Beta", "Raman", month=2)]
    ramana = [paper("Gamma", "Ramana", month=3), paper("Delta", "Ramana", month=4)]
    assert keys_of(ramana, key_format="{year}{author}") == ["2024ramana", "2024ramanaa"]
    assert keys_of(raman + ramana, key_format="{year}{author}") == ["2024raman", "2024ramanb", "2024ramana",
                                                                     "2024ramanaa"]


def test_a_clash_group_tries_one_candidate_per_record(monkeypatch) -> None:
    """assign_keys: candidates before this one are taken, so they are skipped (keeps big groups linear)."""
    calls = 0
    real = keys.suffix

    def counting(n: int) -> str:
        nonlocal calls
        calls += 1
        return real(n)

    monkeypatch.setattr(keys, "suffix", counting)
    n = 300
    records = [Record(title="Untitled", issued=Date(2020, 1 + i % 12, 1 + i % 28)) for i in range(n)]
    assert len({k.lower() for k in keys_of(records)}) == n
    assert calls <= n


def test_suffixes_generator() -> None:
    assert list(itertools.islice(suffixes(), 28)) == [*"abcdefghijklmnopqrstuvwxyz", "aa", "ab"]


# --- key changes -----------------------------------------------------------------------

def test_key_changes_pairs_records_one_to_one() -> None:
    records = [paper("A", "Doe", id="same"), paper("B", "Roe", id="same")]
    keyed = assign_keys(records)
    assert len(key_changes(records, keyed)) == 1
    with pytest.raises(ValueError):
        key_changes(records, keyed[:1])
