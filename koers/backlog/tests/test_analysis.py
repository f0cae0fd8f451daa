"""The batch analysis of an organisation's backlog: the CLI's document, for the open backlog."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from koers.backlog.models.themes import ThemeMember
from koers.backlog.models.usecases import DataReadiness, Effort, PersonalData, UseCase
from koers.backlog.selectors.analysis import backlog_analysis
from koers.backlog.services import themes as services
from koers.backlog.services.scoring import weights_update
from koers.backlog.services.transfer.exporting import export_csv, export_queryset, export_records
from koers.backlog.services.usecases import usecase_merge
from koers.cli.analyze import read_items
from koers.orgs.tenancy import OrgContext
from koers.testing.factories import ctx_for, make_usecase
from koers.textmine.analyze import analyze

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "row",
    "id",
    "cluster",
    "cluster_label",
    "cluster_fit",
    "similar",
    "duplicates",
    "high_impact",
    "personal_data",
    "reasons",
    "quick_win_score",
}
CLUSTER_KEYS = {
    "cluster",
    "label",
    "name_nl",
    "name_en",
    "terms",
    "size",
    "representative",
    "departments",
    "weak",
}


def test_it_is_the_cli_document_of_the_exported_backlog_plus_id_and_url(
    org, member, backlog, tmp_path
):
    UseCase.objects.filter(pk=backlog[0].pk).update(
        hours_saved_per_month=Decimal("12.5"),
        effort=Effort.WEEKS,
        personal_data=PersonalData.YES,
    )
    exported = tmp_path / "backlog.csv"
    exported.write_bytes(
        export_csv(
            export_records(export_queryset(organisation=org).prefetch_related("departments"))
        )
    )
    from_file = analyze(read_items(exported)).document

    document = backlog_analysis(ctx_for(member, org))

    for item in document["items"]:
        assert set(item) == ITEM_KEYS | {"usecase_id", "url"}
        usecase_id, url = item.pop("usecase_id"), item.pop("url")
        assert url.endswith(f"/o/{org.slug}/usecases/{usecase_id}/")
    assert document == from_file
    assert all(set(c) == CLUSTER_KEYS for c in document["clusters"])


def test_each_item_names_its_use_case_by_reference_and_id(org, member, backlog):
    items = backlog_analysis(ctx_for(member, org))["items"]
    assert [(i["row"], i["id"], i["usecase_id"]) for i in items] == [
        (row, u.reference, u.pk) for row, u in enumerate(backlog)
    ]


def test_it_groups_the_same_need_across_departments(org, member, backlog):
    document = backlog_analysis(ctx_for(member, org))
    clusters = {item["id"]: item["cluster"] for item in document["items"]}
    chat, money = clusters[backlog[0].reference], clusters[backlog[3].reference]
    assert chat != money
    assert {clusters[u.reference] for u in backlog[:3]} == {chat}
    assert document["clusters"][chat]["departments"] == ["Finance", "HR"]


def test_it_leaves_out_merged_use_cases_and_other_organisations(
    org, other_org, member, lead, backlog
):
    usecase_merge(ctx_for(lead, org), duplicate=backlog[1], keep=backlog[0], note="")
    make_usecase(other_org, title="HR chatbot elsewhere")
    ids = [item["usecase_id"] for item in backlog_analysis(ctx_for(member, org))["items"]]
    assert ids == [u.pk for u in backlog if u != backlog[1]]


def test_it_scores_with_the_organisations_weights(org, member, admin_user, backlog):
    UseCase.objects.filter(pk=backlog[0].pk).update(data_readiness=DataReadiness.READY)

    def first_score() -> float:
        return backlog_analysis(ctx_for(member, org))["items"][0]["quick_win_score"]

    before = first_score()
    weights_update(
        ctx_for(admin_user, org),
        hourly_cost_eur=Decimal(60),
        weight_value=0,
        weight_effort=0,
        weight_risk=0,
        weight_data_readiness=100,
    )
    assert first_score() == 1.0 != before


def test_it_flags_what_the_declared_personal_data_says(org, member, backlog):
    UseCase.objects.filter(pk=backlog[3].pk).update(personal_data=PersonalData.YES)
    items = backlog_analysis(ctx_for(member, org))["items"]
    assert items[3]["personal_data"] is True
    assert items[4]["personal_data"] is False


def test_the_same_backlog_gives_the_same_document(org, member, backlog):
    ctx = ctx_for(member, org)
    assert backlog_analysis(ctx) == backlog_analysis(ctx)


def test_an_empty_backlog_gives_an_empty_document(org, member):
    document = backlog_analysis(ctx_for(member, org))
    assert (document["items"], document["clusters"]) == ([], [])


def test_it_needs_the_view_permission(org, member, monkeypatch):
    ctx = ctx_for(member, org)
    monkeypatch.setattr(OrgContext, "can", lambda self, perm: False)
    with pytest.raises(PermissionDenied):
        backlog_analysis(ctx)


def test_its_clusters_are_the_themes_as_the_leads_left_them(org, member, lead, backlog):
    services.themes_recompute(org)
    theme = ThemeMember.objects.get(usecase=backlog[3]).theme
    services.theme_rename(ctx_for(lead, org), theme=theme, name="Invoices")
    document = backlog_analysis(ctx_for(member, org))
    row = next(i for i in document["items"] if i["usecase_id"] == backlog[3].pk)
    assert (row["cluster"], row["cluster_label"]) == (theme.number, "Invoices")
    assert any(c["label"] == "Invoices" for c in document["clusters"])
    late = make_usecase(org, title="Invoice checks by hand", problem="Supplier invoices.")
    document = backlog_analysis(ctx_for(member, org))
    late_row = next(i for i in document["items"] if i["usecase_id"] == late.pk)
    assert late_row["cluster_label"] == "Invoices"  # placed in its theme, nothing recomputed
