"""The daily rollup keeps each theme apart (DayFigure.theme_id), so the dashboards' portfolio filter narrows the
resident-voice measures too (issue #13). The rows already there are recounted with their theme (evaluation.rollup's
rebuild, with the historical models)."""

import datetime as dt

from django.db import migrations, models
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

ANSWER_DAYS = 14  # as evaluation.rollup when this was written; a migration keeps its own copy


def recount(apps, schema_editor):
    Item = apps.get_model("participation", "Item")
    Support = apps.get_model("participation", "Support")
    DayFigure = apps.get_model("evaluation", "DayFigure")
    DayFigure.objects.all().delete()
    tz = timezone.get_current_timezone()
    deadline = ExpressionWrapper(F("created_at") + dt.timedelta(days=ANSWER_DAYS), output_field=DateTimeField())
    ok = Q(first_answer_at__isnull=False, first_answer_at__lte=deadline)
    rows = [DayFigure(municipality_id=r["municipality_id"], district_id=r["district_id"], day=r["day"],
                      kind=r["kind"], theme_id=r["theme_id"], submitted=r["n"], answered=r["ok"])
            for r in Item.objects.exclude(status="rejected").annotate(day=TruncDate("created_at", tzinfo=tz))
            .order_by().values("municipality_id", "district_id", "day", "kind", "theme_id")
            .annotate(n=Count("id"), ok=Count("id", filter=ok))]
    rows += [DayFigure(municipality_id=r["item__municipality_id"], district_id=r["item__district_id"],
                       day=r["day"], kind="", theme_id=r["item__theme_id"], supports=r["n"])
             for r in Support.objects.annotate(day=TruncDate("created_at", tzinfo=tz)).order_by()
             .values("item__municipality_id", "item__district_id", "day", "item__theme_id").annotate(n=Count("id"))]
    DayFigure.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0004_survey_tallies"),
        ("participation", "0013_advice_place_required"),
    ]

    operations = [
        migrations.AddField(model_name="dayfigure", name="theme_id", field=models.IntegerField(default=0)),
        migrations.RunPython(recount, migrations.RunPython.noop, elidable=True),
    ]
