"""The strategy app's services, one module per part."""
