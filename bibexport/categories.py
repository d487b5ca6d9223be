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


# arXiv's names of its archives and categories (arxiv.org/category_taxonomy), for readable tags
# such as "Computer Science - Machine Learning" (the form Zotero's arXiv translator gives them).
NAMES: dict[str, str] = {
    "astro-ph": "Astrophysics", "astro-ph.CO": "Cosmology and Nongalactic Astrophysics",
    "astro-ph.EP": "Earth and Planetary Astrophysics", "astro-ph.GA": "Astrophysics of Galaxies",
    "astro-ph.HE": "High Energy Astrophysical Phenomena",
    "astro-ph.IM": "Instrumentation and Methods for Astrophysics",
    "astro-ph.SR": "Solar and Stellar Astrophysics", "cond-mat": "Condensed Matter",
    "cond-mat.dis-nn": "Disordered Systems and Neural Networks",
    "cond-mat.mes-hall": "Mesoscale and Nanoscale Physics", "cond-mat.mtrl-sci": "Materials Science",
    "cond-mat.quant-gas": "Quantum Gases", "cond-mat.soft": "Soft Condensed Matter",
    "cond-mat.stat-mech": "Statistical Mechanics", "cond-mat.str-el": "Strongly Correlated Electrons",
    "cond-mat.supr-con": "Superconductivity", "cs": "Computer Science", "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture", "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering, Finance, and Science", "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language", "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition", "cs.CY": "Computers and Society",
    "cs.DB": "Databases", "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries", "cs.DM": "Discrete Mathematics", "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies", "cs.FL": "Formal Languages and Automata Theory",
    "cs.GL": "General Literature", "cs.GR": "Graphics", "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction", "cs.IR": "Information Retrieval", "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning", "cs.LO": "Logic in Computer Science", "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia", "cs.MS": "Mathematical Software", "cs.NA": "Numerical Analysis",
    "cs.NE": "Neural and Evolutionary Computing", "cs.NI": "Networking and Internet Architecture",
    "cs.OH": "Other Computer Science", "cs.OS": "Operating Systems", "cs.PF": "Performance",
    "cs.PL": "Programming Languages", "cs.RO": "Robotics", "cs.SC": "Symbolic Computation", "cs.SD": "Sound",
    "cs.SE": "Software Engineering", "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control", "econ": "Economics", "econ.EM": "Econometrics",
    "econ.GN": "General Economics", "econ.TH": "Theoretical Economics",
    "eess": "Electrical Engineering and Systems Science", "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing", "eess.SP": "Signal Processing", "eess.SY": "Systems and Control",
    "gr-qc": "General Relativity and Quantum Cosmology", "hep-ex": "High Energy Physics - Experiment",
    "hep-lat": "High Energy Physics - Lattice", "hep-ph": "High Energy Physics - Phenomenology",
    "hep-th": "High Energy Physics - Theory", "math": "Mathematics", "math-ph": "Mathematical Physics",
    "math.AC": "Commutative Algebra", "math.AG": "Algebraic Geometry", "math.AP": "Analysis of PDEs",
    "math.AT": "Algebraic Topology", "math.CA": "Classical Analysis and ODEs", "math.CT": "Category Theory",
    "math.CV": "Complex Variables", "math.DG": "Differential Geometry", "math.DS": "Dynamical Systems",
    "math.FA": "Functional Analysis", "math.GM": "General Mathematics", "math.GN": "General Topology",
    "math.GR": "Group Theory", "math.HO": "History and Overview", "math.IT": "Information Theory",
    "math.KT": "K-Theory and Homology", "math.LO": "Logic", "math.MG": "Metric Geometry",
    "math.MP": "Mathematical Physics", "math.NA": "Numerical Analysis", "math.NT": "Number Theory",
    "math.OA": "Operator Algebras", "math.OC": "Optimization and Control", "math.PR": "Probability",
    "math.QA": "Quantum Algebra", "math.RA": "Rings and Algebras", "math.RT": "Representation Theory",
    "math.SG": "Symplectic Geometry", "math.SP": "Spectral Theory", "math.ST": "Statistics Theory",
    "nlin": "Nonlinear Sciences", "nlin.AO": "Adaptation and Self-Organizing Systems",
    "nlin.CD": "Chaotic Dynamics", "nlin.CG": "Cellular Automata and Lattice Gases",
    "nlin.PS": "Pattern Formation and Solitons", "nlin.SI": "Exactly Solvable and Integrable Systems",
    "nucl-ex": "Nuclear Experiment", "nucl-th": "Nuclear Theory", "physics": "Physics",
    "physics.acc-ph": "Accelerator Physics", "physics.ao-ph": "Atmospheric and Oceanic Physics",
    "physics.app-ph": "Applied Physics", "physics.atom-ph": "Atomic Physics",
    "physics.bio-ph": "Biological Physics", "physics.chem-ph": "Chemical Physics",
    "physics.class-ph": "Classical Physics", "physics.comp-ph": "Computational Physics",
    "physics.data-an": "Data Analysis, Statistics and Probability", "physics.ed-ph": "Physics Education",
    "physics.flu-dyn": "Fluid Dynamics", "physics.gen-ph": "General Physics", "physics.geo-ph": "Geophysics",
    "physics.hist-ph": "History and Philosophy of Physics",
    "physics.ins-det": "Instrumentation and Detectors", "physics.med-ph": "Medical Physics",
    "physics.optics": "Optics", "physics.plasm-ph": "Plasma Physics", "physics.pop-ph": "Popular Physics",
    "physics.soc-ph": "Physics and Society", "physics.space-ph": "Space Physics",
    "q-bio": "Quantitative Biology", "q-bio.BM": "Biomolecules", "q-bio.CB": "Cell Behavior",
    "q-bio.GN": "Genomics", "q-bio.MN": "Molecular Networks", "q-bio.NC": "Neurons and Cognition",
    "q-bio.PE": "Populations and Evolution", "q-bio.QM": "Quantitative Methods",
    "q-bio.SC": "Subcellular Processes", "q-bio.TO": "Tissues and Organs", "q-fin": "Quantitative Finance",
    "q-fin.CP": "Computational Finance", "q-fin.EC": "Economics", "q-fin.GN": "General Finance",
    "q-fin.MF": "Mathematical Finance", "q-fin.PM": "Portfolio Management",
    "q-fin.PR": "Pricing of Securities", "q-fin.RM": "Risk Management", "q-fin.ST": "Statistical Finance",
    "q-fin.TR": "Trading and Market Microstructure", "quant-ph": "Quantum Physics", "stat": "Statistics",
    "stat.AP": "Applications", "stat.CO": "Computation", "stat.ME": "Methodology",
    "stat.ML": "Machine Learning", "stat.OT": "Other Statistics", "stat.TH": "Statistics Theory",
}


def readable_name(category: str) -> str:
    """``cs.LG`` -> ``Computer Science - Machine Learning``; ``quant-ph`` -> ``Quantum Physics``; unknown: ``""``."""
    archive, dot, _ = category.partition(".")
    name = NAMES.get(category, "")
    if name and dot and archive in NAMES:
        return f"{NAMES[archive]} - {name}"
    return name
