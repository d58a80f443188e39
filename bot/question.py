"""A question as it arrives (HTTP body or query, a command-line argument, a line of standard input): cleaned and
checked the same way wherever it comes from, so `faqbot ask` and /api/ask answer the same text or refuse it alike."""

from __future__ import annotations


class QuestionError(ValueError):
    """A question that cannot be asked: empty, or longer than the limit (`limit` is set then)."""

    def __init__(self, message: str, limit: int | None = None) -> None:
        super().__init__(message)
        self.limit = limit


def clean(text: str) -> str:
    """NUL as a space and lone surrogates as '?': what every string reaching the database or a log gets."""
    return text.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")


def checked(text: str, max_length: int, what: str = "the question") -> str:
    """text stripped and cleaned (NUL and a BOM count as spaces, lone surrogates become '?'), or a QuestionError
    naming `what`: longer than max_length characters (counted as given), or nothing left."""
    if len(text) > max_length:
        raise QuestionError(f"{what} is longer than {max_length} characters", limit=max_length)
    # What is left must match the OpenAPI pattern's idea of "not only spaces" (JavaScript's \s holds U+FEFF,
    # Python's whitespace holds U+001C-U+001F and U+0085; the pattern lists both).
    text = clean(text.replace("\ufeff", " ")).strip()
    if not text:
        raise QuestionError(f"{what} is empty")
    return text
