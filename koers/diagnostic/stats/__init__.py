"""The readiness scan's statistics, without Django (the anonymity rule is
``koers.core.anonymity``).

Django-free by rule (a test imports it without settings): the diagnostic app calls it through its
selectors, the benchmark calls it directly. Counts and answers in, publishable cells and summaries
out.
"""
