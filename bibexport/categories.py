"""arXiv category badges as listing pages show them, and their arXiv names."""

from __future__ import annotations

# Badge -> arXiv category.  Computer-science badges are the bare subject code.
_CS = (
    "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI "
    "OH OS PF PL RO SC SD SE SI SY"
).split()

BADGES: dict[str, str] = {code: f"cs.{code}" for code in _CS}
BADGES.update(
    {
        # statistics
        "ML": "stat.ML", "ME": "stat.ME", "AP": "stat.AP", "CO": "stat.CO", "TH": "stat.TH",
        "OT": "stat.OT",
        # mathematics (codes that do not clash with cs)
        "OC": "math.OC", "PR": "math.PR", "ST": "math.ST", "NT": "math.NT", "AG": "math.AG",
        "CA": "math.CA", "CT": "math.CT", "DG": "math.DG", "FA": "math.FA", "GM": "math.GM",
        "GN": "math.GN", "GR-MATH": "math.GR", "MP": "math.MP", "AT": "math.AT", "RA": "math.RA",
        "RT": "math.RT", "SG": "math.SG", "SP-MATH": "math.SP", "KT": "math.KT", "QA": "math.QA",
        "AC": "math.AC", "AP-MATH": "math.AP", "CV-MATH": "math.CV", "DS-MATH": "math.DS",
        "HO": "math.HO", "LO-MATH": "math.LO", "MG": "math.MG", "NA-MATH": "math.NA",
        "OA": "math.OA", "IT-MATH": "math.IT",
        # electrical engineering and systems science
        "AS": "eess.AS", "SP": "eess.SP", "IV": "eess.IV", "SY-EESS": "eess.SY",
        # economics and quantitative finance / biology
        "EM": "econ.EM", "GN-ECON": "econ.GN", "TH-ECON": "econ.TH",
        "CP": "q-fin.CP", "PM": "q-fin.PM", "RM": "q-fin.RM", "TR": "q-fin.TR", "MF": "q-fin.MF",
        "PR-FIN": "q-fin.PR", "ST-FIN": "q-fin.ST", "GN-FIN": "q-fin.GN", "EC": "q-fin.EC",
        "BM": "q-bio.BM", "CB": "q-bio.CB", "GN-BIO": "q-bio.GN", "MN": "q-bio.MN",
        "NC": "q-bio.NC", "PE": "q-bio.PE", "QM": "q-bio.QM", "SC-BIO": "q-bio.SC",
        "TO": "q-bio.TO",
        # physics archives without subject classes, and physics subject classes
        "QUANT-PH": "quant-ph", "HEP-TH": "hep-th", "HEP-PH": "hep-ph", "HEP-EX": "hep-ex",
        "HEP-LAT": "hep-lat", "GR-QC": "gr-qc", "NUCL-TH": "nucl-th", "NUCL-EX": "nucl-ex",
        "MATH-PH": "math-ph",
        "MTRL-SCI": "cond-mat.mtrl-sci", "STAT-MECH": "cond-mat.stat-mech",
        "DIS-NN": "cond-mat.dis-nn", "MES-HALL": "cond-mat.mes-hall", "SOFT": "cond-mat.soft",
        "STR-EL": "cond-mat.str-el", "SUPR-CON": "cond-mat.supr-con",
        "QUANT-GAS": "cond-mat.quant-gas",
        "CO-AC": "astro-ph.CO", "GA": "astro-ph.GA", "EP": "astro-ph.EP", "HE": "astro-ph.HE",
        "IM": "astro-ph.IM", "SR": "astro-ph.SR",
        "OPTICS": "physics.optics", "FLU-DYN": "physics.flu-dyn", "CHEM-PH": "physics.chem-ph",
        "COMP-PH": "physics.comp-ph", "DATA-AN": "physics.data-an", "BIO-PH": "physics.bio-ph",
        "SOC-PH": "physics.soc-ph", "APP-PH": "physics.app-ph", "ATOM-PH": "physics.atom-ph",
        "PLASM-PH": "physics.plasm-ph", "ED-PH": "physics.ed-ph", "HIST-PH": "physics.hist-ph",
        "GEO-PH": "physics.geo-ph", "INS-DET": "physics.ins-det", "MED-PH": "physics.med-ph",
        "ACC-PH": "physics.acc-ph", "AO-PH": "physics.ao-ph", "CLASS-PH": "physics.class-ph",
        "GEN-PH": "physics.gen-ph", "POP-PH": "physics.pop-ph", "SPACE-PH": "physics.space-ph",
        "AO": "nlin.AO", "CD": "nlin.CD", "CG-NLIN": "nlin.CG", "PS": "nlin.PS", "SI-NLIN": "nlin.SI",
    }
)

_ARXIV_NAMES = {name.lower(): name for name in BADGES.values()}


def category_for_badge(badge: str) -> str | None:
    """arXiv name for a listing badge (``LG`` -> ``cs.LG``), or None when unknown."""
    return BADGES.get(badge.upper())


def normalize_category(text: str) -> str:
    """Canonical arXiv name for a badge or an arXiv name in any case; unknown text unchanged."""
    text = text.strip()
    return BADGES.get(text.upper()) or _ARXIV_NAMES.get(text.lower(), text)
