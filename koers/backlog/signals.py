"""Signals of the backlog, for apps that keep something derived from it up to date."""

from django.dispatch import Signal

# Sent after use cases were created, changed or merged (once per import), with
# ``organisation_id``. Receivers should queue work (on commit) rather than do it in the request.
backlog_changed = Signal()
