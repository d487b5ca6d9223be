"""LaTeX text <-> Unicode, for BibTeX field values.  One table, used in both directions.

:func:`to_unicode` decodes what BibTeX files contain (``{\\"u}``, ``\\"{u}``, ``\\c{C}``,
``{\\l}``, ``\\ss``, ``\\&``, ``--``, ``~``, ``\\emph{x}``), drops the braces that only
protect case and keeps math (``$...$``) as written.  :func:`to_latex` escapes text for
BibTeX so that ``to_unicode(to_latex(s)) == s`` for any single-spaced ``s``; with
``ascii=True`` non-ASCII letters become escapes (for classic 8-bit BibTeX).

Both are a single precompiled regex pass with dict lookups and return text unchanged
when it holds nothing to convert, because a 10,000-entry library has ~150,000 values.
"""

from __future__ import annotations

import re
import unicodedata

# Accent commands -> combining character.  Symbol accents take their argument directly
# (``\"u``); letter accents need a brace or space (``\c{c}``, ``\c c``).
ACCENTS: dict[str, str] = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
# Control words -> text.  For a character listed twice, the first spelling is the one written.
SYMBOLS: tuple[tuple[str, str], ...] = (
    ("ss", "ß"), ("SS", "ẞ"), ("l", "ł"), ("L", "Ł"), ("o", "ø"), ("O", "Ø"),
    ("ae", "æ"), ("AE", "Æ"), ("oe", "œ"), ("OE", "Œ"), ("aa", "å"), ("AA", "Å"),
    ("i", "ı"), ("j", "ȷ"), ("dh", "ð"), ("DH", "Ð"), ("th", "þ"), ("TH", "Þ"),
    ("ng", "ŋ"), ("NG", "Ŋ"), ("dj", "đ"), ("DJ", "Đ"),
    ("textbackslash", "\\"), ("textasciitilde", "~"), ("textasciicircum", "^"),
    ("textendash", "–"), ("textemdash", "—"),
    ("textquoteleft", "‘"), ("textquoteright", "’"),
    ("textquotedblleft", "“"), ("textquotedblright", "”"),
    ("guillemotleft", "«"), ("guillemotright", "»"), ("guilsinglleft", "‹"), ("guilsinglright", "›"),
    ("textexclamdown", "¡"), ("textquestiondown", "¿"),
    ("ldots", "…"), ("dots", "…"), ("textellipsis", "…"),
    ("S", "§"), ("P", "¶"), ("dag", "†"), ("ddag", "‡"), ("textbullet", "•"),
    ("textsection", "§"), ("textparagraph", "¶"), ("textdagger", "†"), ("textdaggerdbl", "‡"),
    ("textcopyright", "©"), ("copyright", "©"), ("textregistered", "®"), ("texttrademark", "™"),
    ("pounds", "£"), ("textsterling", "£"), ("texteuro", "€"), ("euro", "€"), ("textyen", "¥"),
    ("textdegree", "°"), ("textmu", "µ"), ("textperthousand", "‰"), ("textperiodcentered", "·"),
    ("textunderscore", "_"), ("textbar", "|"), ("textless", "<"), ("textgreater", ">"),
    ("textbraceleft", "{"), ("textbraceright", "}"), ("textdollar", "$"),
    ("LaTeX", "LaTeX"), ("TeX", "TeX"), ("BibTeX", "BibTeX"),
    ("quad", " "), ("qquad", " "), ("space", " "), ("newline", " "), ("par", " "),
)
# Control symbols (backslash + one non-letter).
ESCAPED: dict[str, str] = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    " ": " ", "\n": " ", "\\": " ", ",": "\u2009", "-": "", "/": "", "@": "",
}
# Commands whose argument is kept as plain text; any other unknown ``\cmd{x}`` also keeps ``x``.
FORMATTING = frozenset(
    "emph textbf textit textsl textsc texttt textrm textsf textup textmd textnormal "
    "mbox hbox underline url NoCaseChange em bf it sc tt rm sf sl".split()
)
# Sorting macros that bibliographies define in @preamble to print nothing (``\\noopsort{1973c}``):
# their argument is dropped, as LaTeX drops it (the TeX distribution's own .bib files use them).
NOOP = ("noopsort", "SortNoop", "sortnoop", "noop", "nosort", "NOOP",
        "vphantom", "hphantom", "phantom", "hspace", "vspace", "label", "index")  # these print nothing either
# Control words read but never written (the writer spells these characters another way).
# (``\\textasciigrave{}`` is how the writer spells a backtick: a bare one is TeX's opening quote ‘.)
DECODE_ONLY: dict[str, str] = {"slash": "/", "emdash": "—", "endash": "–", "textslash": "/", "textasciigrave": "`"}
# The AAS journal macros of aas_macros.sty (astronomy .bib files from ADS use them).
AAS_JOURNALS: dict[str, str] = {
    "aj": "AJ", "psj": "PSJ", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJL", "apjs": "ApJS", "ao": "ApOpt",
    "apss": "Ap&SS", "aap": "A&A", "aapr": "A&A Rv", "aaps": "A&AS", "azh": "AZh", "baas": "BAAS",
    "icarus": "Icarus", "jaavso": "JAAVSO", "jrasc": "JRASC", "memras": "MmRAS", "mnras": "MNRAS",
    "pra": "PhRvA", "prb": "PhRvB", "prc": "PhRvC", "prd": "PhRvD", "prl": "PhRvL", "pasp": "PASP",
    "pasj": "PASJ", "qjras": "QJRAS", "skytel": "S&T", "solphys": "SoPh", "sovast": "Soviet Ast.",
    "ssr": "SSRv", "zap": "ZA", "nat": "Nature", "iaucirc": "IAUC", "aplett": "Astrophys. Lett.",
    "apspr": "Astrophys. Space Phys. Res.", "bain": "BAN", "fcp": "FCPh", "gca": "GeoCoA",
    "grl": "Geophys. Res. Lett.", "jcp": "JChPh", "jgr": "J. Geophys. Res.", "jqsrt": "JQSRT",
    "memsai": "MmSAI", "nphysa": "NuPhA", "physrep": "PhR", "physscr": "PhyS",
    "planss": "Planet. Space Sci.", "procspie": "Proc. SPIE", "actaa": "AcA", "caa": "ChA&A",
    "cjaa": "ChJA&A", "jcap": "JCAP", "nar": "NewAR", "pasa": "PASA", "rmxaa": "RMxAA",
    "astap": "A&A", "apjlett": "ApJL", "apjsupp": "ApJS", "applopt": "ApOpt",
}
# Characters pdfLaTeX's default input encoding does not set up (utf8 with T1: "Unicode character
# ... not set up for use with LaTeX", measured) that plain LaTeX math spells, no package needed.
# The BibTeX writer puts them in math ({$\\varepsilon$}); a math group holding just one of these
# commands reads back as the character.
MATH_CHARS: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ϖ": "varpi", "ρ": "rho", "ϱ": "varrho", "σ": "sigma", "ς": "varsigma", "τ": "tau",
    "υ": "upsilon", "φ": "varphi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    "≤": "leq", "≥": "geq", "≠": "neq", "≈": "approx", "∞": "infty", "↔": "leftrightarrow",
    "⇒": "Rightarrow", "⇐": "Leftarrow", "⇔": "Leftrightarrow", "∈": "in", "∉": "notin", "∑": "sum",
    "∏": "prod", "∫": "int", "√": "surd", "∂": "partial", "∇": "nabla", "∀": "forall", "∃": "exists",
    "∅": "emptyset", "⊂": "subset", "⊆": "subseteq", "⊃": "supset", "⊇": "supseteq", "∪": "cup", "∩": "cap",
    "≪": "ll", "≫": "gg", "∼": "sim", "≃": "simeq", "≡": "equiv", "∝": "propto", "⊕": "oplus", "⊗": "otimes",
    "ℓ": "ell", "′": "prime", "↦": "mapsto", "∘": "circ", "⋅": "cdot", "∗": "ast",
}
# Math that only spells a text character (Mendeley writes file paths with $\backslash$).
MATH_TEXT: dict[str, str] = {"$\\backslash$": "\\"} | {f"$\\{name}$": char for char, name in MATH_CHARS.items()}
# TeX ligatures and the active tilde.
LIGATURES: dict[str, str] = {"---": "—", "--": "–", "``": "“", "''": "”", "~": "\u00a0"}

_DECODE_WORDS = dict(SYMBOLS) | DECODE_ONLY | AAS_JOURNALS
_ENCODE: dict[str, str] = {}
for _name, _char in reversed(SYMBOLS):
    if len(_char) == 1:
        _ENCODE[_char] = f"{{\\{_name}}}" if _name.isalpha() and len(_name) <= 2 else f"\\{_name}{{}}"
_ENCODE_ACCENT = {mark: name for name, mark in ACCENTS.items()}

_PLAIN_LETTER = r"(?:\\[ij](?![A-Za-z])|[^\W\d_][\u0300-\u036f]*)"
# An accent's argument: a letter, or one nested accent (``\'{\"u}`` for ǘ).
_LETTER = _PLAIN_LETTER + r"""|\\['"`^~=.][ \t]*(?:[A-Za-z]|\{[A-Za-z]\})|\\[uvHckrdbt][ \t]*\{[A-Za-z]\}"""
# Math: kept verbatim, decoding and encoding alike; braces inside must balance (one level).
MATH = r"\$(?:[^$\\{}]|\\[^{}$]|\{(?:[^$\\{}]|\\[^{}$])*\})+\$"
# Every alternative starts with a literal or a class, so the scanner can skip plain text.
_TOKEN = re.compile(
    r"""\\(?P<noop>%(N)s)[ \t\r\n]*\{(?:[^{}]|\{[^{}]*\})*\}
    |\\(?P<kern>kern|hskip|mkern|mskip)[ \t]*-?(?:\d+\.?\d*|\.\d+)[ \t]*(?:em|ex|pt|mu|cm|mm|in|bp|pc|sp|dd|cc)[ ]?
    |(?<=\d)(?:\\\(|\$)[ \t]*\^[ \t]*\{?[ \t]*(?:\\(?:mbox|text|textrm|rm|mathrm)[ \t]*\{?)?[ \t]*(?P<sup>[A-Za-z]{1,4})[ \t]*\}?[ \t]*\}?[ \t]*(?:\\\)|\$)
    |\{(?P<umlaut>"[aouAOUeiEI])\}
    |\\(?:(?P<acc>['"`^~=.]|[uvHckrdbt](?![A-Za-z]))[ \t\r\n]*(?:\{[ \t]*(?P<arg>%(L)s)[ \t]*\}|(?P<bare>%(P)s|(?<=[=^~])\d))
       |(?P<lit>['"`^~=.])\{\}
       |(?P<word>[A-Za-z]+)[ \t\r\n]*(?P<open>\{?)
       |(?P<sym>[^A-Za-z]))
    |%(M)s
    |[{}~]
    |---?|``|''
    """ % {"L": _LETTER, "P": _PLAIN_LETTER, "M": MATH, "N": "|".join(NOOP)},
    re.VERBOSE | re.DOTALL,
)
_NEEDS_DECODING = re.compile(r"[\\{}~$`]|--|''")
_WHITESPACE = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")
_DOTLESS = {"\\i": "i", "\\j": "j"}


_CACHE: dict[str, str] = {}  # token -> decoded; tokens are context-free but an ordinal ($^{th}$ after a digit)


def _decode_token(m: re.Match[str]) -> str:
    token = m.group()
    if m.group("sup") is not None:  # 1$^{th}$: the same text not after a digit is math, so never cached
        return _decode_uncached(m)
    cached = _CACHE.get(token)
    if cached is None:
        cached = _decode_uncached(m)
        if len(token) <= 24 and len(_CACHE) < 100_000:
            _CACHE[token] = cached
    return cached


def _decode_uncached(m: re.Match[str]) -> str:
    if m.group("noop") is not None or m.group("kern") is not None:
        return ""
    if m.group("sup") is not None:  # \(^{\mbox{th}}\), $^{th}$: an ordinal's letters
        return m.group("sup")
    if m.group("umlaut") is not None:  # {"a}: german babel's shorthand for \"a
        return unicodedata.normalize("NFC", m.group("umlaut")[1] + "\u0308")
    accent = m.group("acc")
    if accent is not None:
        arg = m.group("arg") or m.group("bare")
        base = _DOTLESS.get(arg) or (to_unicode(arg) if arg[0] == "\\" else arg)
        return unicodedata.normalize("NFC", base + ACCENTS[accent])
    word = m.group("word")
    if word is not None:  # a "{" after a control word is dropped like any brace
        if word in _DECODE_WORDS:
            return _DECODE_WORDS[word]
        if word in FORMATTING or m.group("open"):
            return ""  # \emph{x}, \unknown{x}: the argument's text stays
        return m.group()
    if m.group("sym") is not None:
        return ESCAPED.get(m.group("sym"), m.group("sym"))
    token = m.group()
    if token in MATH_TEXT:
        return MATH_TEXT[token]
    if m.group("lit") is not None or token[0] == "$":
        return token[-3] if token[0] == "\\" else token  # \~{} is "~"; math as written
    if token in "{}":
        return ""
    return LIGATURES[token]


def to_unicode(text: str) -> str:
    """Decode a BibTeX field value to plain Unicode text (whitespace runs become one space)."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        text = _WHITESPACE.sub(" ", text)
    if not _NEEDS_DECODING.search(text):
        return text.strip()
    if "`" in text:
        text = _single_quotes(text)
    out = _TOKEN.sub(_decode_token, text)
    return (_WHITESPACE.sub(" ", out) if "  " in out else out).strip()


def _single_quotes(text: str) -> str:
    """TeX's single quotes: `bed of nails' is ‘bed of nails’ (not \\` nor ``, nor in math)."""
    if "$" in text:
        pieces, at = [], 0
        for m in _MATH_OR_ESCAPE.finditer(text):  # \$ is a dollar sign, never the start of math
            if m.group()[0] == "$":
                pieces += [_single_quotes(text[at : m.start()]), m.group()]
                at = m.end()
        if pieces:
            return "".join(pieces) + _single_quotes(text[at:])
    return _LONE_GRAVE.sub("\u2018", _SINGLE_QUOTES.sub("\u2018\\1\u2019", text))


_SINGLE_QUOTES = re.compile(r"(?<![\\`])`(?!`)([^`'\\\n]*)(?<!')'(?!')")
_LONE_GRAVE = re.compile(r"(?<![\\`])`(?![`{])")
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)|\\[^A-Za-z]")  # a control symbol (the \\ of first\\second) is no word
_MATH_OR_ESCAPE = re.compile(r"\\[^A-Za-z]|" + MATH)
KNOWN_WORDS = frozenset(_DECODE_WORDS) | FORMATTING | frozenset(NOOP) | frozenset("uvHckrdbtij") | {
    "kern", "hskip", "mkern", "mskip", "mathrm"}


def unknown_commands(text: str) -> list[str]:
    """The control words of a raw value that :func:`to_unicode` does not know (outside math):
    they are kept in the decoded text as written."""
    if "$" in text:
        text = _MATH_OR_ESCAPE.sub(lambda m: "" if m.group()[0] == "$" else m.group(), text)
    return [w for w in _CONTROL_WORD.findall(text) if w and w not in KNOWN_WORDS]


# What a file's @preamble defines: \newcommand{\x}, \renewcommand*\x, \providecommand,
# \DeclareRobustCommand, \def\x#1, \gdef, \edef, \xdef, \let\x=, xparse's and etoolbox's
# definitions, and LaTeX's text commands (\ProvideTextCommandDefault{\textmu}).
_DEFINITION = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand|[gex]?def|let|(?:New|Renew|Provide|Declare)DocumentCommand"
    r"|(?:new|renew|provide)robustcmd|(?:Declare|Provide)TextCommand(?:Default)?)\*?[ \t\r\n]*\{?[ \t\r\n]*\\([A-Za-z]+)"
)


def defined_commands(preamble: str) -> frozenset[str]:
    """The control words that a ``@preamble``'s LaTeX defines (``\\def\\MP{...}`` gives ``MP``)."""
    return frozenset(_DEFINITION.findall(preamble)) if "\\" in preamble else frozenset()


# Encoding -------------------------------------------------------------------------------

_SPECIALS: dict[str, str] = {
    "\\": "\\textbackslash{}", "`": "\\textasciigrave{}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&", "%": "\\%",
    "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
    "\u00a0": "~", "\u2009": "\\,", "–": "--", "—": "---", "“": "``", "”": "''",
}
# A ligature character next to its ASCII half would merge with it: "–-" must not become "---".
_JOINERS = {"-": "-–—", "–": "-–—", "—": "-–—", "`": "`“", "“": "`“", "'": "'”", "”": "'”"}
# A letter with combining marks left after NFC has no precomposed form (P + U+0303): written
# as accent commands (\\~{P}), since pdflatex rejects a combining character.
# Precomposed Latin letters pdfLaTeX's default input encoding does not set up (utf8 with the
# T1, OT1, TS1 and OMS encodings' .dfu files of TeX Live 2023 declare every letter of Latin-1
# and Latin Extended-A, and of Latin Extended-B and Additional only those of _DECLARED): written
# as accent commands ({\"t} for ẗ, {\d{a}} for ạ), which compile under any font encoding.
_DECLARED = frozenset(
    "ƒǄǅǆǇǈǉǊǋǌǍǎǏǐǑǒǓǔǢǣǦǧǨǩǪǫǰǴǵȘșȚțȲȳȷḂḃḍḞḟḠḡḥḰḱḷṃṅṇṛṣṭẎẏẐẑẞỲỳ")
_UNSET_LATIN = "".join(
    c for c in map(chr, [*range(0x180, 0x250), *range(0x1E00, 0x1F00)])
    if c not in _DECLARED and len(unicodedata.normalize("NFD", c)) > 1 and unicodedata.normalize("NFD", c)[0].isascii()
)
UNSET_LATIN = re.compile(f"[{_UNSET_LATIN}]|[0-9][\u0300-\u036f]+")  # a digit with marks (from \=2) too
_ENCODE_TOKEN = re.compile(MATH + f"|[A-Za-z0-9][\u0300-\u036f]+|[{_UNSET_LATIN}]|"
                           r"[-'](?=[-–—`“'”])|[\\{}$&%#_~^`\u00a0\u2009–—“”]")
_ENCODE_ASCII = re.compile(_ENCODE_TOKEN.pattern + r"|[^\x00-\x7f]")


def _encode_char(char: str) -> str:
    if char in _ENCODE:
        return _ENCODE[char]
    base, *marks = unicodedata.normalize("NFD", char)
    if not ("a" <= base.lower() <= "z" or "0" <= base <= "9") or not 0 < len(marks) <= 2 or any(m not in _ENCODE_ACCENT for m in marks):
        return char  # no LaTeX spelling (CJK, Greek...): kept as Unicode
    out = base
    for mark in marks:
        name = _ENCODE_ACCENT[mark]
        out = f"\\{name}{{{out}}}" if name.isalpha() or out.startswith("\\") else f"\\{name}{out}"
    return "{" + out + "}"


def _encode_token(m: re.Match[str]) -> str:
    token = m.group(0)
    if len(token) > 1 and token[0] != "$":
        return _encode_char(token)
    if len(token) > 1:
        return token if token not in MATH_TEXT else "".join(_SPECIALS[c] if c in _SPECIALS else c for c in token)
    following = m.string[m.end() : m.end() + 1]
    if token in "-'":
        return token + "{}" if following and following in _JOINERS[token] else token
    special = _SPECIALS.get(token)
    if special is None:
        return _encode_char(token)
    if token in _JOINERS and following and following in _JOINERS[token]:
        return special + "{}"
    return special


# Text with no "$" or braces and no two ligature characters in a row has its special
# characters replaced one by one, each on its own: no replacement holds a character replaced
# after it (the backslash comes first, "~" before NBSP, which becomes "~").  Shorter text
# takes the single regex pass, which is faster there.
_SIMPLE_SPECIALS = tuple((char, latex) for char, latex in _SPECIALS.items() if char not in "{}$")
_LIGATURE_PAIR = re.compile("[-–—`“'”][-–—`“'”]")
_LONG = 64


def _is_simple(text: str) -> bool:
    return not ("$" in text or "{" in text or "}" in text or _LIGATURE_PAIR.search(text) or _COMBINING.search(text))


_COMBINING = re.compile(f"[\u0300-\u036f{_UNSET_LATIN}]")


def needs_latex(text: str, *, ascii: bool = False) -> bool:
    """False when :func:`to_latex` returns ``text`` unchanged, and so any part of it."""
    return (_ENCODE_ASCII if ascii else _ENCODE_TOKEN).search(text) is not None


def to_latex(text: str, *, ascii: bool = False) -> str:
    """Escape ``text`` for a BibTeX field value; ``ascii`` also escapes accented letters."""
    if not ascii and len(text) >= _LONG and _is_simple(text):  # abstracts: no call per character escaped
        for char, latex in _SIMPLE_SPECIALS:
            if char in text:
                text = text.replace(char, latex)
        return text
    pattern = _ENCODE_ASCII if ascii else _ENCODE_TOKEN
    return pattern.sub(_encode_token, text)


_GROUP = re.compile(r"(\\[A-Za-z]+\s*|\\[^A-Za-z])?\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")


def protected_words(value: str) -> tuple[str, ...]:
    """The decoded text of each top-level brace group in a raw BibTeX value (``{DNA}``), with
    the rest of the word it is part of (``{F}rench`` gives ``French``: braces around the whole
    word keep its capital as those around the letter do).

    Groups that are a command's argument or a special character (``{\\"u}``) are not
    case protection and are skipped.
    """
    out = []
    for m in _GROUP.finditer(value):
        if m.start() > 0 and value[m.start() - 1] == "\\":
            continue
        group = m.group(2)
        if m.group(1) is None and group and not group.startswith(("\\", "$")):  # not a command, not math
            start, end = _word_start(value, m.start()), _word_end(value, m.end())
            text = to_unicode(value[start:end]) if (start, end) != m.span() else to_unicode(group)
            if text:
                out.append(text)
    return tuple(out)


def _word_end(value: str, pos: int) -> int:
    """Where the word going on at ``pos`` ends: letters, digits, commands and brace groups."""
    while pos < len(value):
        c = value[pos]
        if c == "{":
            depth, pos = 1, pos + 1
            while pos < len(value) and depth:
                depth += {"{": 1, "}": -1}.get(value[pos], 0)
                pos += 1
        elif c == "\\" and pos + 1 < len(value):
            pos += 2
        elif c.isalnum():
            pos += 1
        else:
            break
    return pos


def _word_start(value: str, pos: int) -> int:
    """Where the word reaching ``pos`` from the left starts: letters, digits and brace groups."""
    while pos > 0:
        if value[pos - 1] == "}":
            depth, back = 1, pos - 1
            while back > 0 and depth:
                back -= 1
                depth += {"}": 1, "{": -1}.get(value[back], 0)
            if depth:
                break
            pos = back
        elif value[pos - 1].isalnum():
            pos -= 1
        else:
            break
    return pos
