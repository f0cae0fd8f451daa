"""The strategy app's pages, one module per part; thin: parse, call one service or selector,
render."""
