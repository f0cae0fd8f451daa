"""Koers: the GenAI adoption programme, as software."""

__version__ = "0.1.0"
