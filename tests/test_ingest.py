"""Content ingestion: every format, through load_knowledge on real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from bot.model import ContentError, KnowledgeBase, Section

from _files import write

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
DOC = "microneedling-redness"
TITLE = "How Long Does Redness Last After Microneedling?"

# The shipped article: introduction, the 20 question headings (not the title), the closing summary.
ARTICLE_SECTIONS = [
    ("introduction", TITLE, 1),
    ("what-is-microneedling", "What Is Microneedling?", 9),
    ("how-does-microneedling-work", "How Does Microneedling Work?", 13),
    ("who-can-benefit-from-microneedling", "Who Can Benefit From Microneedling?", 25),
    ("what-are-the-risks-of-microneedling", "What Are The Risks Of Microneedling?", 31),
    ("what-is-the-aftercare-process-for-microneedling", "What Is The Aftercare Process For Microneedling?", 39),
    ("how-long-does-redness-last-after-a-treatment-session", "How Long Does Redness Last After A Treatment Session?", 49),
    ("can-you-reduce-redness-after-a-treatment-session", "Can You Reduce Redness After A Treatment Session?", 55),
    ("what-skin-care-products-can-i-use-to-enhance-my-results",
     "What Skin Care Products Can I Use To Enhance My Results?", 63),
    ("are-there-any-other-side-effects-of-microneedling", "Are There Any Other Side Effects Of Microneedling?", 69),
    ("is-it-safe-to-have-multiple-sessions-of-microneedling-done-at-once-or-over-time",
     "Is It Safe To Have Multiple Sessions Of Microneedling Done At Once Or Over Time?", 75),
    ("is-there-a-difference-in-redness-between-people-with-lighter-and-darker-skin",
     "Is There A Difference In Redness Between People With Lighter And Darker Skin Tones?", 94),
    ("what-kind-of-results-can-i-expect-from-my-treatments-over-time",
     "What Kind Of Results Can I Expect From My Treatments Over Time?", 100),
    ("what-kinds-of-facial-skin-conditions-may-be-improved-with-regular-sessions-of",
     "What Kinds Of Facial Skin Conditions May Be Improved With Regular Sessions Of Microneedling?", 106),
    ("how-long-should-i-wait-before-having-another-session-of-microneedling-done-on",
     "How Long Should I Wait Before Having Another Session Of Microneedling Done On My Face Or Body Area?", 112),
    ("are-there-any-in-office-alternatives-to-professional-microneedling-treatments",
     "Are There Any In-Office Alternatives To Professional Microneedling Treatments That I Could Try At Home "
     "First To See If It’s Right For Me?", 124),
    ("how-long-does-redness-last-after-microneedling-on-different-parts-of-the-body",
     "How Long Does Redness Last After Microneedling On Different Parts Of The Body?", 132),
    ("what-is-the-best-way-to-minimize-redness-after-microneedling",
     "What Is The Best Way To Minimize Redness After Microneedling?", 140),
    ("are-there-any-natural-remedies-to-help-heal-redness-after-microneedling",
     "Are There Any Natural Remedies To Help Heal Redness After Microneedling?", 154),
    ("how-long-does-it-take-for-skin-to-heal-after-microneedling",
     "How Long Does It Take For Skin To Heal After Microneedling?", 162),
    ("are-there-any-long-term-side-effects-of-microneedling", "Are There Any Long-Term Side Effects Of Microneedling?", 170),
    ("conclusion", TITLE, 181),
]


def load_one(tmp_path: Path, rel: str, text: str | bytes) -> KnowledgeBase:
    write(tmp_path, rel, text)
    return load_knowledge(tmp_path)


def by_id(kb: KnowledgeBase) -> dict[str, Section]:
    return {s.id: s for s in kb.sections}


@pytest.fixture(scope="module")
def article() -> dict[str, Section]:
    kb = load_knowledge(KNOWLEDGE)
    return {s.anchor: s for s in kb.sections if s.document == DOC}


# --- the shipped article ---------------------------------------------------------------------


def test_article_has_exactly_the_expected_sections_in_order(article):
    assert [(s.anchor, s.heading, int(s.source.rsplit(":", 1)[1])) for s in article.values()] == ARTICLE_SECTIONS
    for s in article.values():
        assert s.id == f"{DOC}/{s.anchor}" and s.document == DOC and s.title == TITLE
        assert s.source.startswith("microneedling-redness.txt:")
        assert s.body.strip() == s.body and s.body


def test_article_has_no_group_or_empty_heading_sections(article):
    headings = [s.heading for s in article.values()]
    assert "Frequently Asked Questions" not in headings and "Recent Posts" not in headings
    assert not any("Recent Posts" in s.body for s in article.values())


def test_closing_summary_is_its_own_section(article):
    summary = "The process of microneedling is becoming increasingly popular"
    assert summary not in article["are-there-any-long-term-side-effects-of-microneedling"].body
    assert article["are-there-any-long-term-side-effects-of-microneedling"].body.endswith("skincare routine.")
    assert article["conclusion"].body.startswith(summary)
    assert article["conclusion"].body.endswith("without any worries about lasting damage.")
    assert article["conclusion"].body.count("\n\n") == 1


def test_introduction_is_text_before_first_heading(article):
    intro = article["introduction"].body
    assert intro.startswith("Microneedling is a minimally-invasive skin treatment")
    assert intro.endswith("throughout the healing period.") and intro.count("\n\n") == 2


def test_run_together_sentences_and_double_periods_are_repaired(article):
    body = article["what-is-the-aftercare-process-for-microneedling"].body
    assert "acid. Keep the treated area" in body and "acid.Keep" not in body
    assert "outdoors. Avoid applying makeup" in body and "treatment. Apply soothing" in body
    assert "post-procedure." in body and ".." not in body
    # The aftercare lines are complete sentences, so each keeps its own line within one paragraph.
    lines = body.split("\n\n")[1].split("\n")
    assert [line[:12] for line in lines] == ["Refrain from", "Avoid direct", "Do not take "]


def test_run_together_table_is_rendered_as_rows(article):
    body = article["how-long-should-i-wait-before-having-another-session-of-microneedling-done-on"].body
    assert body.split("\n\n")[1].split("\n") == [
        "• Before Treatment: No Redness; After Treatment: Mild Redness",
        "• Before Treatment: Tender Skin; After Treatment: Smoother Skin",
        "• Before Treatment: Older Cells; After Treatment: Newer Cells",
        "• Before Treatment: Dull Complexion; After Treatment: Healthy Glow",
    ]
    assert "TreatmentAfter" not in body


def test_bullets_stay_one_per_line(article):
    paragraphs = article["how-does-microneedling-work"].body.split("\n\n")
    assert [line[:22] for line in paragraphs[2].split("\n")] == [
        "• Collagen Production ", "• Skin Rejuvenation – ", "• Minimal Skin Irritat"]
    safe = article["is-it-safe-to-have-multiple-sessions-of-microneedling-done-at-once-or-over-time"].body
    assert "• For lighter skin tones:\n• Mild redness: 1-2 Days\n• Swelling: 1-2 Days" in safe


def test_real_knowledge_folder_loads_and_reports_its_readme(article):
    kb = load_knowledge(KNOWLEDGE)
    assert "microneedling-redness.txt" in kb.files and "README.md" not in kb.files
    assert any(w.startswith("skipped README.md:") for w in kb.warnings)
    assert len({s.id for s in kb.sections}) == len(kb.sections)


# --- other plain-text articles (tests/data/articles) --------------------------------------------

FIXTURE_SECTIONS = {
    "sunscreen-basics": ["introduction", "choosing-a-sunscreen", "how-much-to-apply", "reapplying-during-the-day",
                         "common-mistakes", "final-thoughts"],
    "clinic-visits": ["introduction", "1-booking-your-first-visit", "2-what-to-bring",
                      "3-cancelling-or-moving-an-appointment", "opening-hours"],
    "hair-care-faq": ["can-i-wash-my-hair-straight-away", "which-shampoo-should-i-use",
                      "how-long-does-the-treatment-last", "can-i-dye-my-hair-afterwards", "conclusion"],
    "guides-skin-types": ["introduction", "oily-skin", "dry-skin", "sensitive-skin"],
    "faq-billing": ["refunds", "do-you-take-credit-cards", "is-there-a-cancellation-fee"],
    "shipping": ["how-long-does-delivery-take", "do-you-ship-abroad"],
}


@pytest.fixture(scope="module")
def fixtures() -> KnowledgeBase:
    return load_knowledge(ARTICLES)


@pytest.mark.parametrize("doc", sorted(FIXTURE_SECTIONS))
def test_fixture_article_sections(fixtures, doc):
    assert [s.anchor for s in fixtures.sections if s.document == doc] == FIXTURE_SECTIONS[doc]


def test_fixture_folder_files_documents_and_warnings(fixtures):
    assert fixtures.files == ("clinic-visits.txt", "extra.alternates", "faq/billing.csv", "guides/skin-types.md",
                              "hair-care-faq.txt", "shipping.tsv", "sunscreen-basics.txt", "terms.synonyms")
    assert fixtures.warnings == ("skipped README.md: documentation (README), not content",)
    assert fixtures.documents == (
        ("clinic-visits", "Visiting the Skin Clinic"), ("faq-billing", "Billing"),
        ("guides-skin-types", "Know Your Skin Type"), ("hair-care-faq", "Hair Care After a Keratin Treatment"),
        ("shipping", "Shipping"), ("sunscreen-basics", "Sunscreen Basics for Everyday Life"))


@pytest.mark.parametrize("section_id, expected", [
    # hard-wrapped prose is joined; '-' bullets become '•' lines, a wrapped bullet stays one item
    ("sunscreen-basics/introduction", "Most people only think about sunscreen on the beach, but the sun reaches your "
     "skin every day of the year, through clouds and through car windows.\n\nThis short guide covers what the labels "
     "mean and how to use it well."),
    ("sunscreen-basics/choosing-a-sunscreen", "Pick a broad-spectrum product with an SPF of at least 30. Broad "
     "spectrum means it protects against both UVA and UVB rays.\n• Gel textures suit oily skin.\n• Cream textures "
     "suit dry skin.\n• Mineral filters (zinc oxide, titanium dioxide) are gentle on sensitive skin and rarely sting."),
    ("clinic-visits/2-what-to-bring", "Please bring the following:\n1. A list of the medicines and supplements you "
     "take.\n2. Photos of any reaction you had to earlier treatments.\n3. Your insurance card, if you have one."),
    # short lines (opening hours) keep their breaks; a long one-line question and a lower-case line are text
    ("clinic-visits/opening-hours", "Monday to Friday, 8am to 6pm\nSaturday, 9am to 1pm\nClosed on Sundays\n\n"
     "Do you have a question that is not answered on this page, or would you like to talk to one of our nurses "
     "before you book a treatment with us?\n\nCall us on 555 0100 or write to hello@clinic.example.com and we will "
     "reply within a day.\n\nThanks for reading"),
    ("hair-care-faq/can-i-wash-my-hair-straight-away", "Wait 72 hours before the first wash. Water and sweat can "
     "undo the smoothing while the treatment sets."),
    ("hair-care-faq/how-long-does-the-treatment-last", "Most results last three to five months. The table below "
     "compares typical care routines.\n\n• Basic Care: Three Months; Gentle Care: Five Months\n"
     "• Basic Care: Weekly Frizz; Gentle Care: Rare Frizz"),
    ("hair-care-faq/can-i-dye-my-hair-afterwards", "Yes, but wait two weeks. Dyeing first and treating afterwards "
     "locks the colour in, so many salons prefer that order (see www.salon-guide.example.com for details)."),
    ("guides-skin-types/oily-skin", "Shiny by midday, with enlarged pores. Use a gel moisturizer; see the guide.\n\n"
     "• Blotting papers help during the day.\n• Clay masks once a week."),
    ("guides-skin-types/dry-skin", "Feels tight after washing.\n\n1. Use a cream cleanser.\n"
     "2. Moisturize while the skin is damp."),
    ("guides-skin-types/sensitive-skin", "Stings with many products.\n\n• Product: Fragrance; Verdict: avoid\n"
     "• Product: Ceramides; Verdict: good"),
    ("faq-billing/refunds", "Yes, within 14 days of your visit.\n\nRefunds go back to the card you paid with."),
])
def test_fixture_bodies(fixtures, section_id, expected):
    assert by_id(fixtures)[section_id].body == expected


@pytest.mark.parametrize("section_id, heading, source", [
    ("sunscreen-basics/introduction", "Sunscreen Basics for Everyday Life", "sunscreen-basics.txt:1"),
    ("clinic-visits/opening-hours", "OPENING HOURS", "clinic-visits.txt:20"),
    ("hair-care-faq/can-i-wash-my-hair-straight-away", "Can I wash my hair straight away?", "hair-care-faq.txt:2"),
    ("hair-care-faq/conclusion", "Hair Care After a Keratin Treatment", "hair-care-faq.txt:27"),
    ("guides-skin-types/introduction", "Know Your Skin Type", "guides/skin-types.md:1"),
    ("guides-skin-types/sensitive-skin", "Sensitive Skin", "guides/skin-types.md:21"),
    ("faq-billing/is-there-a-cancellation-fee", "Is there a cancellation fee?", "faq/billing.csv:6"),
    ("shipping/do-you-ship-abroad", "Do you ship abroad?", "shipping.tsv:3"),
])
def test_fixture_headings_and_sources(fixtures, section_id, heading, source):
    s = by_id(fixtures)[section_id]
    assert (s.heading, s.source) == (heading, source)


def test_fixture_alternates_and_synonyms(fixtures):
    sections = by_id(fixtures)
    # table column first, then the .alternates file; "refund policy" is in both and kept once
    assert sections["faq-billing/refunds"].alternates == ("money back", "refund policy", "can I have my money back")
    assert sections["faq-billing/do-you-take-credit-cards"].alternates == ("do you accept visa", "card payments")
    assert sections["shipping/do-you-ship-abroad"].alternates == ("international shipping", "Do you ship abroad")
    assert sections["sunscreen-basics/choosing-a-sunscreen"].alternates == (
        "which sunscreen should I buy", "what SPF do I need")
    assert fixtures.synonyms == (("sunscreen", "sunblock", "spf cream", "sun cream"), ("aloe vera", "aloe"))


# --- heading detection and text repair, one rule per row ---------------------------------------

@pytest.mark.parametrize("line, is_heading", [
    ("What Is Microneedling?", True),
    ("Can I wash my hair straight away?", True),  # a question needs no Title Case
    ("Choosing a Sunscreen", True),
    ("Risks of the Treatment", True),
    ("OPENING HOURS", True),
    ("1. Booking Your First Visit", True),
    ("2) What To Bring", True),
    ("Step 3: Aftercare At Home", True),
    ("Thanks for reading", False),  # not Title Case
    ("By following these steps you are sure to see results quickly!", False),
    ("Knowing What To Do Helps.", False),  # sentence punctuation
    ("Before You Start:", False),
    ("Really? Yes It Is", False),  # two sentences
    ("what is microneedling?", False),  # lower-case start
    ("• Collagen Production", False),  # a list item
    ("Is It Safe " + "To Do It Again " * 10 + "?", False),  # too long
])
def test_heading_detection(tmp_path, line, is_heading):
    kb = load_one(tmp_path, "a.txt", f"Title\n\nIntro text.\n\n{line}\n\nSome text under it.\n")
    assert any(s.heading == line for s in kb.sections) is is_heading


@pytest.mark.parametrize("text, body", [
    ("salicylic acid.Keep it clean.", "salicylic acid. Keep it clean."),
    ("Visit www.facebook.com or Example.com today.", "Visit www.facebook.com or Example.com today."),
    ("Mail info@Clinic.Example.com now.", "Mail info@Clinic.Example.com now."),
    ("It costs 2.5 times more.", "It costs 2.5 times more."),
    ("See https://example.com/Some.Page for more.", "See https://example.com/Some.Page for more."),
    ("Three days post-procedure..", "Three days post-procedure."),
    ("And then... nothing.", "And then... nothing."),
    ("Wrapped prose that goes on\nto the next line and ends.", "Wrapped prose that goes on to the next line and ends."),
    ("A micro-\nneedling pen.", "A micro-needling pen."),
    ("One sentence.\nAnother sentence.", "One sentence.\nAnother sentence."),
    ("Intro:\n• one\n• two\n  wrapped", "Intro:\n• one\n• two wrapped"),
    ("- dash item\n* star item\n+ plus item", "• dash item\n• star item\n• plus item"),
    ("Our McDonald story is short.\nIt ends here.", "Our McDonald story is short.\nIt ends here."),
    ("Buy an iPhone\nOr an iPad", "Buy an iPhone\nOr an iPad"),  # a name with a capital inside is not a table
    ("ColourFinish\nRedMatte\nBlueGloss", "• Colour: Red; Finish: Matte\n• Colour: Blue; Finish: Gloss"),
])
def test_body_text_repair(tmp_path, text, body):
    kb = load_one(tmp_path, "a.txt", f"Title\n\n{text}\n")
    assert kb.sections[0].body == body


def test_double_blank_gap_makes_parts_and_conclusion(tmp_path):
    text = ("Guide\n\nIntro.\n\nFirst Topic\n\nAbout the first.\n\n\nAn aside without a heading.\n\n"
            "Second Topic\n\nAbout the second.\n\n\n\nIn short: read it all.\n\nRecent Posts\n")
    kb = load_one(tmp_path, "guide.txt", text)
    assert [(s.anchor, s.heading, s.body) for s in kb.sections] == [
        ("introduction", "Guide", "Intro."),
        ("first-topic", "First Topic", "About the first."),
        ("part-1", "Guide", "An aside without a heading."),
        ("second-topic", "Second Topic", "About the second."),
        ("conclusion", "Guide", "In short: read it all."),
    ]


def test_a_question_line_with_its_answer_right_under_it_is_a_heading(tmp_path):
    # A plain-text FAQ is often written question over answer, a blank line between entries only: it was read
    # as one introduction holding every entry. A Title Case line over text stays text (a list of days).
    text = ("Language School FAQ\n\nWhich languages do you teach?\nSpanish, French and German.\n\n"
            "Do you teach children?\nYes, on Saturday mornings,\nfor ages 6 to 12.\n\n"
            "Opening Hours\nMonday 9am-5pm\n")
    kb = load_one(tmp_path, "faq.txt", text)
    assert [(s.anchor, s.heading, s.body) for s in kb.sections] == [
        ("which-languages-do-you-teach", "Which languages do you teach?", "Spanish, French and German."),
        ("do-you-teach-children", "Do you teach children?",
         "Yes, on Saturday mornings, for ages 6 to 12.\n\nOpening Hours\nMonday 9am-5pm"),
    ]
    assert kb.sections[1].source == "faq.txt:6"


def test_questions_and_answers_without_any_blank_line_are_sections(tmp_path):
    # Pasted from a web page: question, answer, question, answer, no blank line. A question as the last line
    # of an answer has no answer under it, so it stays text.
    text = ("FAQ\n\nDo you deliver?\nYes, within 5 miles.\nAre you open on Sundays?\nNo, Monday to Saturday.\n"
            "Closed on bank holidays.\nCan I pay by card?\nYes, any card.\nWant to know more?\n")
    kb = load_one(tmp_path, "faq.txt", text)
    assert [(s.anchor, s.body, s.source) for s in kb.sections] == [
        ("do-you-deliver", "Yes, within 5 miles.", "faq.txt:3"),
        ("are-you-open-on-sundays", "No, Monday to Saturday.\nClosed on bank holidays.", "faq.txt:5"),
        ("can-i-pay-by-card", "Yes, any card.\nWant to know more?", "faq.txt:8"),
    ]


def test_a_file_that_opens_with_a_question_over_its_answer_has_no_title_line(tmp_path):
    # Session 28: a pest-control FAQ written question over answer from its first line was read with that question
    # as the title, so its first entry became "introduction" (right heading, wrong id). A question alone on the
    # first line, a blank line under it, is still the title (the shipped article's).
    text = ("What pests do you deal with?\nMice, rats, wasps and bed bugs.\n\n"
            "How much does a visit cost?\nA first visit is £75.\n")
    kb = load_one(tmp_path, "pest-control.txt", text)
    assert [(s.anchor, s.heading, s.body, s.source) for s in kb.sections] == [
        ("what-pests-do-you-deal-with", "What pests do you deal with?", "Mice, rats, wasps and bed bugs.",
         "pest-control.txt:1"),
        ("how-much-does-a-visit-cost", "How much does a visit cost?", "A first visit is £75.", "pest-control.txt:4"),
    ]
    assert kb.sections[0].title == "Pest control"  # the file name, as for a CSV FAQ
    kb = load_one(tmp_path / "titled", "faq.txt", "Do you deliver?\n\nWe do, within 5 miles of the shop.\n")
    assert [(s.anchor, s.heading) for s in kb.sections] == [("introduction", "Do you deliver?")]


def test_a_long_file_without_a_heading_builds_with_a_warning(tmp_path):
    # "Opening hours - 9 to 5." lines are text: the whole file is one section, which answers everything with
    # the same long text. The build says so (it is not an error: a one-topic article is fine).
    entry = "Opening hours - we are open from 9am to 5pm on weekdays and 10am to 2pm on Saturdays.\n"
    kb = load_one(tmp_path, "faq.txt", "Our FAQ\n\n" + "\n".join([entry] * 8))
    assert [s.anchor for s in kb.sections] == ["introduction"]
    assert kb.warnings == ("faq.txt: no heading found, so the whole file is one section "
                           "(knowledge/README.md says what a heading is)",)
    short = load_one(tmp_path / "short", "faq.txt", "Our FAQ\n\n" + entry)
    assert short.warnings == ()


def test_double_blank_after_a_heading_is_only_spacing(tmp_path):
    kb = load_one(tmp_path, "a.txt", "Title\n\nTopic One\n\n\n\nText of topic one.\n")
    assert [(s.anchor, s.body) for s in kb.sections] == [("topic-one", "Text of topic one.")]


def test_generated_ids_yield_to_real_headings(tmp_path):
    text = "Title\n\nOpening words.\n\nIntroduction\n\nThe real intro.\n\n\nClosing words.\n"
    kb = load_one(tmp_path, "a.txt", text)
    assert [s.anchor for s in kb.sections] == ["introduction-2", "introduction", "conclusion"]


def test_crlf_bom_and_tabs_are_normalised(tmp_path):
    raw = "\ufeffTitle\r\n\r\nWhat Is It?\r\n\r\nA thing.\r\n\r\nWhy Use It?\r\n\r\nBecause.\r\n"
    kb = load_one(tmp_path, "a.txt", raw.encode("utf-8"))
    assert kb.documents == (("a", "Title"),)
    assert [(s.heading, s.body, s.source) for s in kb.sections] == [
        ("What Is It?", "A thing.", "a.txt:3"), ("Why Use It?", "Because.", "a.txt:7")]


MIXED_ENDS = {  # every format, with a heading, a table, a quoted cell of two paragraphs, phrasings, synonyms
    "faq.md": "# Clinic\n\nIntro text.\n\n## Do you take cards?\n\nYes, all major cards.\n\n| Day | Hours |\n"
              "|---|---|\n| Mon | 9-5 |\n\n## Where do I park?\n\nBehind the building.\n",
    "art.txt": "Our Article\n\nSome intro.\n\nHow long does redness last?\nAbout two days.\n\nCan I wear makeup?\n"
               "Wait a day.\n",
    "t.csv": 'question,answer,alternates\nDo you ship?,"Yes.\n\nWorldwide.",shipping|send abroad\nRefunds?,In 14 days.,\n',
    "x.alternates": "[faq/do-you-take-cards]\npay by card\n\n# a note\n[Do you ship?]\nposting\n",
    "s.synonyms": "makeup, cosmetics\n",
}


def test_mixed_line_ends_read_as_lf_ones(tmp_path):
    # A file edited on Windows and elsewhere: CRLF and LF lines (and an old Mac's CR) read as LF ones everywhere.
    for rel, text in MIXED_ENDS.items():
        write(tmp_path / "lf", rel, text)
        lines = text.split("\n")
        mixed = "".join(line + ("\r\n", "\n", "\r")[n % 3] for n, line in enumerate(lines[:-1])) + lines[-1]
        write(tmp_path / "mixed", rel, mixed)
    lf, mixed = load_knowledge(tmp_path / "lf"), load_knowledge(tmp_path / "mixed")
    assert len(lf.sections) == 8 and lf.sections[-2].alternates == ("shipping", "send abroad", "posting")
    assert (mixed.sections, mixed.synonyms, mixed.warnings) == (lf.sections, lf.synonyms, lf.warnings)


# --- Markdown ------------------------------------------------------------------------------------

def test_markdown_structure_and_markup(tmp_path):
    text = ("---\nauthor: x\n---\n# Guide *One*\n\nIntro with `code` and ![logo](l.png).\n\n## Group\n\n"
            "### Part **A**\n\n> Quoted [link][ref] text.\n\n```\nraw **kept**\n```\n\n#### Detail\n\nMore.\n\n"
            "***\n\n[ref]: https://example.com\n\nSecond\n------\n\n1) first\n2) second\n\n## Empty ##\n")
    kb = load_one(tmp_path, "guide.md", text)
    assert kb.documents == (("guide", "Guide One"),)
    assert [(s.anchor, s.heading, s.source, s.body) for s in kb.sections] == [
        ("introduction", "Guide One", "guide.md:4", "Intro with code and logo."),
        ("part-a", "Part A", "guide.md:10", "Quoted link text.\n\nraw **kept**\n\nDetail\n\nMore."),
        ("second", "Second", "guide.md:26", "1. first\n2. second"),
    ]


def test_markdown_bold_questions_over_their_answers_are_sections(tmp_path):
    # Many Markdown FAQs set each question in bold over its answer instead of under '##': the whole page was
    # one introduction. Bold words inside a sentence, a bold line that is not a question, and a quoted one
    # stay text.
    text = ("# Bakery FAQ\n\n**Do you make wedding cakes?**\nYes, to order.\n\n"
            "**Are your breads vegan?**\n\nThe sourdough is.\nThe brioche is not.\n\n"
            "**Is it open on Sundays?**\n- in summer\n- not in winter\n\n"
            "Some **bold?** words.\n\n**Opening Hours**\nMonday 9am-5pm\n\n> **Quoted?**\n> text\n")
    kb = load_one(tmp_path, "faq.md", text)
    assert [(s.anchor, s.body, s.source) for s in kb.sections] == [
        ("do-you-make-wedding-cakes", "Yes, to order.", "faq.md:3"),
        ("are-your-breads-vegan", "The sourdough is.\nThe brioche is not.", "faq.md:6"),
        ("is-it-open-on-sundays", "• in summer\n• not in winter\n\nSome bold? words.\n\n"
         "Opening Hours\nMonday 9am-5pm\n\nQuoted?\ntext", "faq.md:11"),
    ]


def test_a_markdown_question_heading_starts_a_section_at_any_depth(tmp_path):
    # An FAQ that files its questions as '####' under '###' categories was one section per category.
    text = ("# FAQ\n\n## Orders\n\n### Delivery\n\n#### Do you deliver?\n\nWithin 5 miles.\n\n"
            "#### Step One\n\nOrder online.\n\n> #### Quoted?\n> text\n")
    kb = load_one(tmp_path, "faq.md", text)
    assert [(s.anchor, s.body) for s in kb.sections] == [("do-you-deliver", "Within 5 miles.\n\nStep One\n\n"
                                                           "Order online.\n\nQuoted?\n\ntext")]


@pytest.mark.parametrize("rel, text", [
    ("faq.txt", "Bakery FAQ\n\nQ: Do you deliver?\nA: Within 5 miles, for £5.\n"),
    ("faq.md", "# Bakery FAQ\n\n**Q. Do you deliver?**\nA. Within 5 miles, for £5.\n"),
    ("faq.md", "# Bakery FAQ\n\n## Question: Do you deliver?\n\nAnswer: Within 5 miles, for £5.\n"),
    ("faq.csv", "question,answer\nQ: Do you deliver?,\"A: Within 5 miles, for £5.\"\n"),
    # Numbered labels, as in an FAQ copied from a document: "Q1." was read as two sentences, so not a heading
    ("faq.txt", "Bakery FAQ\n\nQ1. Do you deliver?\nA1. Within 5 miles, for £5.\n"),
    ("faq.txt", "Bakery FAQ\n\nQ12: Do you deliver?\n\nA12: Within 5 miles, for £5.\n"),
    ("faq.txt", "Bakery FAQ\n\nQuestion 3. Do you deliver?\nAnswer 3. Within 5 miles, for £5.\n"),
    ("faq.md", "# Bakery FAQ\n\n## Q1: Do you deliver?\n\nA1: Within 5 miles, for £5.\n"),
    ("faq.md", "# Bakery FAQ\n\n**Q 2. Do you deliver?**\nA 2. Within 5 miles, for £5.\n"),
    ("faq.csv", "question,answer\nQ7) Do you deliver?,\"A7) Within 5 miles, for £5.\"\n"),
])
def test_q_and_a_labels_are_not_part_of_the_question_or_the_answer(tmp_path, rel, text):
    kb = load_one(tmp_path, rel, text)
    assert [(s.anchor, s.heading, s.body) for s in kb.sections] == [
        ("do-you-deliver", "Do you deliver?", "Within 5 miles, for £5.")]


def test_an_answer_label_is_text_under_a_heading_without_a_question_label(tmp_path):
    kb = load_one(tmp_path, "faq.txt", "FAQ\n\nGrades\n\nA: excellent. B: good.\n")
    assert kb.sections[0].body == "A: excellent. B: good."


def test_a_rule_at_the_top_of_a_markdown_file_is_not_front_matter(tmp_path):
    # The text down to the next '---' was taken for front matter and dropped without a word.
    text = ("---\n\n# Welcome\n\nWe are a small bakery.\n\n## Do you deliver?\n\nWithin 5 miles.\n\n---\n\n"
            "## Do you cater weddings?\n\nYes.\n")
    kb = load_one(tmp_path, "welcome.md", text)
    assert kb.documents == (("welcome", "Welcome"),)
    assert [(s.anchor, s.body) for s in kb.sections] == [
        ("introduction", "We are a small bakery."), ("do-you-deliver", "Within 5 miles."),
        ("do-you-cater-weddings", "Yes.")]


@pytest.mark.parametrize("top", ["---\n- one\n- two\n---\n", "---\nWelcome to the bakery.\n\n---\n"])
def test_text_between_two_rules_at_the_top_is_text(tmp_path, top):
    kb = load_one(tmp_path, "faq.md", top + "\n## Do you deliver?\n\nWithin 5 miles.\n")
    assert kb.sections[0].anchor == "introduction" and kb.sections[0].body in ("• one\n• two", "Welcome to the bakery.")


def test_front_matter_is_skipped_and_gives_the_title(tmp_path):
    text = ('---\ntitle: "Shipping & Returns"\nlayout: page\ntags:\n  - shipping\n  - returns\n---\n\n'
            "Everything about getting your order.\n\n## Do you ship abroad?\n\nYes, to the EU.\n")
    kb = load_one(tmp_path, "shipping.md", text)
    assert kb.documents == (("shipping", "Shipping & Returns"),)
    assert [(s.heading, s.body, s.source) for s in kb.sections] == [
        ("Shipping & Returns", "Everything about getting your order.", "shipping.md:1"),
        ("Do you ship abroad?", "Yes, to the EU.", "shipping.md:11")]
    # A '# Title' line still wins over the front matter's.
    kb = load_one(tmp_path, "shipping.md", text.replace("Everything", "# Shipping\n\nEverything"))
    assert kb.documents == (("shipping", "Shipping"),)


@pytest.mark.parametrize("text, last", [
    ("---\ntitle: Clinic\n\n# Clinic\n\n## When do you open?\n\nAt nine.\n", "'title: Clinic', line 2"),
    ("---\ntitle: Clinic\nlayout: faq\ntags:\n  - hours\n\n## When do you open?\n\nAt nine.\n",
     "'  - hours', line 5"),
    ("---\nlayout: faq\n", "'layout: faq', line 2"),
], ids=["then-the-title", "then-a-heading", "then-the-end"])
def test_front_matter_never_closed_is_one_line_naming_it(tmp_path, text, last):
    # Its 'title: Clinic' lines were built as the article's introduction and shown to visitors, without a word.
    with pytest.raises(ContentError) as e:
        load_one(tmp_path, "faq.md", text)
    assert str(e.value) == ("faq.md:1: front matter opened here with '---' is never closed: put a '---' line after "
                            f"its last line ({last})")


def test_a_rule_then_a_line_with_a_colon_is_text_not_front_matter(tmp_path):
    kb = load_one(tmp_path, "faq.md", "---\nNote: we are closed on Sundays.\n\n## When do you open?\n\nAt nine.\n")
    assert [(s.anchor, s.body) for s in kb.sections] == [("introduction", "Note: we are closed on Sundays."),
                                                         ("when-do-you-open", "At nine.")]


def test_an_empty_heading_with_nothing_under_it_is_no_error(tmp_path):
    kb = load_one(tmp_path, "faq.md", "# T\n\n## Do you ship?\n\nYes.\n\n##\n\n## Hours?\n\nNine.\n")
    assert [s.anchor for s in kb.sections] == ["do-you-ship", "hours"]


def test_markdown_without_title_uses_file_name(tmp_path):
    kb = load_one(tmp_path, "skin_types.md", "## Oily\n\nShiny.\n")
    assert kb.documents == (("skin-types", "Skin types"),)
    assert kb.sections[0].id == "skin-types/oily"


@pytest.mark.parametrize("code", [
    "~~~\n## not a heading\n```\n## still code\n~~~",  # a backtick fence does not close a '~~~' one
    "````\n```\n## not a heading\n```\n## still code\n````",  # nor a shorter fence a longer one
    "```\n## not a heading\n~~~\n## still code\n```",
])
def test_markdown_code_fences_hold_heading_like_lines(tmp_path, code):
    kb = load_one(tmp_path, "a.md", f"# Title\n\n## Real\n\nText.\n\n{code}\n\nAfter.\n")
    assert [s.heading for s in kb.sections] == ["Real"]
    body = kb.sections[0].body
    assert body.startswith("Text.\n\n") and body.endswith("\n\nAfter.")
    assert "## not a heading" in body and "## still code" in body


@pytest.mark.parametrize("markdown, body", [
    ("Click [x](javascript:alert(1)) now.", "Click x now."),  # link text only: no 'x)' left, no URL
    ("See [the guide](https://example.com/a_(b)) and [ref][r].\n\n[r]: https://example.com", "See the guide and ref."),
    ("Use `<br>` for a break, not <b>bold</b> tags.", "Use <br> for a break, not bold tags."),
    ("The `a <tag> b` stays, **kept** &amp; done.", "The a <tag> b stays, kept & done."),
    ("Call `f(x[, y])` or f(x[, y]).", "Call f(x[, y]) or f(x[, y])."),  # brackets are not a reference link
    ("Steps:\n- one\n  wrapped\n- two\n\n- loose", "Steps:\n• one wrapped\n• two\n\n• loose"),
    ("7) seventh\n8) eighth", "7. seventh\n8. eighth"),
    ("> ## Quoted heading\n>\n> Quoted text.", "Quoted heading\n\nQuoted text."),  # not a section of its own
    ("    indented code\n    ## kept", "indented code\n## kept"),
    ("<pre>\nFirst paragraph\nof a licence.\n\nSecond one.\n</pre>", "First paragraph of a licence.\n\nSecond one."),
    ("Text <!-- a comment --> here.\n\n<!--\n## hidden\n-->\n\nMore.", "Text  here.\n\nMore."),
    ("| A | B |\n|:-|-:|\n| `x\\|y` | *z* |\n| 1 |", "• A: x|y; B: z\n• A: 1"),  # a short row: cells it has
])
def test_markdown_inline_markup_and_blocks(tmp_path, markdown, body):
    kb = load_one(tmp_path, "a.md", f"# Title\n\n## Topic\n\n{markdown}\n")
    assert [(s.heading, s.body) for s in kb.sections] == [("Topic", body)]


# --- CSV / TSV -----------------------------------------------------------------------------------

def test_csv_rows_become_sections_with_row_start_lines(tmp_path):
    text = ('Answer,QUESTION,Alternates,notes\n'
            '"Line one.\nLine two.",What is it?,what|  | what exactly ,x\n'
            '\n'
            'Plain answer,  How   much?  ,,\n')
    kb = load_one(tmp_path, "faq/my_faq.csv", text)
    assert kb.documents == (("faq-my-faq", "My faq"),)
    assert [(s.id, s.heading, s.body, s.source, s.alternates) for s in kb.sections] == [
        ("faq-my-faq/what-is-it", "What is it?", "Line one.\nLine two.", "faq/my_faq.csv:2", ("what", "what exactly")),
        ("faq-my-faq/how-much", "How much?", "Plain answer", "faq/my_faq.csv:5", ()),
    ]


def test_a_csv_file_saved_with_semicolons_is_read(tmp_path):
    # Excel saves "CSV" with ';' where the comma is the decimal mark (much of Europe): such a file was an
    # error. A comma header is still read on commas, whatever its cells hold.
    text = ('Question;Answer\n'
            'How much is a wash?;"A wash is £4,50; drying is £1."\n'
            'Do you deliver?;Yes, within 5 miles.\n')
    kb = load_one(tmp_path, "faq.csv", text)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("How much is a wash?", "A wash is £4,50; drying is £1."), ("Do you deliver?", "Yes, within 5 miles.")]
    kb = load_one(tmp_path / "commas", "faq.csv", 'question,answer\nIs it open?;no,"Yes; always."\n')
    assert [(s.heading, s.body) for s in kb.sections] == [("Is it open?;no", "Yes; always.")]


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_a_csv_file_that_names_its_separator_is_read_on_it(tmp_path, sep):
    # Excel reads (and some exports write) a first line 'sep=;': it was read as the header, "missing columns".
    text = (f"\ufeffsep={sep}\r\nQuestion{sep}Answer\r\n"
            f'How much is a wash?{sep}"A wash is £4,50; drying is £1."\r\n')
    kb = load_one(tmp_path, "faq.csv", text)
    assert [(s.heading, s.body, s.source) for s in kb.sections] == [
        ("How much is a wash?", "A wash is £4,50; drying is £1.", "faq.csv:3")]


def test_tsv_with_id_column(tmp_path):
    kb = load_one(tmp_path, "t.tsv", "id\tquestion\tanswer\nopening-hours\tWhen are you open?\tAlways, a, b.\n")
    assert [(s.id, s.heading, s.body) for s in kb.sections] == [("t/opening-hours", "When are you open?", "Always, a, b.")]


# --- alternates and synonyms ---------------------------------------------------------------------

def test_alternates_by_id_heading_and_folded_heading_deduplicated(tmp_path):
    write(tmp_path, "a.txt", "Title\n\nWhat Is It?\n\nA thing.\n\nWhy Use It?\n\nBecause.\n")
    write(tmp_path, "a.alternates", "# c\n\n[a/what-is-it]\nwhat's that\n  define it  \n\n[Why Use It?]\nwhy bother\n"
                                    "[why use it?]\nWhy  Bother\nany reason\n")
    write(tmp_path, "b.alternates", "[What Is It?]\nwhat's  that\nmeaning\n")
    kb = load_knowledge(tmp_path)
    assert [s.alternates for s in kb.sections] == [("what's that", "define it", "meaning"),
                                                   ("why bother", "any reason")]


def test_synonym_groups_are_folded_and_ordered(tmp_path):
    write(tmp_path, "a.txt", "Title\n\nText.\n")
    write(tmp_path, "b.synonyms", "# c\nCrème, Creme, lotion\n")
    write(tmp_path, "a.synonyms", "Aloe  Vera ,aloe,, ALOE\n\nsunscreen,sun block\n")
    kb = load_knowledge(tmp_path)
    assert kb.synonyms == (("aloe vera", "aloe"), ("sunscreen", "sun block"), ("creme", "lotion"))
    assert kb.files == ("a.synonyms", "a.txt", "b.synonyms")


# --- folder walking, determinism, stable ids -----------------------------------------------------

def test_skipped_files_are_reported_not_read(tmp_path):
    write(tmp_path, "a.txt", "Title\n\nText.\n")
    for name in ["notes.docx", "image.PNG", ".hidden.txt", "a.txt~", "a.txt.bak", ".a.txt.swp", "a.orig",
                 "#a.txt#", "Readme.MD", "sub/README.md", ".git/config.txt", "noext"]:
        write(tmp_path, name, b"\x00\xff not text")
    kb = load_knowledge(tmp_path)
    assert kb.files == ("a.txt",)
    assert kb.warnings == (
        "skipped #a.txt#: backup or editor file",
        "skipped .a.txt.swp: hidden",
        "skipped .git/: hidden",
        "skipped .hidden.txt: hidden",
        "skipped Readme.MD: documentation (README), not content",
        "skipped a.orig: backup or editor file",
        "skipped a.txt.bak: backup or editor file",
        "skipped a.txt~: backup or editor file",
        "skipped image.PNG: not a content file (unknown extension)",
        "skipped noext: not a content file (unknown extension)",
        "skipped notes.docx: not a content file (unknown extension)",
        "skipped sub/README.md: documentation (README), not content",
    )


def test_an_office_owner_file_beside_an_open_table_is_skipped(tmp_path):
    # Excel (and Word) keep "~$name" beside a file while it is open: the editor's user name, padded, then in UTF-16.
    # Read as a table it stopped the build ("binary file") for as long as the editor had faq.csv open.
    write(tmp_path, "faq.csv", "question,answer\nHow do I pay?,By card.\n")
    write(tmp_path, "~$faq.csv", b"\x05alice" + b" " * 48 + "\x05alice".encode("utf-16-le") + b" \x00" * 50)
    kb = load_knowledge(tmp_path)
    assert kb.files == ("faq.csv",)
    assert kb.warnings == ("skipped ~$faq.csv: backup or editor file",)


CLINIC = "# Clinic\n\n## Opening Hours\n\nWe open at nine.\n\n## Parking\n\nFree, behind the building.\n"


def test_a_file_copied_in_the_folder_is_built_with_one_warning_naming_both(tmp_path):
    # A sync tool's conflicted copy (or "faq copy.md") answered every question twice
    # over, with no word from the build.
    write(tmp_path, "clinic.md", CLINIC)
    write(tmp_path, "clinic (conflicted copy).md", CLINIC)
    kb = load_knowledge(tmp_path)
    assert len(kb.sections) == 4  # built as before
    assert kb.warnings == ("clinic.md: every section is word for word one of clinic (conflicted copy).md (is one file "
                           "a copy of the other?): a question asked so may get either answer; delete one of them",)


def test_a_section_copied_into_another_file_is_named_and_a_shared_heading_alone_is_not(tmp_path):
    write(tmp_path, "clinic.md", CLINIC)
    write(tmp_path, "uptown.md", "# Uptown\n\n## Opening hours\n\nWe open  at nine.\n\n## Parking\n\nOn the street.\n")
    kb = load_knowledge(tmp_path)
    assert kb.warnings == ('uptown.md:3: section "Opening hours" (uptown/opening-hours) is word for word "Opening '
                           'Hours" (clinic/opening-hours) at clinic.md:3: a question asked so may get either answer; '
                           "delete one of them",)


def test_nested_folders_and_upper_case_extensions(tmp_path):
    write(tmp_path, "faq/billing.CSV", "question,answer\nHow do I pay?,By card.\n")
    write(tmp_path, "faq/deep/more.txt", "More\n\nText.\n")
    kb = load_knowledge(tmp_path)
    assert [s.id for s in kb.sections] == ["faq-billing/how-do-i-pay", "faq-deep-more/introduction"]
    assert kb.files == ("faq/billing.CSV", "faq/deep/more.txt")


def test_a_symlink_to_a_file_inside_is_read_once_and_a_folder_outside_is_read_too(tmp_path):
    content = tmp_path / "content"
    write(content, "real/shared.txt", "Shared\n\nText.\n")
    (content / "linked.txt").symlink_to(content / "real" / "shared.txt")
    kb = load_knowledge(content)
    assert [s.id for s in kb.sections] == ["real-shared/introduction"]  # the file, read once (below)
    write(tmp_path, "elsewhere/more.txt", "More\n\nText.\n")
    (content / "more").symlink_to(tmp_path / "elsewhere")  # (tests/test_linked_folders.py)
    assert [s.id for s in load_knowledge(content).sections] == ["more-more/introduction", "real-shared/introduction"]


def test_a_symlink_to_a_file_already_read_is_skipped_with_a_line_naming_the_file(tmp_path):
    # clinic-faq.md -> clinic.md (an old name kept, say) read the file twice: every section twice over, a question
    # answered from either, and the build said "is one file a copy of the other?" of one file.
    write(tmp_path, "clinic.md", CLINIC)
    (tmp_path / "a-link.md").symlink_to("clinic.md")  # before the file by name
    write(tmp_path, "clinic.alternates", "[clinic/parking]\nwhere do I leave the car\n")
    (tmp_path / "more.alternates").symlink_to("clinic.alternates")
    kb = load_knowledge(tmp_path)
    assert [s.id for s in kb.sections] == ["clinic/opening-hours", "clinic/parking"]
    assert kb.sections[1].alternates == ("where do I leave the car",)
    assert kb.files == ("clinic.alternates", "clinic.md")
    assert kb.warnings == ("skipped a-link.md: symlink to clinic.md, which is read (each file is read once)",
                           "skipped more.alternates: symlink to clinic.alternates, which is read (each file is "
                           "read once)")


def test_a_dashboard_alternates_that_links_to_a_file_is_read_as_the_dashboards(tmp_path):
    # Read under the target's name, its block for a section gone since stopped the build, where the dashboard's
    # file only warns of it (knowledge/README.md).
    write(tmp_path, "clinic.md", CLINIC)
    write(tmp_path, "kept/dashboard-edits.alternates", "# edit 1a2b3c4d, 2026-01-01 09:00 UTC, admin\n"
                                                       "[clinic/gone]\nwhere is it\n")
    (tmp_path / "dashboard.alternates").symlink_to("kept/dashboard-edits.alternates")
    kb = load_knowledge(tmp_path)
    assert kb.warnings == (
        "skipped kept/dashboard-edits.alternates: the same file as dashboard.alternates, which is read (each file is "
        "read once)",
        "dashboard.alternates:2: section 'clinic/gone' is not in the content any more; its 1 phrasing is not "
        "used (add it again from /admin, or delete the block)")  # (was "1 phrasing(s) are ... add them")


def test_a_file_reached_by_two_links_or_a_hard_link_is_read_once(tmp_path):
    write(tmp_path, ".drafts/clinic.md", CLINIC)  # a hidden folder is not read: only the links lead to it
    (tmp_path / "b.md").symlink_to(".drafts/clinic.md")
    (tmp_path / "a.md").symlink_to(".drafts/clinic.md")
    write(tmp_path, "faq.csv", "question,answer\nDo you deliver?,Yes.\n")
    (tmp_path / "faq-copy.csv").hardlink_to(tmp_path / "faq.csv")
    kb = load_knowledge(tmp_path)
    # (of two names of one file, neither a link, the first by name is read)
    assert [s.id for s in kb.sections] == ["a/opening-hours", "a/parking", "faq-copy/do-you-deliver"]
    assert kb.warnings == ("skipped .drafts/: hidden",
                           "skipped b.md: the same file as a.md, which is read (each file is read once)",
                           "skipped faq.csv: the same file as faq-copy.csv, which is read (each file is read once)")


def test_two_loads_are_equal_and_ids_do_not_depend_on_location_or_creation_order(tmp_path):
    first = load_knowledge(ARTICLES)
    assert load_knowledge(ARTICLES) == first
    copy = tmp_path / "copy"
    # Create the files in reverse order: directory listing order must not matter.
    for path in sorted(ARTICLES.rglob("*"), reverse=True):
        if path.is_file():
            target = copy / path.relative_to(ARTICLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    assert load_knowledge(copy) == first


def test_ids_are_unique_across_documents_with_same_headings(tmp_path):
    for name in ["a.txt", "b.txt", "sub/a.txt"]:
        write(tmp_path, name, "Title\n\nWhat Is It?\n\nA thing.\n")
    kb = load_knowledge(tmp_path)
    assert [s.id for s in kb.sections] == ["a/what-is-it", "b/what-is-it", "sub-a/what-is-it"]


def test_a_code_block_left_open_at_the_end_of_a_file_with_no_heading_after_it_still_builds(tmp_path):
    # CommonMark closes it at the end of the file; nothing was lost, so it is no error ('# install' is a comment).
    write(tmp_path, "a.md", "# T\n\n## Install\n\nRun:\n\n```sh\n# install\nmake\n")
    assert [s.body for s in load_knowledge(tmp_path).sections] == ["Run:\n\n# install\nmake"]


def test_a_hash_before_a_word_that_is_no_heading_mark_stays_text(tmp_path):
    write(tmp_path, "a.md", "# T\n\n## Ranking\n\n#1 in town.\n#hashtag\n\n- ##x\n\n> ##y\n")
    assert [s.body for s in load_knowledge(tmp_path).sections] == ["#1 in town.\n#hashtag\n\n• ##x\n\n##y"]


@pytest.mark.parametrize("text, title, body", [
    ("#1 in town\n\n## Why?\n\nBecause.\n", "A", "#1 in town"),  # no title: text, as before
    ("\\#Clinic\n\n## Why?\n\nBecause.\n", "A", "#Clinic"),  # written so on purpose
    ("#tbt we love our clients.\n\n## Why?\n\nBecause.\n", "A", "#tbt we love our clients."),  # a sentence
    ("# T\n\n#Clinic\n\n## Why?\n\nBecause.\n", "T", "#Clinic"),  # under the title: a hashtag
    ("# T\n\nRun:\n\n    make\n    ## all of it\n\n## Why?\n\nBecause.\n", "T", "Run:\n\nmake\n## all of it"),
    ("# T\n\n- item\n\n      ## inside the item\n\n## Why?\n\nBecause.\n", "T", "• item\n\n## inside the item"),
])
def test_a_hash_that_is_no_title_and_code_under_code_stay_as_written(tmp_path, text, title, body):
    write(tmp_path, "a.md", text)
    kb = load_knowledge(tmp_path)
    assert kb.documents == (("a", title),) and kb.sections[0].body == body


def test_files_on_a_file_system_without_inode_numbers_are_not_taken_for_one(tmp_path, monkeypatch):
    # Some file systems (FAT, some network mounts) give every file inode 0: read once must not mean read one.
    import os

    write(tmp_path, "clinic.md", CLINIC)
    write(tmp_path, "uptown.md", CLINIC.replace("Clinic", "Uptown").replace("nine", "ten"))
    (tmp_path / "alias.md").symlink_to("clinic.md")

    real_stat = os.stat

    def stat(path, *a, **k):
        st = real_stat(path, *a, **k)
        return os.stat_result((st.st_mode, 0, *tuple(st)[2:]))

    monkeypatch.setattr(os, "stat", stat)
    kb = load_knowledge(tmp_path)
    assert kb.files == ("clinic.md", "uptown.md")
    assert kb.warnings[0] == "skipped alias.md: symlink to clinic.md, which is read (each file is read once)"


@pytest.mark.parametrize("name", ["Thumbs.db", "desktop.ini", "Icon\r", "ehthumbs.db"])
def test_files_the_operating_system_keeps_in_a_folder_are_not_listed_as_files_not_read(tmp_path, name):
    # Windows Explorer's Thumbs.db and desktop.ini, the Finder's 'Icon\r' (a folder's custom icon): the dashboard
    # listed them under "Files not read", telling the editor to save them as .txt, .md or .csv or rename them.
    from bot.build import build
    from bot.artifact import load_current
    from web.admin_view import files_not_read

    write(tmp_path / "content", "clinic.md", CLINIC)
    write(tmp_path / "content", name, b"\0\1")
    write(tmp_path / "content", "faq.docx", b"PK")  # an FAQ saved in another format is still listed
    kb = load_knowledge(tmp_path / "content")
    shown = name.replace("\r", "\\r")  # a control character in a name is shown escaped: one line, readable
    assert set(kb.warnings) == {"skipped faq.docx: not a content file (unknown extension)",
                                f"skipped {shown}: a file the operating system keeps in folders, not content"}
    build(tmp_path / "content", tmp_path / "index")
    assert files_not_read(load_current(tmp_path / "index").manifest) == ["faq.docx"]


def test_front_matter_at_the_top_of_a_text_file_is_not_its_title(tmp_path):
    # A page kept for a site generator, saved as .txt: its title was '---', its introduction 'title: Clinic ---'.
    kb = load_one(tmp_path, "faq.txt", "---\ntitle: Clinic\n---\n\nClinic FAQ\n\nWhen do you open?\n\nAt nine.\n")
    assert kb.documents == (("faq", "Clinic FAQ"),)
    assert [(s.heading, s.body, s.source) for s in kb.sections] == [("When do you open?", "At nine.", "faq.txt:7")]
    with pytest.raises(ContentError, match=r"^faq\.txt:1: front matter opened here with '---' is never closed"):
        load_one(tmp_path, "faq.txt", "---\ntitle: Clinic\n\nClinic FAQ\n\nWhen do you open?\n\nAt nine.\n")
