"""Koers's text core: reading, comparing, clustering and pre-screening use-case texts.

Django-free by rule (a test imports it without settings): the apps call it through their
services, the CLI and the benchmarks call it directly.
"""
