"""The survey's tallies (models.SurveyTally, evaluation.tallies) of the answers and responses already stored."""

import django.db.models.deletion
from django.db import migrations, models


COUNT_ANSWERS = """
INSERT INTO evaluation_surveytally (wave_id, district_id, question_id, n, total, squares)
SELECT wave_id, district_id, question_id, COUNT(*), SUM(value), SUM(value * value)
FROM evaluation_answer GROUP BY wave_id, district_id, question_id
"""
COUNT_RESPONSES = """
INSERT INTO evaluation_surveytally (wave_id, district_id, question_id, n, total, squares)
SELECT wave_id, district_id, NULL, COUNT(*), 0, 0 FROM evaluation_response GROUP BY wave_id, district_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('districts', '0003_municipality_identity'),
        ('evaluation', '0003_day_figures'),
    ]

    operations = [
        migrations.CreateModel(
            name='SurveyTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('n', models.PositiveIntegerField(default=0)),
                ('total', models.BigIntegerField(default=0)),
                ('squares', models.BigIntegerField(default=0)),
                ('district', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='districts.district')),
                ('question', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='evaluation.question')),
                ('wave', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='evaluation.wave')),
            ],
            options={
                'verbose_name': 'telling van de meting',
                'verbose_name_plural': 'tellingen van de meting',
                'indexes': [models.Index(fields=['wave', 'question', 'district'], name='evaluation_tally_cell')],
            },
        ),
        migrations.RunSQL(COUNT_ANSWERS, migrations.RunSQL.noop, elidable=False),
        migrations.RunSQL(COUNT_RESPONSES, migrations.RunSQL.noop, elidable=False),
    ]
