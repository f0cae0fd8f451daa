"""The strategy app's reads, one module per part, always filtered by organisation."""
