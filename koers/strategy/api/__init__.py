"""The strategy API: one router module per part, mounted in ``koers/api.py``."""
