"""The `faqbot` command line: build, ask (single and batch), eval, rollback; exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "data" / "questions"


def test_build_prints_a_summary(content_copy, tmp_path, capsys):
    assert cli.main(["build", "--content", str(content_copy), "--index", str(tmp_path / "idx")]) == 0
    out = capsys.readouterr().out
    assert "1 document, 22 sections" in out and "alternate questions" in out  # (was "1 documents")
    assert str(tmp_path / "idx") in out and "KiB" in out


def test_build_accepts_any_folder_of_content(tmp_path, capsys):
    d = tmp_path / "faq"
    d.mkdir()
    (d / "shop.csv").write_text("question,answer\nDo you ship abroad?,Yes to the EU.\n"
                                "Can I return an item?,Within 30 days.\n", encoding="utf-8")
    assert cli.main(["build", "--content", str(d), "--index", str(tmp_path / "idx")]) == 0
    capsys.readouterr()
    assert cli.main(["ask", "--index", str(tmp_path / "idx"), "--content", str(d), "--json",
                     "can I send something back?"]) == 0
    ans = json.loads(capsys.readouterr().out)
    assert ans["section_id"] in ("shop/can-i-return-an-item", None)


def test_ask_json_is_the_answer(article_index, capsys):
    assert cli.main(["ask", "--index", str(article_index), "--json", "what is microneedling?"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["ok"] and d["answered"] and d["section_id"] == "microneedling-redness/what-is-microneedling"


def test_ask_human_output_names_the_heading(article_index, capsys):
    assert cli.main(["ask", "--index", str(article_index), "what is microneedling?"]) == 0
    assert "What Is Microneedling?" in capsys.readouterr().out


def test_ask_explain_shows_why_without_json_too(article_index, capsys):
    # The README's own example: `--explain` shows "elsewhere": 1.0 for this question. Without --json the
    # option was taken and nothing of it was printed.
    assert cli.main(["ask", "--index", str(article_index), "--explain", "how many hours a week should I work?"]) == 0
    out = capsys.readouterr().out
    explain = json.loads(out.split("explain: ", 1)[1])
    assert explain["elsewhere"] == 1.0 and explain["reason"]
    assert cli.main(["ask", "--index", str(article_index), "how many hours a week should I work?"]) == 0
    assert "explain" not in capsys.readouterr().out  # only when asked for


@pytest.mark.parametrize("argv,needle", [
    (["ask", "--top-k", "0", "hi"], "--top-k"),
    (["ask", "   "], "empty"),
])
def test_bad_options_are_one_line_errors(article_index, capsys, argv, needle):
    assert cli.main(argv[:1] + ["--index", str(article_index)] + argv[1:]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0] and "Traceback" not in err[0]


@pytest.mark.parametrize("argv,line", [
    (["build", "--frobnicate"], "faqbot: error: faqbot build: unrecognized arguments: --frobnicate "
                                "(see faqbot build --help)"),
    (["ask", "--top-k", "x", "hi"], "faqbot: error: faqbot ask: argument --top-k: expected an integer in ASCII "
                                    "digits, got 'x' (see faqbot ask --help)"),
    # int() reads Arabic-Indic and fullwidth digits and underscores: these were answered with 3 and 10 suggestions,
    # where GET /api/ask?top_k=\u0663 is a 400.
    (["ask", "--top-k", "\u0663", "hi"], "faqbot: error: faqbot ask: argument --top-k: expected an integer in ASCII "
                                         "digits, got '\u0663' (see faqbot ask --help)"),
    (["ask", "--top-k", "1_0", "hi"], "faqbot: error: faqbot ask: argument --top-k: expected an integer in ASCII "
                                      "digits, got '1_0' (see faqbot ask --help)"),
    (["serve", "--workers", "\uff12", "--content", "/no/such/folder"],
     "faqbot: error: faqbot serve: argument --workers: expected an integer in ASCII digits, got '\uff12' "
     "(see faqbot serve --help)"),
    (["report", "--since", "\u0663"], "faqbot: error: faqbot report: argument --since: expected a number in ASCII "
                                      "digits, got '\u0663' (see faqbot report --help)"),
    ([], "faqbot: error: the following arguments are required: COMMAND (see faqbot --help)"),
])
def test_an_option_argparse_refuses_names_the_command_once(capsys, argv, line):
    # before: "faqbot: error: faqbot: unrecognized arguments: --frobnicate (see --help)", the command not named
    from web.cli import main  # the console script's: `serve` too

    assert main(argv) == 1
    assert capsys.readouterr().err.strip().splitlines() == [line]


@pytest.mark.parametrize("option", ["--index", "--content"])
def test_an_empty_folder_option_is_named_as_typed(capsys, option):
    assert cli.main(["build", option, ""]) == 1
    assert capsys.readouterr().err.strip() == f"faqbot: error: {option}: must not be empty"


def test_missing_content_and_index_is_a_clear_error(tmp_path, capsys):
    rc = cli.main(["ask", "--index", str(tmp_path / "idx"), "--content", str(tmp_path / "none"), "hi there?"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "none" in err and "Traceback" not in err
    # one line naming both: the content folder it would build from and the index folder that has nothing yet
    assert err.strip().splitlines() == [
        f"faqbot: error: {tmp_path / 'none'}: content folder not found, and {tmp_path / 'idx'} holds no index to "
        "answer from: give the content folder with --content DIR or FAQBOT_CONTENT_DIR"]  # (before: no word of how)


def test_asking_an_index_folder_that_has_none_yet_says_it_builds_one(tmp_path, capsys):
    d = tmp_path / "faq"
    d.mkdir()
    (d / "shop.csv").write_text("question,answer\nDo you ship abroad?,Yes to the EU.\n", encoding="utf-8")
    assert cli.main(["ask", "--index", str(tmp_path / "idx"), "--content", str(d), "do you ship abroad?"]) == 0
    err = capsys.readouterr().err
    assert f"no index in {tmp_path / 'idx'} yet: building it from {d}" in err


def test_a_build_that_ask_starts_prints_the_builds_warnings_as_build_does(tmp_path, capsys):
    d, idx = tmp_path / "faq", tmp_path / "idx"
    d.mkdir()
    (d / "shop.csv").write_text("question,answer\nDo you ship abroad?,Yes to the EU.\n", encoding="utf-8")
    (d / "notes.docx").write_bytes(b"PK")
    warning = "faqbot: warning: skipped notes.docx: not a content file (unknown extension)"
    assert cli.main(["ask", "--index", str(idx), "--content", str(d), "do you ship abroad?"]) == 0
    assert warning in capsys.readouterr().err.splitlines()  # the first build
    (d / "shop.csv").write_text("question,answer\nDo you ship to Norway?,Yes.\n", encoding="utf-8")
    assert cli.main(["ask", "--index", str(idx), "--content", str(d), "do you ship abroad?"]) == 0
    assert warning in capsys.readouterr().err.splitlines()  # a rebuild of changed content
    assert cli.main(["ask", "--index", str(idx), "--content", str(d), "do you ship abroad?"]) == 0
    assert "warning" not in capsys.readouterr().err  # a fresh index is not rebuilt, and says nothing
    assert cli.main(["build", "--quiet", "--index", str(idx), "--content", str(d)]) == 0
    assert capsys.readouterr().err.splitlines() == [warning]


def test_bad_threshold_setting_is_a_clear_error(article_index, capsys, monkeypatch):
    monkeypatch.setenv("FAQBOT_THRESHOLD", "high")
    assert cli.main(["ask", "--index", str(article_index), "hi"]) == 1
    assert "FAQBOT_THRESHOLD" in capsys.readouterr().err


def test_batch_ask_streams_one_answer_per_line_in_order(article_index):
    # A real subprocess: each line must be flushed before the next question is read.
    proc = subprocess.Popen([sys.executable, "-m", "web.cli", "ask", "--index", str(article_index)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    got = []
    try:
        for q in ["what is microneedling?", "hello", "how much is it?"]:
            proc.stdin.write(q + "\n")
            proc.stdin.flush()
            got.append(json.loads(proc.stdout.readline()))  # blocks unless flushed per line
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert [g["question"] for g in got] == ["what is microneedling?", "hello", "how much is it?"]
    assert [g["kind"] for g in got] == ["answer", "smalltalk", "no_answer"]
    assert proc.returncode == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("argv", [["ask", "hi"], ["ask", "--json", "hi"], ["ask"], ["report"]])
def test_output_that_cannot_be_written_is_one_line_and_exit_1(article_index, tmp_path, argv):
    # Standard output on a full disk: a traceback ending in OSError, where every other failure is one line.
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "web.cli", *argv, *(["--index", str(article_index)]
                                                                        if argv[0] == "ask" else [])],
                              input="hi\n" if argv == ["ask"] else None, stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, timeout=120,
                              env={**os.environ, "FAQBOT_DATABASE_URL": f"sqlite:///{tmp_path}/log.sqlite3"})
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["faqbot: error: standard input or output: No space left on device"]


@pytest.mark.parametrize("closed", [0, 1])
def test_batch_ask_with_a_closed_stdin_or_stdout_is_one_line_and_exit_1(article_index, closed):
    # Started with <&- or >&-, Python's sys.stdin or sys.stdout is None: an AttributeError traceback before.
    done = subprocess.run([sys.executable, "-m", "web.cli", "ask", "--index", str(article_index)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          cwd=ROOT, timeout=120, preexec_fn=lambda: os.close(closed))
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("faqbot: error: no QUESTION given and standard input or output is closed")


def test_eval_prints_the_figures(article_index, capsys, tmp_path):
    plot = tmp_path / "sweep.html"
    assert cli.main(["eval", str(QUESTIONS / "article-dev.jsonl"), "--index", str(article_index),
                     "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    for label in ("top-1 accuracy", "top-3 recall", "MRR", "out-of-scope refused",
                  "in-scope wrongly refused", "threshold sweep"):
        assert label in out
    # each share with the 95% interval of the questions it rests on (130 of article-dev's 187 are in scope)
    top1 = next(line for line in out.splitlines() if "top-1 accuracy" in line)
    assert top1.rstrip().endswith(" of 130)") and "95% intervals" in out
    assert "<svg" in plot.read_text()


def test_eval_json(article_index, capsys):
    assert cli.main(["eval", str(QUESTIONS / "article-heldout.jsonl"), "--index", str(article_index), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {"top1", "top3", "mrr", "oos_refused", "in_scope_refused", "sweep"} <= set(d)
    iv = d["intervals"]
    assert iv["top1"]["n"] == d["counts"]["in_scope"] and iv["oos_refused"]["n"] == d["counts"]["out_of_scope"]
    for key in ("top1", "top3", "oos_refused", "in_scope_refused", "precision"):
        assert iv[key]["low"] < d[key] < iv[key]["high"] or d[key] in (0.0, 1.0), key
        assert iv[key]["high"] - iv[key]["low"] > 0.02, key  # dozens of questions: never a point


def test_eval_warns_of_a_gold_section_the_index_does_not_have_and_reads_a_bom(article_index, capsys, tmp_path):
    labeled = tmp_path / "q.jsonl"
    labeled.write_text('{"query": "what is microneedling", "gold": ["microneedling-redness/what-is-microneedling"]}\n'
                       '{"query": "does it hurt", "gold": ["microneedling-redness/does-it-hurtt"]}\n',
                       encoding="utf-8-sig")
    assert cli.main(["eval", str(labeled), "--index", str(article_index), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["counts"]["in_scope"] == 2
    warnings = captured.err.strip().splitlines()
    assert len(warnings) == 1 and "'microneedling-redness/does-it-hurtt' is no section" in warnings[0], warnings
    assert "q.jsonl" in warnings[0] and "does it hurt" in warnings[0]


def test_eval_rejects_a_malformed_file(article_index, capsys, tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"query": "x", "gold": []}\nnot json\n')
    assert cli.main(["eval", str(bad), "--index", str(article_index)]) == 1
    assert "q.jsonl:2" in capsys.readouterr().err
    # a question left blank is no question: it would count as one the bot refused
    bad.write_text('{"query": "x", "gold": []}\n{"query": "  ", "gold": []}\n')
    assert cli.main(["eval", str(bad), "--index", str(article_index)]) == 1
    assert "q.jsonl:2: 'query' is empty" in capsys.readouterr().err


def test_report_help_names_its_unit(capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    assert "--since DAYS" in capsys.readouterr().out


def test_rollback_command(content_copy, tmp_path, capsys):
    idx = tmp_path / "idx"
    for n in range(2):
        (content_copy / "extra.csv").write_text(f"question,answer\nIs there parking?,Yes: {n} spaces.\n")
        assert cli.main(["build", "--quiet", "--content", str(content_copy), "--index", str(idx)]) == 0
    assert cli.main(["rollback", "--index", str(idx)]) == 0
    assert "now serving" in capsys.readouterr().out
    assert cli.main(["rollback", "--index", str(idx)]) == 1


@pytest.mark.parametrize("argv", [["ask", "--bogus"], ["ask", "--top-k", "abc", "x"], [], ["frobnicate"]])
def test_bad_usage_is_a_one_line_user_error(argv, capsys):
    assert cli.main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("faqbot: error:")


def test_eval_rejects_wrongly_typed_fields(article_index, capsys, tmp_path):
    for line in ['{"query": "x", "gold": [1]}', '{"query": "x", "gold": [], "history": 5}',
                 '{"query": "x", "gold": [], "fact": [1]}']:
        bad = tmp_path / "q.jsonl"
        bad.write_text(line + "\n")
        assert cli.main(["eval", str(bad), "--index", str(article_index)]) == 1
        assert "q.jsonl:1" in capsys.readouterr().err


def test_rollback_is_not_undone_by_the_next_ask(content_copy, tmp_path, capsys):
    idx = tmp_path / "idx"
    assert cli.main(["build", "--quiet", "--content", str(content_copy), "--index", str(idx)]) == 0
    (content_copy / "extra.csv").write_text("question,answer\nIs there parking?,Yes.\n", encoding="utf-8")
    assert cli.main(["build", "--quiet", "--content", str(content_copy), "--index", str(idx)]) == 0
    assert cli.main(["rollback", "--index", str(idx)]) == 0
    from bot.artifact import current_version

    rolled_back = current_version(idx)
    assert cli.main(["ask", "--index", str(idx), "--content", str(content_copy), "is there parking?"]) == 0
    assert current_version(idx) == rolled_back


def test_rollback_to_a_version_that_does_not_load_is_refused_and_changes_nothing(content_copy, tmp_path, capsys):
    # It said "now serving index v000001..." while no worker could load it (each kept the one it had, with a warning
    # in its log), and the next `faqbot ask` or server start rebuilt over it: the operator believed it rolled back.
    from bot.artifact import current_version, pinned

    idx = tmp_path / "idx"
    for n in range(2):
        (content_copy / "extra.csv").write_text(f"question,answer\nIs there parking?,Yes: {n} spaces.\n")
        assert cli.main(["build", "--quiet", "--content", str(content_copy), "--index", str(idx)]) == 0
    first, second = sorted(p.name for p in (idx / "versions").iterdir())
    (idx / "versions" / first / "index.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["rollback", "--index", str(idx)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"faqbot: error: cannot roll back: {idx}: index {first} is damaged (") and \
        err.strip().endswith(f"{second} stays current"), err
    assert current_version(idx) == second and pinned(idx) is None


@pytest.mark.parametrize("under", [False, True])
def test_an_index_path_that_is_a_file_is_one_line_before_anything_is_read(content_copy, tmp_path, capsys, under):
    # `--index` naming a file (or a folder under one): the build read and fitted the whole content first ("read 3
    # files, ...; fitting", minutes on a large FAQ), and only then said it could not write there.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    index = blocker / "idx" if under else blocker
    assert cli.main(["build", "--content", str(content_copy), "--index", str(index)]) == 1
    err = capsys.readouterr().err
    assert err == f"faqbot: error: {index}: cannot write the index ({blocker} is a file, not a folder)\n"
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_a_content_folder_named_but_not_there_is_a_warning_and_the_index_answers(content_copy, tmp_path, capsys,
                                                                                 kind):
    # `--content` (or FAQBOT_CONTENT_DIR) with a typo: ask and serve answered from the index without a word, and the
    # first reindex or dashboard edit failed on it ("content folder not found").
    idx = tmp_path / "idx"
    assert cli.main(["build", "--quiet", "--content", str(content_copy), "--index", str(idx)]) == 0
    typo = tmp_path / "knowlege"
    if kind == "a file":
        typo.write_text("x")
    capsys.readouterr()
    assert cli.main(["ask", "--index", str(idx), "--content", str(typo), "how long does redness last?"]) == 0
    out, err = capsys.readouterr()
    what = "content folder not found" if kind == "missing" else "content path is not a folder"
    assert err.startswith(f"faqbot: warning: {typo}: {what}; answering from the index built ") and \
        err.endswith(f" from {content_copy.resolve()}\n") and err.count("\n") == 1, err
    assert "redness" in out.lower()
    # Not named: the folder the index was built from is the one checked, as before; nothing to say.
    assert cli.main(["ask", "--index", str(idx), "how long does redness last?"]) == 0
    assert capsys.readouterr().err == ""


def test_rollback_without_an_index_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["rollback", "--index", str(tmp_path / "nothing")]) == 1
    assert "no published index" in capsys.readouterr().err


def test_content_without_indexable_words_is_a_content_error(tmp_path, capsys):
    d = tmp_path / "kb"
    d.mkdir()
    (d / "ru.txt").write_text("Заголовок\n\nКак долго?\n\nОтвет на вопрос.\n", encoding="utf-8")
    assert cli.main(["build", "--content", str(d), "--index", str(tmp_path / "idx")]) == 1
    assert "no indexable words" in capsys.readouterr().err


def test_content_whose_every_heading_is_an_emoji_names_the_headings_not_the_words(tmp_path, capsys):
    # "faq.md: no indexable words ... (empty vocabulary; perhaps the documents only contain stop words)": but its
    # answers are words; what no question can be matched against is its headings (the title one of them).
    d = tmp_path / "kb"
    d.mkdir()
    (d / "faq.md").write_text("# \U0001f389\n\n## \U0001f382\n\nWe bake fresh cakes every day.\n\n## \U0001f388?\n\n"
                              "Balloons too.\n", encoding="utf-8")
    assert cli.main(["build", "--content", str(d), "--index", str(tmp_path / "idx")]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]  # after the progress line
    assert err == ("faqbot: error: faq.md:3: no heading has a word faqbot can match ('\U0001f382', '\U0001f388?'): "
                   "matching reads words in Latin letters and digits; write at least one heading in words, or give "
                   "the sections phrasings in an .alternates file"), err


def test_batch_lines_waiting_are_taken_together_and_none_is_held_back():
    """The batch reader groups the lines already written (so an encoder can take them in one pass), never
    waits for a line that has not come, and reads ends, CRLF and bad UTF-8 as the line reader did."""
    import os
    import threading

    from bot.cli_ask import BATCH_LINES, _line_batches

    r, w = os.pipe()
    reader = open(r, "rb", buffering=0)
    batches = _line_batches(reader)

    def following(seconds: float = 10.0) -> list[str]:
        """The next group, or a failure (not a hang) if the reader holds back a line it has."""
        got: list = []
        t = threading.Thread(target=lambda: got.append(next(batches)), daemon=True)
        t.start()
        t.join(seconds)
        assert got, "a complete line was held back"
        return got[0]

    os.write(w, b"one\ntwo\r\nthr\xffee\rfive\n")
    assert following() == ["one", "two", "thr\ufffdee", "five"]  # everything waiting, as one group
    # Nothing waiting: the reader blocks until a line comes, then gives it at once, alone.
    threading.Timer(0.2, os.write, (w, b"four\n")).start()
    assert following() == ["four"]
    os.write(w, b"split across writes\r")  # the \r may be half of a \r\n: it waits for what follows
    threading.Timer(0.2, os.write, (w, b"\nnext\n")).start()
    assert following() == ["split across writes", "next"]  # one line, not an empty one after it
    os.write(w, b"".join(b"q%d\n" % i for i in range(BATCH_LINES + 5)) + b"last without an end")
    os.close(w)
    rest = list(batches)
    assert len(rest[0]) == BATCH_LINES and all(len(b) <= BATCH_LINES for b in rest)
    assert [q for b in rest for q in b] == [f"q{i}" for i in range(BATCH_LINES + 5)] + ["last without an end"]


# ---- the question as /api/ask takes it: cleaned and limited alike (bot/question.py) ------------------------------

def _ask(article_index, *argv, stdin=None, env=None, stdout=subprocess.PIPE):
    """`faqbot ask` in a subprocess, with bytes in and out (what a script sees)."""
    return subprocess.run([sys.executable, "-m", "web.cli", "ask", "--index", str(article_index), *argv],
                          input=stdin, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, timeout=120,
                          env={**os.environ, **(env or {})})


def test_ask_cleans_nul_and_a_bom_as_the_api_does(article_index, capsys):
    # The CLI kept NUL characters ("red\u0000ness"), where /api/ask reads them as spaces; a BOM alone was answered.
    assert cli.main(["ask", "--index", str(article_index), "--json", "red\x00ness\ufeff "]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == "red ness"
    assert cli.main(["ask", "--index", str(article_index), "\ufeff"]) == 1
    assert capsys.readouterr().err == "faqbot: error: the question is empty\n"


def test_ask_refuses_a_question_over_the_limit_as_the_api_does(article_index, capsys, monkeypatch):
    # The CLI answered a question of any length; /api/ask refuses one over FAQBOT_MAX_QUESTION_LENGTH.
    assert cli.main(["ask", "--index", str(article_index), "x" * 501]) == 1
    assert capsys.readouterr().err == ("faqbot: error: the question is longer than 500 characters "
                                       "(FAQBOT_MAX_QUESTION_LENGTH)\n")
    monkeypatch.setenv("FAQBOT_MAX_QUESTION_LENGTH", "20")
    assert cli.main(["ask", "--index", str(article_index), "--json", "how long is redness?"]) == 0
    assert cli.main(["ask", "--index", str(article_index), "how long does redness last?"]) == 1
    assert "longer than 20 characters" in capsys.readouterr().err


def test_batch_ask_cleans_and_limits_each_line_and_keeps_the_order(article_index):
    lines = ["red\x00ness", "\x00", "x" * 501, "\ufeffhello  "]
    done = _ask(article_index, stdin="\n".join(lines).encode() + b"\n")
    assert done.returncode == 0, done.stderr
    got = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [g.get("question") for g in got] == ["red ness", "\x00", "x" * 501, "hello"]
    assert got[1] == {"ok": False, "question": "\x00", "error": "empty question", "status": 400}
    assert got[2] == {"ok": False, "question": "x" * 501, "error": "question longer than 500 characters", "status": 400}
    assert got[0]["ok"] and got[3]["kind"] == "smalltalk"


def test_a_question_argument_that_is_not_utf8_reads_as_stdin_does_and_json_stays_utf8(article_index):
    # Python keeps such bytes as lone surrogates, and print() wrote them back out raw: invalid UTF-8 in the JSON.
    done = _ask(article_index, "--json", os.fsdecode(b"caf\xe9 redness"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))["question"] == "caf\ufffd redness"
    batch = _ask(article_index, stdin=b"caf\xe9 redness\n")
    assert json.loads(batch.stdout.decode("utf-8"))["question"] == "caf\ufffd redness"


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("json_output", [True, False])
def test_ask_writes_its_answer_whatever_the_terminal_encoding(article_index, encoding, json_output):
    # A single question under a Latin-1 or ASCII locale: a UnicodeEncodeError traceback on the answer's "’".
    question = "what is left after the redness fades"
    done = _ask(article_index, *(["--json"] if json_output else []), question, env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()
    if json_output:  # JSON is UTF-8, as the batch's always was
        assert "’" in json.loads(done.stdout.decode("utf-8"))["full_answer"]
    else:  # the terminal's encoding, '?' for what it lacks
        done.stdout.decode(encoding)


def test_a_single_ask_with_a_closed_stdout_is_one_line_and_exit_1(article_index):
    # print() to a closed stdout (None) wrote nowhere, and the exit status said success.
    done = subprocess.run([sys.executable, "-m", "web.cli", "ask", "--index", str(article_index), "redness"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr == "faqbot: error: standard output is closed: nowhere to write the answer\n"


def test_ask_piped_into_head_exits_0_without_a_traceback(article_index):
    # `faqbot ask ... | head -1`: the reader leaves after one line.
    for argv, stdin in ((["--explain", "how long does redness last?"], b""), ([], b"redness\n" * 400)):
        with open(article_index.parent / "questions.txt", "wb") as f:
            f.write(stdin)
        with open(article_index.parent / "questions.txt", "rb") as questions:
            proc = subprocess.Popen([sys.executable, "-m", "web.cli", "ask", "--index", str(article_index), *argv],
                                    stdin=questions, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
            assert proc.stdout.readline()
            proc.stdout.close()  # as head does after its line
            err = proc.stderr.read()
            assert proc.wait(timeout=120) == 0 and b"Traceback" not in err, err.decode()


def test_a_build_of_unchanged_content_publishes_nothing_and_rollback_still_goes_back(content_copy, tmp_path, capsys):
    """An hourly `faqbot build` of content nobody changed must not fill the kept versions with copies of the
    current one: `faqbot rollback` would no longer reach the content before the last change."""
    from bot.artifact import current_version, list_versions

    idx = tmp_path / "idx"
    build = ["build", "--content", str(content_copy), "--index", str(idx)]
    assert cli.main(build) == 0
    first = current_version(idx)
    capsys.readouterr()
    for _ in range(6):  # more than FAQBOT_KEEP_VERSIONS (5)
        assert cli.main(build) == 0
        out = capsys.readouterr().out.splitlines()
        assert len(out) == 1 and out[0].startswith(f"index {first} is up to date (built ") and \
            out[0].endswith("kept serving it, nothing new published"), out
    assert list_versions(idx) == [first] and current_version(idx) == first
    assert cli.main(["build", "--quiet", *build[1:]]) == 0 and capsys.readouterr().out == ""

    (content_copy / "extra.csv").write_text("question,answer\nIs there parking?,Yes: behind the clinic.\n")
    assert cli.main(build) == 0
    assert capsys.readouterr().out.startswith("built index ")
    second = current_version(idx)
    for _ in range(6):
        assert cli.main(build) == 0
    assert list_versions(idx) == [first, second] and current_version(idx) == second
    ask = ["ask", "--json", "--index", str(idx), "is there parking?"]
    capsys.readouterr()
    assert cli.main(ask) == 0 and "behind the clinic" in capsys.readouterr().out

    assert cli.main(["rollback", "--index", str(idx)]) == 0 and current_version(idx) == first
    capsys.readouterr()
    assert cli.main(ask) == 0 and "behind the clinic" not in capsys.readouterr().out  # the content before the change


def test_a_build_after_a_rollback_says_the_version_rolled_back_from_is_current_again(content_copy, tmp_path, capsys):
    # It published a copy of that version ("built index v000003..."), and the next `faqbot rollback` went to it.
    from bot.artifact import current_version, list_versions

    idx = tmp_path / "idx"
    build = ["build", "--content", str(content_copy), "--index", str(idx)]
    assert cli.main(build) == 0
    first = current_version(idx)
    (content_copy / "extra.csv").write_text("question,answer\nIs there parking?,Yes: behind the clinic.\n")
    assert cli.main(build) == 0
    second = current_version(idx)
    assert cli.main(["rollback", "--index", str(idx)]) == 0
    capsys.readouterr()
    assert cli.main(build) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith(f"index {second} is current again (built ") and \
        out[0].endswith("before the rollback): nothing new published"), out
    assert list_versions(idx) == [first, second] and current_version(idx) == second
    assert cli.main(["rollback", "--index", str(idx)]) == 0 and current_version(idx) == first


@pytest.mark.parametrize("env, allowed", [("FAQBOT_ANSWER_CACHE", "0..10,000"), ("FAQBOT_KEEP_VERSIONS", "1..100"),
                                          ("FAQBOT_MAX_QUESTION_LENGTH", "1..16,384"), ("FAQBOT_PROXY_HOPS", "0..10")])
def test_a_setting_past_its_maximum_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch, env, allowed):
    # 99999999999999999999 was taken: an answer cache without bound, questions no request can carry.
    monkeypatch.setenv(env, "99999999999999999999")
    assert cli.main(["ask", "--index", str(tmp_path / "idx"), "hi there?"]) == 1
    assert capsys.readouterr().err == f"faqbot: error: {env}: must be {allowed}, got 99999999999999999999\n"
