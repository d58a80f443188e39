"""The README's site-owner walkthrough, as written: its example FAQ table builds and answers its example
question, its example labeled questions are read by `faqbot eval`, and its JSON API example is the Answer the
shipped knowledge base gives (the same fields and section); knowledge/README.md quotes the line a build of that
folder prints about the README itself as the build prints it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot import cli

from _env import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    return README[start:README.index("\n## ", start + 1)]


def _block(text: str, lang: str, n: int = 0) -> str:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)[n]


def _own_faq(tmp_path: Path) -> tuple[str, Path, Path]:
    """The README's "Your own FAQ" section, and its faq.csv built as it says: (section, content, index)."""
    own = _section("Your own FAQ")
    content = tmp_path / "salon-faq"
    content.mkdir()
    (content / "faq.csv").write_text(_block(own, "csv"), encoding="utf-8")
    index = tmp_path / "index"
    assert cli.main(["build", "--content", str(content), "--index", str(index)]) == 0
    return own, content, index


def test_the_own_faq_example_builds_and_answers_as_shown(tmp_path, capsys):
    own, content, index = _own_faq(tmp_path)
    capsys.readouterr()
    shell = _block(own, "sh", 1)
    question = re.search(r'faqbot ask "([^"]+)"', shell).group(1)
    assert cli.main(["ask", "--content", str(content), "--index", str(index), question]) == 0
    out = capsys.readouterr().out
    shown = [line[2:] for line in shell.split(f'faqbot ask "{question}"\n', 1)[1].splitlines()[:3]]
    assert out.splitlines()[0] == shown[0]  # the reply, word for word
    assert re.sub(r"confidence [0-9.]+", "", out.splitlines()[2]) == re.sub(r"confidence [0-9.]+", "", shown[2])


def test_the_eval_example_lines_are_read_by_faqbot_eval(tmp_path, capsys):
    own = _section("Your own FAQ")
    content = tmp_path / "salon-faq"
    content.mkdir()
    (content / "faq.csv").write_text(_block(own, "csv"), encoding="utf-8")
    lines = re.search(r"read the sweep table:\n\n```\n(.*?)```", README, re.S).group(1)
    questions = tmp_path / "your-questions.jsonl"
    questions.write_text(lines, encoding="utf-8")
    assert cli.main(["eval", str(questions), "--content", str(content), "--index", str(tmp_path / "index"),
                     "--json"]) == 0
    captured = capsys.readouterr()
    assert "is no section" not in captured.err  # the example's gold ids are the example table's sections
    assert len([line for line in lines.splitlines() if line.strip()]) == 2


def test_the_json_api_example_is_the_answer_the_shipped_article_gives(article_index, capsys):
    example = json.loads(_block(_section("The JSON API"), "json"))
    assert cli.main(["ask", "--index", str(article_index), "--json", example["question"]]) == 0
    real = json.loads(capsys.readouterr().out)
    assert list(example) == list(real)
    assert (example["kind"], example["section_id"], example["heading"]) == \
        (real["kind"], real["section_id"], real["heading"])
    assert example["source"]["document"] == real["source"]["document"]


def test_the_knowledge_readme_line_a_build_prints_is_the_one_it_quotes(content_copy, tmp_path, capsys):
    quoted = re.search(r"says so in one line\n\(`([^`]+)`\)", (content_copy / "README.md").read_text("utf-8")).group(1)
    assert cli.main(["build", "--content", str(content_copy), "--index", str(tmp_path / "index")]) == 0
    assert quoted in capsys.readouterr().err.splitlines()


def test_the_own_faq_edit_builds_as_shown_and_the_row_without_quotes_is_the_error_quoted(tmp_path, capsys):
    own, content, index = _own_faq(tmp_path)
    shell = _block(own, "sh", 1)
    row = re.search(r"echo '([^']+)' >> ~/salon-faq/faq.csv", shell).group(1)
    with open(content / "faq.csv", "a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    capsys.readouterr()
    assert cli.main(["build", "--content", str(content), "--index", str(index)]) == 0
    shown = re.search(r"^# (built index .*)$", shell, re.M).group(1)
    # The version's time and hash, the seconds and the path vary; the counts and the wording are as shown.
    version = r"v000002-\d{8}T\d{6}Z-[0-9a-f]{8}"
    pattern = re.escape(shown).replace(re.escape("v000002-20261207T111830Z-420c9e77"), version)
    pattern = pattern.replace(re.escape("1.18s"), r"[0-9.]+s").replace(re.escape("instance/index/versions/..."), ".+")
    assert re.fullmatch(pattern, capsys.readouterr().out.strip())
    # "the row above without its quotes", in place of the row with them
    (content / "faq.csv").write_text(_block(own, "csv") + row.replace('"', "") + "\n", encoding="utf-8")
    assert cli.main(["build", "--content", str(content), "--index", str(index)]) == 1
    quoted = " ".join(re.search(r"the row\nabove without its quotes: `([^`]+)`", own).group(1).split())
    assert capsys.readouterr().err.strip().splitlines()[-1] == quoted
