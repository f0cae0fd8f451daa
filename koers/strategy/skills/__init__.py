"""The skills matrix without Django: the shipped catalogue of AI skills with their levels
(``schema``, ``loader``, ``catalogue.json``) and the gap per department, on the scan's anonymity
core (``gaps``). Texts and numbers in, publishable figures out."""
