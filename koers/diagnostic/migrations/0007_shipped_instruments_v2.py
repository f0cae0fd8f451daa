"""Koers's own GenAI-scan and calibration quiz have a new version (one claim per statement, the
agreement midpoint "Niet eens, niet oneens", frequency options that do not overlap, the intro
naming the organisation's own anonymity threshold and a duration computed from the questions).

An organisation's copy that nobody edited gets it: as its newest version when a round ran (or
runs) the one it has, which keeps that version and its answers; in place when no round used it
yet (as ``services.instrument_revise`` does). A copy the organisation edited is its own and
stays as it is. The history records the change, by nobody (a system change).
"""

import json
from importlib import resources

from django.db import migrations

SHIPPED = {
    # copied_from: (the version organisations copied, file in ``previous``), current loader
    "genai_readiness_scan": ("default_scan_v1.json", "load_default_scan"),
    "leadership_calibration": ("calibration_v1.json", "load_calibration"),
}


def _previous(name):
    files = resources.files("koers.diagnostic.instruments.previous")
    return json.loads(files.joinpath(name).read_text(encoding="utf-8"))


def bring_copies_up_to_date(apps, schema_editor):
    from koers.diagnostic.instruments import loader

    Instrument = apps.get_model("diagnostic", "Instrument")
    InstrumentVersion = apps.get_model("diagnostic", "InstrumentVersion")
    Change = apps.get_model("core", "Change")
    for copied_from, (previous_file, load) in SHIPPED.items():
        copies = Instrument.objects.filter(copied_from=copied_from)
        if not copies.exists():
            continue
        previous = _previous(previous_file)
        current = getattr(loader, load)().model_dump(mode="json")
        for instrument in copies:
            latest = InstrumentVersion.objects.filter(instrument=instrument).order_by("-number")
            latest = latest.first()
            if latest is None or latest.definition != previous:
                continue
            if latest.frozen:
                number = latest.number + 1
                InstrumentVersion.objects.create(
                    instrument=instrument, number=number, definition=current
                )
                fields = {"version": [latest.number, number]}
            else:
                latest.definition = current
                latest.save(update_fields=["definition"])
                fields = {}
            Change.objects.create(
                organisation_id=instrument.organisation_id,
                actor_label="Koers",
                subject="diagnostic.instrument",
                subject_id=instrument.pk,
                action="revised",
                fields=fields,
                note=f"Koers's version {current['version']} of this instrument",
            )


class Migration(migrations.Migration):

    dependencies = [
        ("diagnostic", "0006_shared_link_cap"),
        ("core", "0008_mail_policy"),
    ]

    operations = [
        migrations.RunPython(bring_copies_up_to_date, migrations.RunPython.noop, elidable=True),
    ]
