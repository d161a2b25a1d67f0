"""The district team's first answer and first decision kept on the item (for the evaluation's measures), back-filled
from the status history in one UPDATE; indexes for the measures' periods."""

from django.db import migrations, models

# As in participation.workflow when this was written (ANSWERS, DECISIONS); a migration keeps its own copy.
ANSWERS = ("under_consideration", "coordination", "accepted", "declined", "in_progress", "done")
DECISIONS = ("accepted", "declined")


def _listed(values):
    return ", ".join(f"'{v}'" for v in values)


# One pass over the status history, grouped per item, then one UPDATE … FROM (PostgreSQL, and SQLite ≥ 3.33): not a
# correlated subquery per item, which takes minutes at a million items.
BACKFILL = f"""
UPDATE participation_item SET first_answer_at = s.answered, first_decision_at = s.decided
FROM (SELECT item_id, MIN(CASE WHEN target IN ({_listed(ANSWERS)}) THEN created_at END) AS answered,
             MIN(CASE WHEN target IN ({_listed(DECISIONS)}) THEN created_at END) AS decided
      FROM participation_statuschange GROUP BY item_id) AS s
WHERE participation_item.id = s.item_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0007_theme_translated_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='first_answer_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='eerste keer opgepakt op'),
        ),
        migrations.AddField(
            model_name='item',
            name='first_decision_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='eerste besluit op'),
        ),
        migrations.AddIndex(
            model_name='statuschange',
            index=models.Index(fields=['target', 'created_at'], name='statuschange_target_moment'),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=True),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(fields=['municipality', 'created_at'], include=('district', 'status', 'kind', 'first_answer_at'), name='item_submitted'),
        ),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(condition=models.Q(('first_decision_at__isnull', False)), fields=['municipality', 'first_decision_at'], include=('district', 'created_at'), name='item_first_decision'),
        ),
    ]
