"""Advice requests' place is required now that 0012 filled it; the period indexes lead with the municipality."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("participation", "0012_advice_place"),
    ]

    operations = [
        migrations.AlterField(
            model_name="advicerequest", name="municipality",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="districts.municipality"),
        ),
        migrations.AlterField(
            model_name="advicerequest", name="district",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="districts.district"),
        ),
        migrations.AddIndex(
            model_name="advicerequest",
            index=models.Index(fields=["municipality", "requested_at"], include=("district", "portfolio"),
                               name="advice_requested_at"),
        ),
        migrations.AddIndex(
            model_name="advicerequest",
            index=models.Index(fields=["municipality", "answered_at"], include=("district", "portfolio", "answer"),
                               name="advice_answered_at"),
        ),
    ]
