"""An anonymous help request waits for the helpers' daily e-mail instead of being e-mailed at
once (``Item.awaiting_digest``). Existing requests were e-mailed already."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("voice", "0003_item_ref")]

    operations = [
        migrations.AddField(
            model_name="item",
            name="awaiting_digest",
            field=models.BooleanField(default=False),
        ),
    ]
