"""Voice is deliberately not in Django's admin.

The admin is for the site's operators, not the organisation's moderators: they have no business
reading employees' concerns, and a model admin would show every column, including the author of
an item raised by name and the memberships behind "me too". Moderators work in the pages and the
API, which apply the permissions, the redaction and the minimum-group-size rule; a site superuser
reaches those as an organisation admin. ``test_anonymity`` checks that no Voice model is
registered.
"""
