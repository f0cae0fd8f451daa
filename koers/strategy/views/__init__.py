"""The strategy app's pages, one module per part."""
