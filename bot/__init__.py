"""faqbot: a question-answering chatbot over a knowledge base of articles and FAQ tables."""

# Raised for every release (pyproject.toml reads it from here): a wheel with the installed number is "already
# installed" to `pip install -U`, which then keeps the old code.
__version__ = "0.2.0"
