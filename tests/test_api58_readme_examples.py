"""The README's JSON API section as a newcomer follows it (session 58): it named the endpoints and the Answer, but
gave no request to copy, and said nothing of the two slips a first client makes: a question typed into the URL
unencoded (curl sends `?q=café` as raw bytes, which the server refuses as a malformed request line) and a urllib body
sent without Content-Type (urllib labels it a form: a 415). Its curl lines and its Python example run here as written,
against a real `faqbot serve` of the shipped knowledge base, only the address changed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _server import Server

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = "http://127.0.0.1:8000"


def _api_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## The JSON API\n", 1)[1].split("\n## ", 1)[0]


def _block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", _api_section(), flags=re.S)
    assert blocks, f"no {language} example in the README's JSON API section"
    return blocks[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Server(tmp_path_factory.mktemp("api58-readme"), workers=1, content_dir=ROOT / "knowledge") as s:
        yield s


def test_the_python_example_runs_as_written(server):
    code = _block("python").replace(ADDRESS, f"http://127.0.0.1:{server.port}")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answer, heading, error = done.stdout.splitlines()
    assert "/kb/microneedling-redness#" in answer
    assert heading.startswith("How Long Does Redness Last")
    assert error == "'question' is empty"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_lines_run_as_written(server):
    script = _block("sh").replace(ADDRESS, f"http://127.0.0.1:{server.port}")
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    first, follow_up = done.stdout.replace("}{", "}\n{").splitlines()
    assert '"ok":true' in first and '"answered":true' in first
    assert '"question":"and on my neck?"' in follow_up and '"answered":true' in follow_up
