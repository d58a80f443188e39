"""faqbot: a question-answering chatbot over a knowledge base of articles and FAQ tables."""

__version__ = "0.1.0"
