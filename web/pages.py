"""HTML pages: the demo page embedding the widget, and the knowledge base as readable articles."""

from __future__ import annotations

import difflib

from flask import Blueprint, Response, current_app, g, redirect, render_template, url_for

from bot.blocks import blocks
from bot.model import Section
from bot.moves import anchors, moved_of

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def site() -> dict:
    """The site owner's name (FAQBOT_SITE_TITLE) for every page's header."""
    return {"site_title": current_app.config["FAQBOT_SETTINGS"].site_title}


@bp.get("/")
def index() -> str:
    """The demo page: the widget embedded exactly as a third-party site would embed it."""
    served = g.get("faqbot_served") or current_app.extensions["faqbot"].current()
    settings = current_app.config["FAQBOT_SETTINGS"]
    return render_template("index.html", documents=served.documents(), disclaimer=settings.disclaimer,
                           greeting=settings.greeting, intro=settings.site_intro, max_question_length=settings.max_question_length)


@bp.get("/kb/")
def kb_index() -> str:
    """Every article in the knowledge base."""
    bot = current_app.extensions["faqbot"]
    return render_template("kb_index.html", documents=bot.documents())


@bp.get("/kb/<document>")
def kb_article(document: str) -> str | Response | tuple[str, int]:
    """One article, each section under an element whose id is the anchor source.url points to.

    A section's former anchors (its heading reworded, or it came from another page: bot/moves.py) are kept on
    it, so an old link still scrolls to it; the anchors of sections that left for another page lead there. An
    article that is gone redirects to the one its sections all went to (the browser keeps the #anchor), or
    lists where each went.
    """
    # The version this request holds (see web.create_app), so titles and sections come from one index.
    served = g.get("faqbot_served") or current_app.extensions["faqbot"].current()
    title = served.documents().get(document)
    everything = {s.id: s for s in served.sections()}
    moved = moved_of(served.loaded.manifest)
    former = {a: everything[sid] for a, sid in anchors(moved, everything.values(), document).items()
              if sid in everything}
    here: dict[str, list[str]] = {}
    for anchor, s in sorted(former.items()):
        if s.document == document:
            here.setdefault(s.id, []).append(anchor)
    order = {sid: n for n, sid in enumerate(everything)}
    gone = sorted(((a, s) for a, s in former.items() if s.document != document),
                  key=lambda item: (order[item[1].id], item[0]))
    if title is None:
        if not gone:
            return missing(served, document)
        targets = {s.document for _, s in gone}
        if len(targets) == 1:
            target = targets.pop()
            # Only when the other page takes every one of these anchors to the same section (its own anchor, or one
            # it keeps): #x must not land on a section of its own that happens to have that anchor.
            there = {**anchors(moved, everything.values(), target),
                     **{s.anchor: s.id for s in everything.values() if s.document == target}}
            if all(there.get(a) == s.id for a, s in gone):
                return redirect(url_for("pages.kb_article", document=target), code=302)
    sections: list[Section] = [s for s in everything.values() if s.document == document]
    settings = current_app.config["FAQBOT_SETTINGS"]
    return render_template("kb.html", title=title or "This article has moved", document=document,
                           disclaimer=settings.disclaimer, greeting=settings.greeting,
                           max_question_length=settings.max_question_length,
                           sections=[(s, blocks(s.body)) for s in sections], former=here, moved_away=gone,
                           documents=served.documents())


@bp.get("/kb/<document>/")
def kb_article_slash(document: str) -> str | Response | tuple[str, int]:
    """/kb/x/ (a link written with a trailing slash): a permanent redirect to /kb/x when that page is there."""
    page = kb_article(document)
    if isinstance(page, tuple):  # not found: said for the path asked
        return missing(g.get("faqbot_served") or current_app.extensions["faqbot"].current(), f"{document}/")
    return redirect(url_for("pages.kb_article", document=document), code=308)


@bp.get("/kb/<path:rest>")
def kb_deeper(rest: str) -> tuple[str, int]:
    """/kb/a/b: no page is that deep; the knowledge base's own 404 page rather than the server's bare one."""
    return missing(g.get("faqbot_served") or current_app.extensions["faqbot"].current(), rest)


def missing(served, asked: str) -> tuple[str, int]:
    """The 404 page of /kb/...: in the site's look, naming the page asked for, with the article its name is
    closest to (a typo in a link) and the list of every article."""
    documents = served.documents()
    close = difflib.get_close_matches(asked.strip("/"), list(documents), n=1, cutoff=0.6)
    return render_template("kb_missing.html", asked=asked, documents=documents,
                           close=close[0] if close else None), 404
