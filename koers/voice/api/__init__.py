"""Voice over the API: items, themes, answers, actions and "me too", with the same services,
permissions and minimum-group-size rule as the pages.

Everyone reads the published concerns (their redacted text only) and the themes; moderators read
every item with the text as submitted, publish, withhold, answer and act. Nothing here names the
submitter of an anonymous item, and the case code of a new anonymous item is in the answer to its
POST only. The organisation, the permission and the object of the path are checked before the body
(see ``koers.orgs.api``), so a non-member learns nothing from a 422.
"""

from __future__ import annotations

from ninja import Router

from koers.voice.api import actions, items, themes

# One router for Voice (``koers.api`` mounts it), with one router per part: items, themes,
# actions, in this order (the order of the OpenAPI document). Their operations carry its tag.
router = Router(tags=["voice"])
router.add_router("", items.router)
router.add_router("", themes.router)
router.add_router("", actions.router)
