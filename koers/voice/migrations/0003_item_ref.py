"""Every item gets a random public reference (``Item.ref``) to use instead of its id, which
shows the order items were stored in. Existing items get one each."""

from django.db import migrations, models

import koers.voice.models


def give_references(apps, schema_editor):
    Item = apps.get_model("voice", "Item")
    taken: set[str] = set()
    for item in Item.objects.only("pk").iterator():
        ref = koers.voice.models.item_ref_new()
        while ref in taken:
            ref = koers.voice.models.item_ref_new()
        taken.add(ref)
        Item.objects.filter(pk=item.pk).update(ref=ref)


class Migration(migrations.Migration):
    dependencies = [("voice", "0002_item_mentions")]

    operations = [
        migrations.AddField(
            model_name="item",
            name="ref",
            field=models.CharField(max_length=8, null=True, editable=False),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="item",
            name="ref",
            field=models.CharField(
                default=koers.voice.models.item_ref_new,
                editable=False,
                max_length=8,
                unique=True,
                verbose_name="reference",
            ),
        ),
        migrations.AlterModelOptions(
            name="item",
            options={"ordering": ["-created_on", "category", "kind", "ref"]},
        ),
    ]
