"""Give the use cases of triages signed off before this release the risk their triage says
(``koers.triage.services.assessed_risk``, as it was when this migration was written)."""

from django.db import migrations


def risk_of(triage) -> str:
    if triage.risk_group in {"prohibited", "high_risk"}:
        return "high"
    if triage.risk_group == "needs_review":
        return "medium"
    if triage.dpia in {"required", "recommended", "needs_review"}:
        return "medium"
    if triage.transparency != "no":
        return "medium"
    return "low"


def assess(apps, schema_editor):
    Triage = apps.get_model("triage", "Triage")
    UseCase = apps.get_model("backlog", "UseCase")
    for triage in Triage.objects.filter(status="signed_off").only(
        "usecase_id", "risk_group", "transparency", "dpia"
    ):
        UseCase.objects.filter(pk=triage.usecase_id).update(assessed_risk=risk_of(triage))


def clear(apps, schema_editor):
    apps.get_model("backlog", "UseCase").objects.update(assessed_risk="")


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0001_initial"),
        ("backlog", "0005_assessed_risk"),
    ]

    operations = [migrations.RunPython(assess, clear)]
