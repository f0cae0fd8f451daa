"""Concerns for the tests of themes, the public page, the digest and the dashboard: raised and
moderated through the Voice services, as in use."""

from __future__ import annotations

import datetime as dt

from koers.orgs.models import Department, Organisation, Role, User
from koers.testing.factories import ctx_for, make_member
from koers.voice import services
from koers.voice.models import Item


def moderator(org: Organisation) -> User:
    return make_member(org, Role.LEAD)


def concern(
    org: Organisation,
    text: str,
    *,
    category: str = "job_security",
    department: Department | None = None,
    publish: User | None = None,
    on: dt.date | None = None,
    source: str = "form",
) -> Item:
    """An anonymous concern; published (as written) by ``publish`` when given; dated ``on``."""
    item = services.item_raise_anonymously(
        org,
        kind="concern",
        text=text,
        category=category,
        department_id=department.pk if department else None,
        source=source,
    ).item
    if on is not None:
        Item.objects.filter(pk=item.pk).update(created_on=on)
    if publish is not None:
        services.item_publish(
            ctx_for(publish, org),
            item=item,
            public_text=text,
            category=category,
            department_id=department.pk if department else None,
            allow_found=True,
        )
        if on is not None:
            Item.objects.filter(pk=item.pk).update(published_on=on)
    item.refresh_from_db()
    return item
