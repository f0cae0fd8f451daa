"""The strategy app's writes, one module per part: each checks the permission, runs in one
transaction and writes the audit row."""
