"""Advice requests carry their item's municipality and district (issue #13: the coordination measures counted advice
per district by joining every item). Added empty, filled from the items in one UPDATE, then required; the period
indexes lead with the municipality and carry the district and portfolio (0013). Two migrations, so two transactions
on PostgreSQL: the UPDATE leaves deferred foreign-key checks that an ALTER TABLE in the same transaction refuses."""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE participation_advicerequest
SET municipality_id = (SELECT i.municipality_id FROM participation_item i WHERE i.id = item_id),
    district_id = (SELECT i.district_id FROM participation_item i WHERE i.id = item_id)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("districts", "0002_content_version"),
        ("participation", "0011_advice_period_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="advicerequest", name="advice_requested_at"),
        migrations.RemoveIndex(model_name="advicerequest", name="advice_answered_at"),
        migrations.AddField(
            model_name="advicerequest", name="municipality",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="districts.municipality"),
        ),
        migrations.AddField(
            model_name="advicerequest", name="district",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="districts.district"),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=False),
    ]
