"""English for the names a municipality gives (django-modeltranslation, issue #14): a Dutch and an English column
beside each; the Dutch one starts as a copy of today's value, the English one empty (pages fall back to Dutch)."""

from django.db import migrations, models
from django.db.models import F


def copy_to_dutch(apps, schema_editor):
    apps.get_model('governance', 'Portfolio').objects.update(name_nl=F('name'), description_nl=F('description'))
    apps.get_model('governance', 'Term').objects.update(coalition_agreement_nl=F('coalition_agreement'))


class Migration(migrations.Migration):

    dependencies = [
        ('districts', '0002_content_version'),
        ('governance', '0003_alderman_user'),
    ]

    operations = [
        migrations.AddField(
            model_name='portfolio',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='omschrijving'),
        ),
        migrations.AddField(
            model_name='portfolio',
            name='description_nl',
            field=models.TextField(blank=True, null=True, verbose_name='omschrijving'),
        ),
        migrations.AddField(
            model_name='portfolio',
            name='name_en',
            field=models.CharField(max_length=100, null=True, verbose_name='naam'),
        ),
        migrations.AddField(
            model_name='portfolio',
            name='name_nl',
            field=models.CharField(max_length=100, null=True, verbose_name='naam'),
        ),
        migrations.AddField(
            model_name='term',
            name='coalition_agreement_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='coalitieakkoord'),
        ),
        migrations.AddField(
            model_name='term',
            name='coalition_agreement_nl',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='coalitieakkoord'),
        ),
        migrations.AddConstraint(
            model_name='portfolio',
            constraint=models.UniqueConstraint(fields=('municipality', 'name_nl'), name='portfolio_unique_name-nl'),
        ),
        migrations.AddConstraint(
            model_name='portfolio',
            constraint=models.UniqueConstraint(fields=('municipality', 'name_en'), name='portfolio_unique_name-en'),
        ),
        migrations.RunPython(copy_to_dutch, migrations.RunPython.noop),
    ]
