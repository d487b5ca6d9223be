"""Person names: split a displayed name ("Laurens van der Maaten") into CSL parts."""

from __future__ import annotations

import re

from .model import Person

# Lowercase words that start a family name ("van der Maaten", "de la Cruz", "bin Laden").
PARTICLES = frozenset(
    "van von der den de del della dei degli di da das dos du la le les lo ter ten te zu zur "
    "af av bin ibn al el y e st st.".split()
)
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd"})

_SPACE = re.compile(r"\s+")


def is_suffix(word: str) -> bool:
    word = word.rstrip(",")
    return len(word) <= 3 and (word.lower() in SUFFIXES or word in {"II", "III", "IV"})  # none is longer


def is_particle(word: str) -> bool:
    return word in PARTICLES or (word.lower() in PARTICLES and word[:1].islower())


def parse_name(text: str) -> Person:
    """Split a name written in reading order, or as ``Family, Given`` / ``Family, Suffix, Given``.

    Rule for reading order: a trailing suffix (``Jr.``, ``III``) is split off; the
    family name is the last word, extended leftwards over lowercase particles,
    which become ``particle`` (CSL's non-dropping particle); the rest is ``given``.
    A single word is a family name.
    """
    if not text.isprintable() or "  " in text:  # printable text has no whitespace but the space
        text = _SPACE.sub(" ", text)
    text = text.strip()
    if not text:
        return Person()
    if "," in text:
        return _parse_inverted(text)
    words = text.split(" ")
    if len(words) == 2:  # the commonest name, as the rule below splits it
        return Person(family=words[1], given=words[0])
    suffix = ""
    if len(words) > 2 and is_suffix(words[-1]):
        suffix = words.pop()
        words[-1] = words[-1].rstrip(",")
    if len(words) == 1:
        return Person(family=words[0], suffix=suffix)
    family_start = len(words) - 1
    while family_start > 1 and is_particle(words[family_start - 1]):
        family_start -= 1
    particle_words = []
    rest = words[family_start:]
    while len(rest) > 1 and is_particle(rest[0]):
        particle_words.append(rest.pop(0))
    return Person(
        given=" ".join(words[:family_start]),
        family=" ".join(rest),
        particle=" ".join(particle_words),
        suffix=suffix,
    )


def _parse_inverted(text: str) -> Person:
    parts = [p.strip() for p in text.split(",")]
    family_part, given = parts[0], parts[-1] if len(parts) > 1 else ""
    suffix = parts[1] if len(parts) > 2 else ""
    if len(parts) == 2 and is_suffix(given) and " " in family_part:
        # "Martin Luther King, Jr." is reading order with a comma before the suffix.
        person = parse_name(family_part)
        return Person(person.family, person.given, person.particle, "", given)
    words = family_part.split(" ")
    particle_words = []
    while len(words) > 1 and is_particle(words[0]):
        particle_words.append(words.pop(0))
    return Person(family=" ".join(words), given=given, particle=" ".join(particle_words), suffix=suffix)
