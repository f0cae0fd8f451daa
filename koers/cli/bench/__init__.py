"""``koers bench NAME``: each benchmark prints its figures beside a baseline measured in the same
run and ends with one line of JSON. Every benchmark runs against a throwaway database.

The commands are registered in ``commands``: this package imports none of its modules, so that a
benchmark's child process (``python -m koers.cli.bench.<name>``) runs its module only once."""
