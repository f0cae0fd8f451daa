"""Importing and exporting the use-case register, one module per part.

* ``formats`` — the two formats a file can have: Koers's own columns and the US Federal AI Use Case
  Inventory 2025.
* ``parsing`` — the cells of one row, as people write them, and the row checked on its own.
* ``importing`` — ``usecase_import``: every row validated, then all of them written, or none.
* ``exporting`` — ``usecase_export``: the register as CSV, XLSX or JSON.
"""
