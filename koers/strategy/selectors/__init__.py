"""The strategy app's selectors, one module per part."""
