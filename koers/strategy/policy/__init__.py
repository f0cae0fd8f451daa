"""The AI policy without Django: its content (sections, data classes, tools and the matrix of
tools and data classes) as validated data, and what is worked out from it alone."""
