"""Every read of the strategy app, one module per part, always within one organisation."""
