"""Bad content: each problem is one ContentError line naming the file (and line); the CLI keeps the old index."""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from bot.ingest import MAX_FILE_BYTES, load_knowledge
from bot.model import ContentError

from _files import write

DIR = "<content dir>"  # expected path placeholder: the content folder itself is at fault
GOOD = "Title\n\nWhat Is It?\n\nA thing.\n"


def put(d: Path, rel: str, data: str | bytes = GOOD) -> Path:
    return write(d, rel, data)


def files(named: dict[str, str | bytes] | None = None):
    """A builder writing the given files (relative path -> text or bytes) into the content folder."""

    def build(d: Path) -> None:
        d.mkdir(parents=True, exist_ok=True)
        for rel, data in (named or {}).items():
            put(d, rel, data)

    return build


def with_good(extra):
    """A valid article plus whatever `extra(d)` adds."""

    def build(d: Path) -> None:
        put(d, "good.txt")
        extra(d)

    return build


def huge(d: Path) -> None:
    put(d, "good.txt")
    with open(d / "big.txt", "wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: no disk space used, but stat() reports 51 MB


def self_loop(d: Path) -> None:
    put(d, "good.txt")
    (d / "self.txt").symlink_to("self.txt")


def two_link_loop(d: Path) -> None:
    put(d, "good.txt")
    (d / "a.md").symlink_to("b.md")
    (d / "b.md").symlink_to("a.md")


def dangling(d: Path) -> None:
    put(d, "good.txt")
    (d / "gone.txt").symlink_to(d / "deleted.txt")


def folder_named_txt(d: Path) -> None:
    put(d, "good.txt")
    put(d, "x.txt/inner.txt")


def link_to_etc_passwd(d: Path) -> None:
    # Indexed, it would be served at /kb/passwd: a content file must resolve inside the content folder.
    put(d, "good.txt")
    (d / "passwd.txt").symlink_to("/etc/passwd")


def link_inside(d: Path) -> None:
    put(d, "real/faq.txt")
    (d / "alias.txt").symlink_to(d / "real" / "faq.txt")


def missing_dir(d: Path) -> None:
    pass


def file_not_dir(d: Path) -> None:
    d.write_text("not a folder")


CASES = [
    # (builder, file at fault, line or None, words the message must contain)
    pytest.param(files({"a.txt": ""}), "a.txt", None, "empty file", id="empty-file"),
    pytest.param(files({"a.md": " \n\n\t\n"}), "a.md", None, "empty file", id="blank-file"),
    pytest.param(files({"a.txt": "Just A Title\n"}), "a.txt", None, "no sections found", id="title-only"),
    pytest.param(files({"a.txt": "Title\n\nGroup Heading\n\nRecent Posts\n"}), "a.txt", None, "no sections found",
                 id="only-empty-headings"),
    pytest.param(files({"a.md": "# Title\n\n## Empty\n"}), "a.md", None, "no sections found", id="md-no-sections"),
    pytest.param(files({"a.csv": "question,answer\n\n"}), "a.csv", None, "no sections found", id="csv-header-only"),
    pytest.param(files({"a.txt": b"Title\n\nCaf\xe9 au lait.\n"}), "a.txt", 3, "not UTF-8", id="not-utf8"),
    # A UTF-16 byte-order mark over what is no UTF-16 (cut short by a byte: half of a character)
    pytest.param(files({"a.txt": "Title\n\nText.\n".encode("utf-16") + b"x"}), "a.txt", 4,
                 "not UTF-16 text, though it opens with a UTF-16 byte-order mark (cut short, or another file joined to "
                 "it); save the file as UTF-8", id="utf16-cut-short"),
    pytest.param(files({"a.txt": "Title\n\nText\0.\n".encode("utf-16")}), "a.txt", 3,
                 "binary file (contains NUL characters), not text; save the file as UTF-8 text", id="utf16-nul"),
    pytest.param(files({"a.txt": "Title\n\nText.\n".encode("utf-32")}), "a.txt", None, "UTF-32 text", id="utf32"),
    # without a byte-order mark (PowerShell's and some exporters' "Unicode"): it was "binary file (contains NUL bytes)"
    pytest.param(files({"a.txt": "Title\n\nCafé.\n".encode("utf-16-le")}), "a.txt", None,
                 "UTF-16 text (without a byte-order mark); save the file as UTF-8", id="utf16-le-no-bom"),
    pytest.param(files({"a.csv": "question,answer\nq,a\n".encode("utf-16-be")}), "a.csv", None,
                 "UTF-16 text (without a byte-order mark)", id="utf16-be-no-bom"),
    pytest.param(files({"a.txt": "Title\n\nText.\n".encode("utf-32-be")}), "a.txt", 1, "binary file",
                 id="utf32-no-bom"),
    pytest.param(files({"x.md": b"# T\n\nab\x00cd\x01\x02"}), "x.md", 3,
                 "binary file (contains NUL bytes), not UTF-8 text; save the file as UTF-8 text", id="binary-nul"),
    pytest.param(files({"a.csv": "question,reply\nq,a\n"}), "a.csv", 1, "missing column 'answer'",
                 id="csv-missing-column"),
    pytest.param(files({"a.csv": "title,body\nx,y\n"}), "a.csv", 1, "missing columns 'question', 'answer' (header has: "
                 "title, body); name the question column 'question' and the answer column 'answer'",
                 id="csv-missing-columns"),
    pytest.param(files({"a.csv": "Do you deliver?,Yes.\nWhen?,Now.\n"}), "a.csv", 1,
                 "the first row must name the columns: insert a row above it with question and answer",
                 id="csv-no-header-row"),
    pytest.param(files({"a.csv": "Q,FAQ,A\nx,y,z\n"}), "a.csv", 1, "missing column 'question'",
                 id="csv-two-question-columns"),
    pytest.param(files({"a.tsv": "question,answer\nq,a\n"}), "a.tsv", 1, "separated by tabs", id="tsv-with-commas"),
    pytest.param(files({"a.csv": "question,answer,Answer\nq,a,b\n"}), "a.csv", 1,
                 "column 'answer' appears twice in the header (columns 2 and 3): rename or delete one",
                 id="csv-duplicate-column"),
    pytest.param(files({"a.csv": "question,answer,id\nq1,a1,x\nq2,a2\n"}), "a.csv", 3, "expected 3 fields, got 2",
                 id="csv-ragged-short"),
    pytest.param(files({"a.csv": 'question,answer\nq1,"a\nb"\nq2,a2,extra\n'}), "a.csv", 4,
                 "expected 2 fields, got 3", id="csv-ragged-after-multiline-cell"),
    pytest.param(files({"a.csv": "question,answer\nDo you deliver?,Yes, within 5 miles.\n"}), "a.csv", 2,
                 'expected 2 fields, got 3 (a cell that holds a comma must be in double quotes: "...")',
                 id="csv-unquoted-comma"),
    pytest.param(files({"a.csv": "question;answer\nDo you deliver?;Yes; within 5 miles.\n"}), "a.csv", 2,
                 "a cell that holds a semicolon must be in double quotes", id="csv-unquoted-semicolon"),
    pytest.param(files({"a.csv": "question,answer\n  ,a\n"}), "a.csv", 2, "empty question", id="csv-empty-question"),
    # A row with an empty answer is no section (a warning); a table of nothing else has none.
    pytest.param(files({"a.tsv": "question\tanswer\nq\t \n"}), "a.tsv", None,
                 'no sections found: a.tsv:2 question "q" has an empty answer', id="tsv-only-an-empty-answer"),
    # It said only "name the question column 'question' and the answer column 'answer' in the first row": they are.
    pytest.param(files({"a.tsv": "Question    Answer\nCards?    Yes.\n"}), "a.tsv", 1, "missing columns 'question', "
                 "'answer' (header has: Question    Answer); cells must be separated by tabs in a .tsv file, and this "
                 "row has spaces between them", id="tsv-with-spaces"),
    pytest.param(files({"a.csv": "question,answer\nWhat?,a\nwhat? ,b\n"}), "a.csv", 3,
                 "duplicate question 'what?' (first at line 2): delete one of the two rows, or merge their answers",
                 id="csv-duplicate-question"),
    pytest.param(files({"a.csv": "id,question,answer\nx,Q1,a\nX,Q2,b\n"}), "a.csv", 3,
                 "duplicate id 'x' (first at line 2)", id="csv-duplicate-id"),
    pytest.param(files({"a.csv": 'question,answer\nq,"open\nnever closed\n'}), "a.csv", 2, "never closed",
                 id="csv-unclosed-quote"),
    # a quote inside a quoted cell not doubled: it was csv's "',' expected after '\"'"
    pytest.param(files({"a.csv": 'question,answer\nq,a\nCards?,"Yes, all "major" cards."\n'}), "a.csv", 3,
                 "malformed CSV row: a '\"' inside a quoted cell must be written twice (\"\"): "
                 "\"Our \"\"gold\"\" plan\"", id="csv-quote-not-doubled"),
    pytest.param(files({"a.tsv": 'question\tanswer\nCards?\t"Yes, all "major" cards."\n'}), "a.tsv", 2,
                 "malformed TSV row: a '\"' inside a quoted cell must be written twice", id="tsv-quote-not-doubled"),
    pytest.param(files({"a.txt": "Title\n\nWhat Is It?\n\nA.\n\nWhy?\n\nB.\n\nWhat Is It?\n\nC.\n"}), "a.txt", 11,
                 "duplicate heading 'What Is It?' (first at line 3)", id="duplicate-heading"),
    pytest.param(files({"a.txt": "Title\n\nWhat's New?\n\nA.\n\nWhats New?\n\nB.\n"}), "a.txt", 7,
                 "same id 'a/whats-new' as 'What's New?' (line 3)", id="headings-same-slug"),
    pytest.param(files({"a.md": "# T\n\n## Price\n\nA.\n\n### Price\n\nB.\n"}), "a.md", 7,
                 "duplicate heading 'Price' (first at line 3)", id="md-duplicate-heading"),
    pytest.param(huge, "big.txt", None, "file too large (51 MB; the limit is 20 MB)", id="too-large"),
    pytest.param(self_loop, "self.txt", None, "symlink loop", id="symlink-self-loop"),
    # It built: the rest of the file, its headings and the note itself, was one introduction shown to visitors.
    pytest.param(files({"a.md": "# T\n\nIntro.\n\n<!-- TODO: check the hours\n\n## Hours?\n\nNine to five.\n"}),
                 "a.md", 5, "an HTML comment ('<!--') starts here and is never closed with '-->'",
                 id="md-unclosed-comment"),
    pytest.param(files({"a.md": "# T\n\n## Hours?\n\n- Weekdays\n  <!-- and Sundays?\n\nNine to five.\n"}),
                 "a.md", 6, "never closed with '-->'", id="md-unclosed-comment-in-a-list-item"),
    # It built: the headings after the block were code lines of the section above it, their sections lost.
    pytest.param(files({"a.md": "# T\n\n## Install\n\n```\nmake\n\n## Hours?\n\nNine to five.\n"}), "a.md", 5,
                 "the code block opened here with '```' is never closed, so the heading '## Hours?' (line 8) after "
                 "it is read as code: put a '```' line where the code ends", id="md-unclosed-code-block"),
    # They built: the line and the text under it joined the section above, the section lost without a word.
    pytest.param(files({"a.md": "# T\n\n## Hours?\n\nNine to five.\n\n##Parking?\n\nBehind the shop.\n"}), "a.md", 7,
                 "'##Parking?' is not a heading: Markdown needs a space after the '##': '## Parking?'",
                 id="md-heading-without-a-space"),
    pytest.param(files({"a.md": "# T\n\n## Hours?\nNine to five.\n###Parking?\nBehind the shop.\n"}), "a.md", 5,
                 "'###Parking?' is not a heading", id="md-heading-without-a-space-inside-a-paragraph"),
    pytest.param(files({"a.md": "# T\n\n## Hours?\n\nNine to five.\n\n##\u00a0Parking?\n\nBehind the shop.\n"}),
                 "a.md", 7, "the space after the '##' is a no-break space (pasted from a web page?): type an "
                 "ordinary one", id="md-heading-with-a-no-break-space"),
    # They built: the title a line of the introduction (the file name the title), the section code or text above it.
    pytest.param(files({"a.md": "#Clinic\n\nWe are a clinic.\n\n## Hours?\n\nNine to five.\n"}), "a.md", 1,
                 "'#Clinic' is not a title: Markdown needs a space after the '#': '# Clinic' (for text that starts "
                 "with '#', write '\\#Clinic')", id="md-title-without-a-space"),
    pytest.param(files({"a.md": "---\ntitle: C\n---\n\n#Clinic\nWe are a clinic.\n"}), "a.md", 5,
                 "'#Clinic' is not a title", id="md-title-without-a-space-after-front-matter"),
    pytest.param(files({"a.md": "# T\n\n## Where?\n\nMain St.\n\n    ## Hours?\n\nNine to five.\n"}), "a.md", 7,
                 "'## Hours?' is indented, so Markdown reads it as code, not a heading: remove the spaces before the "
                 "'##' (for code, put it between ``` lines)", id="md-heading-indented-as-code"),
    pytest.param(files({"a.md": "# T\n\n## Where?\n\nMain St.\n\t### Hours?\nNine to five.\n"}), "a.md", 6,
                 "'### Hours?' is indented, so Markdown reads it as more of the text above it, not a heading",
                 id="md-heading-indented-under-text"),
    # It built: the text under the heading left blank joined the section above ('Yes. We are closed on Sundays.').
    pytest.param(files({"a.md": "# T\n\n## Do you ship?\n\nYes.\n\n## \n\nWe are closed on Sundays.\n"}), "a.md", 7,
                 "the heading '##' has no text, so the text under it is read as more of the section above: write "
                 "the heading after the '##'", id="md-empty-heading-over-text"),
    pytest.param(two_link_loop, "a.md", None, "symlink loop", id="symlink-two-link-loop"),
    pytest.param(dangling, "gone.txt", None, "broken symlink", id="dangling-symlink"),
    pytest.param(folder_named_txt, "x.txt", None, "is a folder, not a content file", id="folder-named-x.txt"),
    # (A named pipe, socket or device file is skipped with a warning: tests/test_content_fifo.py.)
    pytest.param(link_to_etc_passwd, "passwd.txt", None, "symlink to /etc/passwd, outside the content folder, and "
                 "not a content file by its own name", id="symlink-outside-the-folder"),
    # (A folder linked in is read, from wherever it is, once; a link that loops is skipped with a warning:
    # tests/test_linked_folders.py.)
    pytest.param(missing_dir, DIR, None, "content folder not found", id="content-dir-missing"),
    pytest.param(file_not_dir, DIR, None, "not a folder", id="content-path-is-a-file"),
    pytest.param(files(), DIR, None, "no content files", id="content-dir-empty"),
    pytest.param(files({"notes.docx": "x", "README.md": "# Read me", "a.synonyms": "a, b\n"}), DIR, None,
                 "no content files", id="content-dir-only-non-sections"),
    pytest.param(files({"faq/billing.csv": "question,answer\nq,a\n", "faq-billing.txt": GOOD}), "faq/billing.csv",
                 None, "document name 'faq-billing' is already used by faq-billing.txt", id="same-document-slug"),
    pytest.param(files({"a.txt": GOOD, "a.md": "# T\n\nText.\n"}), "a.txt", None, "already used by a.md",
                 id="same-stem-two-formats"),
    pytest.param(with_good(files({"x.alternates": "# c\n[good/nope]\nphrase\n"})), "x.alternates", 2,
                 "unknown section 'good/nope'", id="alternates-unknown-section"),
    pytest.param(with_good(files({"x.alternates": "[good/what-is-t]\nphrase\n"})), "x.alternates", 1,
                 "unknown section 'good/what-is-t'; did you mean 'good/what-is-it'?", id="alternates-typo-in-ref"),
    pytest.param(with_good(files({"x.alternates": "\nphrase first\n[good/what-is-it]\n"})), "x.alternates", 2,
                 "phrasing before any [section]", id="alternates-phrase-before-ref"),
    pytest.param(with_good(files({"other.txt": GOOD, "x.alternates": "[What Is It?]\np\n"})), "x.alternates", 1,
                 "several sections (good/what-is-it, other/what-is-it)", id="alternates-ambiguous-heading"),
    pytest.param(with_good(files({"x.alternates": "[good/what-is-it]\nok\n[ ]\n"})), "x.alternates", 3,
                 "empty section reference", id="alternates-empty-ref"),
    pytest.param(with_good(files({"x.synonyms": "# c\naloe\n"})), "x.synonyms", 2, "at least 2",
                 id="synonyms-single-term"),
    pytest.param(with_good(files({"x.synonyms": "a, b\nAloe, aloe ,\n"})), "x.synonyms", 2, "at least 2 different",
                 id="synonyms-same-term-twice"),
    pytest.param(with_good(files({"x.synonyms": b"a, b\n\xff\n"})), "x.synonyms", 2, "not UTF-8",
                 id="synonyms-not-utf8"),
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return tmp_path / "content"


def expected_path(path: str, d: Path) -> str:
    return str(d) if path == DIR else path


@pytest.mark.parametrize("build, path, line, words", CASES)
def test_load_knowledge_rejects_bad_content(content, build, path, line, words):
    build(content)
    with pytest.raises(ContentError) as info:
        load_knowledge(content)
    e = info.value
    where = expected_path(path, content)
    assert (e.path, e.line) == (where, line)
    assert words in e.message
    assert str(e).startswith(f"{where}:{line}: " if line else f"{where}: ")
    assert "\n" not in str(e)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod 000 files; see test_a_read_error_names_the_file_even_for_root")
def test_unreadable_file_chmod_000(content):
    put(content, "good.txt")
    locked = put(content, "locked.txt")
    locked.chmod(0)
    try:
        with pytest.raises(ContentError) as info:
            load_knowledge(content)
        assert (info.value.path, "cannot read file" in info.value.message) == ("locked.txt", True)
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_utf8_bom_is_accepted(content):
    put(content, "a.csv", "\ufeffquestion,answer\nq,a\n".encode("utf-8"))
    assert [s.id for s in load_knowledge(content).sections] == ["a/q"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read(content, encoding):
    # Windows Notepad's "Unicode" and Excel's "Unicode Text" save UTF-16 with a byte-order mark: it stopped the build
    # ("UTF-16 text (it has a UTF-16 byte-order mark); save the file as UTF-8").
    bom = {"utf-16": "", "utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}[encoding]
    put(content, "a.tsv", (bom + "question\tanswer\r\nCafé open?\tYes, 9–5.\r\n").encode(encoding))
    put(content, "b.md", (bom + "# Clinic\r\n\r\n## Parking\r\n\r\nBehind the café.\r\n").encode(encoding))
    kb = load_knowledge(content)
    assert [(s.id, s.heading, s.body, s.source) for s in kb.sections] == [
        ("a/cafe-open", "Café open?", "Yes, 9–5.", "a.tsv:2"),
        ("b/parking", "Parking", "Behind the café.", "b.md:3"),
    ]


def test_file_exactly_at_the_limit_is_not_too_large(content):
    # At the limit it is read (and then fails for a different reason: it is all NUL bytes).
    put(content, "good.txt")
    with open(content / "big.txt", "wb") as f:
        f.truncate(MAX_FILE_BYTES)
    with pytest.raises(ContentError, match="binary"):
        load_knowledge(content)


# --- the same through `faqbot build`: exit 1, one line naming the file, old index untouched ----------


@pytest.fixture(scope="module")
def good_index(tmp_path_factory) -> Path:
    from bot import cli

    root = tmp_path_factory.mktemp("good")
    put(root / "content", "good.txt", "Good Article\n\nWhat Is It?\n\nA thing.\n\nHow Does It Work?\n\nWell.\n")
    assert cli.main(["build", "--content", str(root / "content"), "--index", str(root / "index"), "--quiet"]) == 0
    return root / "index"


def snapshot(index: Path) -> dict[str, bytes]:
    """Every file of the index folder and its bytes (the lock file aside: taking a lock may touch it)."""
    return {p.relative_to(index).as_posix(): p.read_bytes()
            for p in sorted(index.rglob("*")) if p.is_file() and p.name != ".lock"}


def run_cli(argv: list[str], content: Path) -> int | None:
    """cli.main in a thread; a build stuck opening a FIFO is released (and reported as None) after 10 s."""
    from bot import cli

    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(cli.main(argv)), daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        # Release a reader blocked on a FIFO by opening the write end once, so the test never hangs.
        for fifo_path in content.rglob("*") if content.is_dir() else []:
            if fifo_path.is_fifo():
                os.close(os.open(fifo_path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(20)
        return None
    return result[0] if result else None


@pytest.mark.parametrize("build, path, line, words", CASES)
def test_cli_build_rejects_bad_content_and_keeps_the_old_index(content, tmp_path, good_index, capsys,
                                                               build, path, line, words):
    index = tmp_path / "index"
    shutil.copytree(good_index, index, symlinks=True)
    before = snapshot(index)
    build(content)
    capsys.readouterr()
    code = run_cli(["build", "--content", str(content), "--index", str(index)], content)
    err = capsys.readouterr().err
    assert code == 1, f"build did not fail cleanly (None: it hung): {code!r}\n{err}"
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    where = expected_path(path, content)
    assert (f"{where}:{line}:" if line else f"{where}:") in lines[0] and words in lines[0]
    assert snapshot(index) == before


def test_markdown_with_only_an_empty_code_block_is_an_error(tmp_path):
    # Found by the fuzz test: drafts that hold nothing used to give a knowledge base with no sections.
    put(tmp_path, "doc.md", "# Title\n\n```\n```\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert "doc.md" in str(e.value) and "no sections" in str(e.value)


def test_a_symlink_inside_the_folder_is_followed(tmp_path):
    link_inside(tmp_path)
    kb = load_knowledge(tmp_path)
    assert {s.document for s in kb.sections} == {"real-faq"}  # read once, under the file's own name
    (tmp_path / "real" / "faq.txt").rename(tmp_path / "real" / "faq.txt.bak")  # a name that is skipped
    (tmp_path / "alias.txt").unlink()
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real" / "faq.txt.bak")
    assert {s.document for s in load_knowledge(tmp_path).sections} == {"alias"}


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_a_read_error_names_the_file_even_for_root():
    # chmod 000 does not stop root. /proc/self/mem is a regular file that open() accepts but whose
    # first read fails with EIO for every user (address 0 is never mapped): a real, root-proof read error.
    from bot.ingest.files import ContentFile, read_text

    f = ContentFile("mem.txt", "/proc/self/mem", ".txt", os.stat("/proc/self/mem"))
    with pytest.raises(ContentError) as e:
        read_text(f)
    assert str(e.value).startswith("mem.txt: cannot read file")


@pytest.mark.parametrize("rel, says", [
    (b"caf\xe9-faq.csv", "caf\\xe9-faq.csv: file name is not UTF-8 (byte 0xe9); rename it"),
    (b"caf\xe9/faq.csv", "caf\\xe9: folder name is not UTF-8 (byte 0xe9); rename it"),
])
def test_a_name_that_is_not_utf8_is_one_line_naming_it(tmp_path, rel, says):
    """Latin-1 bytes in a file or folder name (an archive from another system): the build says which one,
    shown with the bytes escaped, instead of failing to write the index with a traceback."""
    from _server import run_cli

    content = tmp_path / "content"
    put(content, "good.txt")
    put(content, os.fsdecode(rel), "question,answer\nWhat?,This.\n")
    r = run_cli("build", "--content", str(content), "--index", str(tmp_path / "index"))
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines() == [f"faqbot: error: {says}"]
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_a_skipped_file_whose_name_is_not_utf8_is_listed_readably(tmp_path):
    from _server import run_cli

    content = tmp_path / "content"
    put(content, "good.txt")
    put(content, os.fsdecode(b"photo-caf\xe9.jpg"), b"\xff\xd8")
    r = run_cli("build", "--content", str(content), "--index", str(tmp_path / "index"))
    assert r.returncode == 0, r.stderr
    assert "skipped photo-caf\\xe9.jpg: not a content file" in r.stderr
    manifest = json.loads(next((tmp_path / "index" / "versions").glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert "skipped photo-caf\\xe9.jpg: not a content file (unknown extension)" in manifest["warnings"]


def test_a_dashboard_block_for_a_section_gone_is_a_warning_not_an_error(tmp_path, capsys):
    # After an upgrade that reads a section under another id ("faq/introduction" became "faq/cuanto-cuesta"), the
    # block /admin wrote for it stopped every build and every dashboard edit ("dashboard.alternates:5: unknown
    # section") until someone edited the file by hand. A hand-written .alternates file still stops the build.
    from bot.cli import main
    from bot.ingest import load_knowledge

    content = tmp_path / "content"
    content.mkdir()
    (content / "good.txt").write_text(GOOD, encoding="utf-8")
    (content / "dashboard.alternates").write_text(
        "# added from /admin\n\n[good/what-is-it]\nwhat's that\n\n[faq/introduction]\na que hora abren\ncuando abren\n",
        encoding="utf-8")
    kb = load_knowledge(content)
    assert kb.warnings == ("dashboard.alternates:6: section 'faq/introduction' is not in the content any more; its 2 "
                           "phrasings are not used (add them again from /admin, or delete the block)",)
    assert next(s for s in kb.sections if s.id == "good/what-is-it").alternates[-1:] == ("what's that",)
    assert main(["build", "--content", str(content), "--index", str(tmp_path / "index")]) == 0
    assert "faq/introduction" in capsys.readouterr().err
    (content / "mine.alternates").write_text("[faq/introduction]\nhola\n", encoding="utf-8")
    with pytest.raises(ContentError, match="unknown section 'faq/introduction'"):
        load_knowledge(content)
