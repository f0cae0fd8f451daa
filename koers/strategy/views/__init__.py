"""The strategy pages: one module per part."""
