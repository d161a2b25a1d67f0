"""English for the names a municipality gives (django-modeltranslation, issue #14): a Dutch and an English column
beside each; the Dutch one starts as a copy of today's value, the English one empty (pages fall back to Dutch).
Also the plainer labels residents read (choices only, no SQL)."""

from django.db import migrations, models
from django.db.models import F


def copy_to_dutch(apps, schema_editor):
    apps.get_model('agenda', 'ActivityKind').objects.update(name_nl=F('name'), description_nl=F('description'))


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0002_default_activity_kinds'),
    ]

    operations = [
        migrations.AddField(
            model_name='activitykind',
            name='description_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='omschrijving'),
        ),
        migrations.AddField(
            model_name='activitykind',
            name='description_nl',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='omschrijving'),
        ),
        migrations.AddField(
            model_name='activitykind',
            name='name_en',
            field=models.CharField(max_length=80, null=True, verbose_name='naam'),
        ),
        migrations.AddField(
            model_name='activitykind',
            name='name_nl',
            field=models.CharField(max_length=80, null=True, verbose_name='naam'),
        ),
        # Plain Dutch on residents' pages (issue #14): the label only, no SQL.
        migrations.AlterField(
            model_name='agendaitem',
            name='source',
            field=models.CharField(choices=[('residents', 'ideeën en meldingen van inwoners'), ('visit', 'kennismaking of verslag'), ('partner', 'wijkpartner'), ('other', 'anders')], max_length=10, verbose_name='bron'),
        ),
        migrations.RunPython(copy_to_dutch, migrations.RunPython.noop),
    ]
