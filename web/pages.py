"""HTML pages: the demo page embedding the widget, and the knowledge base as readable articles."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template

from bot.blocks import blocks
from bot.model import Section

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
def kb_article(document: str) -> str:
    """One article, each section under an element whose id is the anchor source.url points to."""
    # The version this request holds (see web.create_app), so titles and sections come from one index.
    served = g.get("faqbot_served") or current_app.extensions["faqbot"].current()
    title = served.documents().get(document)
    if title is None:
        abort(404)
    sections: list[Section] = [s for s in served.sections() if s.document == document]
    settings = current_app.config["FAQBOT_SETTINGS"]
    return render_template("kb.html", title=title, document=document, disclaimer=settings.disclaimer,
                           greeting=settings.greeting,
                           max_question_length=settings.max_question_length,
                           sections=[(s, blocks(s.body)) for s in sections])
