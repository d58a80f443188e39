"""Fuzzing: ingestion never crashes and is deterministic; request bodies, query strings and headers never
give a 500; schemathesis checks every documented operation against /openapi.json.

Kept short for CI (a few seconds each): modest max_examples, no deadline (the first examples import and
fit), no example database written into the tree. test_api.py already fuzzes JSON bodies of ask/feedback.
FUZZ_EXAMPLES=500 runs schemathesis longer (60 examples per operation by default).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from bot.ingest import load_knowledge
from bot.ingest.formats import section_suffixes
from bot.model import ContentError

from _files import write
from bot.settings import Settings
from _app import built_app
from web.openapi import spec

KB_SMALL = Path(__file__).resolve().parent / "data" / "kb-small"
ROOT = Path(__file__).resolve().parents[1]
TOKEN = "fuzz-token"
# In CI the examples are the same on every run (a red build then means a change broke something, not that
# this run happened to draw a new edge case); elsewhere each run explores new ones.
QUICK = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck),
             derandomize=os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"))

# ---- ingestion -----------------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)  # anything UTF-8 can hold
LINES = st.lists(st.one_of(
    TEXT,
    st.sampled_from(["", " ", "# Title", "## A Heading", "### Sub heading", "#", "##", "How long does it last?",
                     "Why?", "question,answer", "question\tanswer", "question,answer,alternates,id", "• an item",
                     "  - an item", "* item", "1. step", '"quoted, with comma",x', '"unclosed', "a,b,c,d,e",
                     "\ufeffBOM title", "\r", "\x00", "\x0c", "```", "---", "<b>html</b>", "id", "|", "a|b||c",
                     "~~~", "````", "> ## quoted", "[x](javascript:alert(1))", "`<tag>`", "<pre>", "|---|---|"]),
), max_size=25)
ANY_TEXT = st.one_of(TEXT, LINES.map("\n".join), LINES.map("\r\n".join))


def _check_sections(kb) -> None:
    ids = [s.id for s in kb.sections]
    assert kb.sections and len(ids) == len(set(ids))
    for s in kb.sections:
        assert s.heading.strip() and s.body.strip() and "/" in s.id and s.source


@given(suffix=st.sampled_from(section_suffixes()), text=ANY_TEXT)
@hsettings(max_examples=300, **QUICK)
def test_no_text_crashes_the_parser(suffix, text):
    """Any text in a content file gives sections, or a ContentError that names the file."""
    with tempfile.TemporaryDirectory() as d:
        write(Path(d), "doc" + suffix, text)
        try:
            kb = load_knowledge(d)
        except ContentError as e:
            assert "doc" + suffix in str(e) and "\n" not in str(e), str(e)
        else:
            _check_sections(kb)


@given(suffix=st.sampled_from(section_suffixes()), data=st.binary(max_size=200))
@hsettings(max_examples=100, **QUICK)
def test_no_bytes_crash_the_parser(suffix, data):
    """Bytes that are not UTF-8 (or are, by chance) give sections or a ContentError naming the file."""
    with tempfile.TemporaryDirectory() as d:
        write(Path(d), "doc" + suffix, data)
        try:
            _check_sections(load_knowledge(d))
        except ContentError as e:
            assert "doc" + suffix in str(e), str(e)


@given(alternates=ANY_TEXT, synonyms=ANY_TEXT)
@hsettings(max_examples=150, **QUICK)
def test_no_alternates_or_synonyms_text_crashes_the_parser(alternates, synonyms):
    """Editors' extra files next to good content: sections, or a ContentError naming the extra file."""
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "peel-aftercare.txt").write_bytes((KB_SMALL / "peel-aftercare.txt").read_bytes())
        write(Path(d), "peel-aftercare.alternates", alternates)
        write(Path(d), "terms.synonyms", synonyms)
        try:
            _check_sections(load_knowledge(d))
        except ContentError as e:
            assert "peel-aftercare.alternates" in str(e) or "terms.synonyms" in str(e), str(e)


# A knowledge base that usually builds: a title, headings and text, in all three formats, with any letters.
WORD = st.one_of(st.sampled_from("peel skin sun redness cream wait days week makeup swim book price gift "
                                 "card shipping refund laser hair how long when can why what".split()),
                 st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=8))
PHRASE = st.lists(WORD, min_size=1, max_size=7).map(" ".join)
SECTION = st.tuples(PHRASE.map(lambda p: p[:1].upper() + p[1:] + "?"),
                    st.lists(PHRASE.map(lambda p: p[:1].upper() + p[1:] + "."), min_size=1, max_size=4).map(" ".join))
DOC = st.tuples(st.sampled_from([".txt", ".md", ".csv"]), PHRASE, st.lists(SECTION, min_size=1, max_size=5))


def _render(suffix: str, title: str, sections: list[tuple[str, str]]) -> str:
    if suffix == ".txt":
        return f"{title.title()}\n\n" + "".join(f"{h}\n\n{b}\n\n" for h, b in sections)
    if suffix == ".md":
        return f"# {title.title()}\n\n" + "".join(f"## {h}\n\n{b}\n\n" for h, b in sections)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["question", "answer"])
    w.writerows(sections)
    return out.getvalue()


_BUILD_EACH = """
import hashlib, json, sys, tempfile
from pathlib import Path
from bot.index import Index
from bot.ingest import load_knowledge
from bot.model import ContentError
out = []
for d in json.loads(sys.argv[1]):
    try:
        kb = load_knowledge(d)
    except ContentError as e:
        out.append("ContentError: " + str(e).replace(d, "<dir>"))
        continue
    with tempfile.TemporaryDirectory() as t:
        try:
            index = Index().fit(kb)
        except ValueError as e:  # no word to index ("Ø" over "0?"): `faqbot build` says so in one line (bot/build.py)
            out.append("no indexable words: " + str(e))
            continue
        index.save(Path(t))
        out.append(hashlib.sha256((Path(t) / "index.json").read_bytes()).hexdigest())
print(json.dumps(out))
"""


def test_the_same_content_always_builds_the_same_index(tmp_path):
    """Generated knowledge bases, each built in two processes with different hash seeds (set and dict order
    differ between them): index.json is byte for byte the same, and so is any ContentError."""
    folders: list[str] = []

    @given(docs=st.lists(DOC, min_size=1, max_size=3))
    @hsettings(max_examples=12, **QUICK)
    def collect(docs):
        folder = tmp_path / f"kb{len(folders)}"
        for n, (suffix, title, sections) in enumerate(docs):
            write(folder, f"doc{n}{suffix}", _render(suffix, title, sections))
        folders.append(str(folder))

    collect()
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cp = subprocess.run([sys.executable, "-c", _BUILD_EACH, json.dumps(folders)], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
        assert cp.returncode == 0, cp.stderr[-3000:]
        runs.append(json.loads(cp.stdout))
    assert runs[0] == runs[1]
    built = [h for h in runs[0] if not h.startswith("ContentError")]
    assert len(built) >= len(folders) // 2, runs[0]  # mostly real builds, not only errors


# ---- HTTP: bodies, query strings and headers beyond test_api.py's JSON bodies -------------------------------

@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz-app")
    # No limits: thousands of generated requests from one client would otherwise meet 429s (limits and the
    # admin-guess throttle have their own tests: test_api.py, test_attacks.py).
    return built_app(Settings(content_dir=str(KB_SMALL), index_dir=str(d / "index"), rate_limit="0",
                               admin_rate_limit="0", database_url=f"sqlite:///{d}/faqbot.sqlite3",
                               admin_token=TOKEN))


def _json_error_or(r, *ok: int) -> None:
    assert r.status_code in (*ok, 400, 413, 415), (r.status_code, r.get_data(as_text=True)[:300])
    assert r.mimetype == "application/json"
    body = r.get_json()
    if r.status_code >= 400:
        assert body["ok"] is False and body["status"] == r.status_code and body["error"]


@given(depth=st.integers(1, 9000), opener=st.sampled_from(["[", '{"a":', '{"question":[']))
@hsettings(max_examples=40, **QUICK)
def test_deeply_nested_json_is_a_400_not_a_500(fuzz_app, depth, opener):
    body = opener * depth
    r = fuzz_app.test_client().post("/api/ask", data=body, content_type="application/json")
    _json_error_or(r)


@given(data=st.binary(max_size=300), content_type=st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "application/json; charset=latin-1", "text/plain",
     "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/*+json"]),
    path=st.sampled_from(["/api/ask", "/api/feedback"]))
@hsettings(max_examples=150, **QUICK)
def test_any_raw_body_gets_json_and_never_500(fuzz_app, data, content_type, path):
    r = fuzz_app.test_client().post(path, data=data, content_type=content_type)
    _json_error_or(r, 200, 201)


QUERY_KEYS = st.sampled_from(["q", "question", "top_k", "history", "explain", "x", ""])
QUERY_VALUES = st.one_of(TEXT, st.integers(-20, 20).map(str), st.sampled_from(["1", "true", "", "%", "%ff", "\x00"]))


@given(pairs=st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=6))
@hsettings(max_examples=150, **QUICK)
def test_any_query_string_gets_json_and_never_500(fuzz_app, pairs):
    r = fuzz_app.test_client().get("/api/ask", query_string=pairs)
    _json_error_or(r, 200)


@given(header=st.one_of(st.none(), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=60),
                        st.text(max_size=30).map(lambda t: "Bearer " + t)))
@hsettings(max_examples=80, **QUICK)
def test_any_authorization_header_on_reindex_is_401_or_403(fuzz_app, header):
    headers = {} if header is None else {"Authorization": header}
    try:
        r = fuzz_app.test_client().post("/api/reindex", headers=headers)
    except ValueError:  # the test client refuses header values HTTP cannot carry (newlines); so would a server
        return
    assert r.status_code in (401, 403), (r.status_code, r.get_data(as_text=True))
    assert r.get_json()["ok"] is False


# ---- schemathesis: every operation, against the document the app serves ------------------------------------

schemathesis = pytest.importorskip("schemathesis")
# The document the app serves depends on settings only (test_api.py pins that), so it is loaded at collection
# without building an index; the requests go to the fuzz_app through WSGI.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(spec(Settings()))))


@schema.parametrize()
@hsettings(max_examples=int(os.environ.get('FUZZ_EXAMPLES', 60)), **QUICK)
def test_api_matches_its_openapi_document(case, fuzz_app):
    """No 500, every status documented, every body and header as the schema says, invalid input refused,
    valid input accepted."""
    case.call_and_validate(app=fuzz_app)


def _patterns(node) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "pattern"] + [p for v in node.values() for p in _patterns(v)]
    return [p for v in node for p in _patterns(v)] if isinstance(node, list) else []


def test_every_pattern_of_the_document_is_a_regex_to_the_validator_too():
    """A pattern the validator cannot compile is no constraint to it: schemathesis sent a section id holding a NUL as
    schema-valid (the API refuses it, rightly), because "\\ud800-\\udfff" in the pattern is no regex to jsonschema_rs."""
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # schemathesis' validator, installed with it
    document = spec(Settings())
    patterns = _patterns(document)
    assert patterns
    for pattern in patterns:
        assert jsonschema_rs.is_valid({"type": "string", "pattern": pattern}, "abc"), pattern  # compiles, and matches
    feedback = document["components"]["schemas"]["FeedbackRequest"]
    assert jsonschema_rs.is_valid(feedback, {"question": "q", "section_id": "doc/heading", "helpful": True})
    assert not jsonschema_rs.is_valid(feedback, {"question": "q", "section_id": "doc/x\u0000y", "helpful": True})


# ---- a real server: bench/fuzz_http.py's generated requests over raw sockets -----------------------------------

def test_a_real_server_answers_generated_requests_as_its_contract_and_document_say(capsys):
    """800 requests of a fixed seed to `faqbot serve` (gunicorn, gevent): no 5xx, JSON errors of one line under /api/
    (and to the dashboard's JSON requests), 2xx bodies as /openapi.json describes them, and nothing stored lost or
    changed. It found a 500 on /admin (a JSON body nested too deeply) and a dashboard form read cut short."""
    from _env import bench_module

    fuzz = bench_module("fuzz_http")
    code = fuzz.main(["--requests", "800", "--seed", "54"])
    out = capsys.readouterr().out
    assert code == 0, out[-6000:]
