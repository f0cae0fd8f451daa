"""A small backlog with two needs, each sent in by two departments."""

from __future__ import annotations

import pytest

from koers.testing.factories import make_usecase

IDEAS = [
    ("HR chatbot", "Employees ask HR the same questions about leave and policies."),
    ("Leave questions assistant", "Staff questions about leave policies answered by a chatbot."),
    ("Policy chatbot for staff", "A chatbot answers employee questions on HR policy and leave."),
    ("Invoice matching", "Match supplier invoices to purchase orders automatically."),
    ("Invoice checks", "Checking supplier invoices against purchase orders takes hours."),
    ("Purchase order reconciliation", "Reconcile invoices from suppliers with purchase orders."),
]


@pytest.fixture
def backlog(org):
    finance, hr = org.departments.order_by("name")
    return [
        make_usecase(org, title=t, problem=p, solution="", department_ids=(d.pk,))
        for (t, p), d in zip(IDEAS, [hr, finance, hr, finance, hr, finance], strict=True)
    ]
