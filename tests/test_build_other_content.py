"""`faqbot build` into an index that serves another content folder says so: a plain `faqbot build` in another shell
(knowledge/ by default) replaced a site's own FAQ that `faqbot serve --content ...` had built, silently."""

from __future__ import annotations

from bot import cli


def _faq(folder, question: str, answer: str):
    folder.mkdir()
    (folder / "faq.csv").write_text(f"question,answer\n{question},{answer}\n", encoding="utf-8")
    return folder


def test_a_build_from_another_content_folder_names_both(tmp_path, capsys):
    salon = _faq(tmp_path / "salon", "Do you take walk-ins?", "Yes on weekday mornings.")
    demo = _faq(tmp_path / "demo", "What is microneedling?", "A treatment with fine needles.")
    index = tmp_path / "index"
    assert cli.main(["build", "--content", str(salon), "--index", str(index), "--quiet"]) == 0
    assert "warning" not in capsys.readouterr().err  # a first build replaces nothing

    assert cli.main(["build", "--content", str(demo), "--index", str(index), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err == (f"faqbot: warning: {index} was serving content from {salon.resolve()}; it now serves "
                   f"{demo.resolve()} (`faqbot rollback` goes back; give --content DIR to build from another "
                   "folder)\n")

    (demo / "faq.csv").write_text("question,answer\nWhat is microneedling?,Fine needles.\n", encoding="utf-8")
    assert cli.main(["build", "--content", str(demo), "--index", str(index), "--quiet"]) == 0
    assert capsys.readouterr().err == ""  # the same folder rebuilt: nothing to say
