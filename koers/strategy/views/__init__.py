"""The strategy app's views, one module per part."""
