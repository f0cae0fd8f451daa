"""The strategy app's API schemas, one module per part."""
