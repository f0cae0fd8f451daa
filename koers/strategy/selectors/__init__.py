"""Every read of the strategy app, always within one organisation: one module per part."""
