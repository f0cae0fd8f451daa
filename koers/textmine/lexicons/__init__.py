"""Word lists for the text core (plain Python data, so they are type-checked and packaged)."""
