"""The Snowball stemmer is nltk's, loaded without nltk's package __init__ (which imports scipy.stats: about
2 s and 90 MiB a process), with the same stems as a plain `import nltk` and a plain import to fall back on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORDS = ROOT / "bot" / "data" / "english.words"


def _run(code: str, *args: str) -> dict:
    # A fresh interpreter each time: what is imported is the point, and this process has nltk loaded.
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def _words() -> list[str]:
    words = [w for w in WORDS.read_text(encoding="utf-8").split("\n") if w and not w.startswith("#")]
    # and some forms the list lacks: inflections, -ly, -ness, a final y, typos, non-ASCII
    return words + ["generously", "happiness", "cried", "skies", "dying", "microneedling", "redness's",
                    "recovry", "naïve", "café", "r", ""]


OURS = r"""
import json, sys
from bot.text import _stemmer
words = open(sys.argv[1], encoding="utf-8").read().split("\n")
stems = [_stemmer().stem(w) for w in words]
print(json.dumps({"stems": stems, "nltk": "nltk" in sys.modules, "nltk.stem": "nltk.stem" in sys.modules,
                  "scipy.stats": "scipy.stats" in sys.modules}))
"""

PLAIN = r"""
import json, sys
from nltk.stem.snowball import SnowballStemmer
s = SnowballStemmer("english")
print(json.dumps({"stems": [s.stem(w) for w in open(sys.argv[1], encoding="utf-8").read().split("\n")]}))
"""


def test_the_stems_are_those_of_nltk_imported_as_usual(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("\n".join(_words()), encoding="utf-8")
    ours, plain = _run(OURS, str(words)), _run(PLAIN, str(words))
    assert len(ours["stems"]) == len(_words()) > 20000
    assert ours["stems"] == plain["stems"]
    assert ours["stems"][_words().index("generously")] == "generous"


def test_stem_is_snowballs_but_for_a_few_everyday_words_and_the_ize_spellings():
    from bot.text import _stemmer, stem, stems_on_its_own

    snowball = _stemmer()
    apart = [w for w in _words() if stem(w) != snowball.stem(w)]
    assert apart and all(stems_on_its_own(w) for w in apart), [w for w in apart if not stems_on_its_own(w)]
    # Snowball joins these to words of another meaning; faqbot keeps them apart
    assert stem("business") != stem("busy") and stem("businesses") == stem("business")
    assert stem("organic") != stem("organize") and stem("apartment") != stem("apart")
    assert stem("availability") != stem("available")  # free slots, not whatever is on offer
    assert stem("books") != stem("book") == stem("booking") == stem("booked")  # things to read, not booking
    assert stem("accessible") == stem("accessibility") != stem("access")  # in a wheelchair, not getting in
    # an American -ize spelling is the British -ise one
    assert stem("organize") == stem("organise") and stem("organization") == stem("organisation")
    assert stem("customizing") == stem("customising") and stem("realized") == stem("realised")
    assert stem("size") == "size" and stem("prize") == snowball.stem("prize") and stem("seize") == snowball.stem("seize")


@pytest.mark.parametrize("american, british", [
    ("center", "centre"), ("centers", "centres"), ("colors", "colours"), ("license", "licence"),
    ("licensed", "licence"), ("pediatric", "paediatric"), ("gray", "grey"), ("traveling", "travelling"),
    ("enrollment", "enrolment"), ("jewelry", "jewellery"), ("catalog", "catalogue"), ("pajamas", "pyjamas"),
    ("theater", "theatre"), ("neighborhood", "neighbourhood"), ("canceled", "cancelled"), ("mold", "mould"),
])
def test_an_american_spelling_has_the_british_ones_stem(american, british):
    from bot.text import stem

    assert stem(american) == stem(british)


def test_the_spelling_pairs_join_no_word_to_another_of_a_different_meaning():
    # An American spelling's Snowball stem becomes the British one's, for every word with that stem: "liter" is
    # also the stem of "literal", "practic" of "practical", "will" of "willing", so those pairs are left out.
    from bot.text import _stemmer, british_stems, stem

    for word, other in [("literally", "litre"), ("literal", "litres"), ("practical", "practised"),
                        ("willing", "wilful"), ("analogy", "analogue"), ("tired", "tyre"), ("checking", "cheque"),
                        ("meter", "metre"), ("story", "storey"), ("draft", "draught")]:
        assert stem(word) != stem(other), (word, other)
    # every American stem that the list maps is Snowball's stem of no English word outside these families
    snowball = _stemmer().stem
    pairs = [line.split() for line in (ROOT / "bot" / "data" / "spelling.variants").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(len(p) == 2 for p in pairs) and len(pairs) > 300
    listed = {w for p in pairs for w in p}
    same_word = {"archeological", "coloration", "defensive", "dial", "focus", "focuses", "fuel",
                 "fuels", "humorous", "jailed", "licensed", "licensing", "offensive", "programmed", "programming",
                 "rigorous", "skill", "skilled", "skills", "vigorous", "vigorously"}
    joined = [w for w in _words() if w not in listed and snowball(w) in british_stems() and w not in same_word]
    assert joined == []
    assert stem("analogous") == snowball("analogous")  # no analogue pair: "analogous" keeps Snowball's stem


def test_stemming_does_not_import_nltk_as_a_package_nor_scipy_stats(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("running\nhappiness", encoding="utf-8")
    out = _run(OURS, str(words))
    assert out["stems"] == ["run", "happi"]
    assert out == {**out, "nltk": False, "nltk.stem": False, "scipy.stats": False}


def test_nltk_imported_afterwards_works_as_usual():
    out = _run(r"""
import json, sys
from bot.text import stem
first = stem("running")
import nltk
from nltk.stem import PorterStemmer, SnowballStemmer
from nltk.tokenize import TreebankWordTokenizer
print(json.dumps({"first": first, "again": SnowballStemmer("english").stem("running"),
                  "porter": PorterStemmer().stem("running"), "file": bool(getattr(nltk, "__file__", None)),
                  "tokens": TreebankWordTokenizer().tokenize("don't stop")}))
""")
    assert out == {"first": "run", "again": "run", "porter": "run", "file": True, "tokens": ["do", "n't", "stop"]}


def test_with_nltk_already_imported_its_stemmer_is_used():
    out = _run(r"""
import json, sys
import nltk
from bot.text import stem
print(json.dumps({"stem": stem("generously"), "same": sys.modules["nltk"] is nltk}))
""")
    assert out == {"stem": "generous", "same": True}


def test_when_nltk_is_not_a_plain_package_the_plain_import_is_used():
    # nltk laid out differently (here: not found as a package by the light path): the plain import answers.
    out = _run(r"""
import importlib.util, json, sys
real = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name == "nltk" else real(name, *a)
from bot.text import stem
s = stem("happiness")
print(json.dumps({"stem": s, "nltk": bool(getattr(sys.modules.get("nltk"), "__file__", None))}))
""")
    assert out == {"stem": "happi", "nltk": True}


def test_when_the_light_stemmer_fails_nothing_it_imported_is_kept():
    # A later nltk whose stemmer needs what the stand-ins lack (here: its check stem comes out wrong): the
    # modules imported under the stand-ins are forgotten, so the plain import loads them afresh.
    out = _run(r"""
import json, sys
import bot.text as text
real = text.importlib.import_module
def broken(name, *a):
    module = real(name, *a)
    if name == "nltk.stem.snowball":
        class Wrong:
            def __init__(self, language):
                self.stem = lambda word: word
        return type("M", (), {"SnowballStemmer": Wrong})
    return module
text.importlib.import_module = broken
s = text.stem("happiness")
print(json.dumps({"stem": s, "nltk": bool(getattr(sys.modules.get("nltk"), "__file__", None)),
                  "stopwords": type(sys.modules["nltk.stem.snowball"].stopwords).__name__}))
""")
    # the stemmer module in use is the plain import's, with nltk's own corpus loader (not the stand-in's)
    assert out == {"stem": "happi", "nltk": True, "stopwords": "LazyCorpusLoader"}


def test_the_stop_word_option_behaves_as_with_nltk_imported_as_usual():
    # The light-imported module's `stopwords` is nltk's own corpus reader, imported on use: here its data
    # is not installed (nothing is downloaded), so both raise nltk's LookupError.
    code = r"""
import json, sys
if sys.argv[1] == "light":
    from bot.text import stem
    stem("running")
from nltk.stem.snowball import SnowballStemmer
try:
    SnowballStemmer("english", ignore_stopwords=True)
    print(json.dumps("built"))
except Exception as e:
    print(json.dumps(type(e).__name__))
"""
    assert _run(code, "light") == _run(code, "plain") == "LookupError"
