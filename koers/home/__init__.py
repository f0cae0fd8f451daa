"""The organisation's start page: what the programme says (the AI vision) and what it asks of
the person who opens it (confirming the AI policy), with the ways in to the rest."""
