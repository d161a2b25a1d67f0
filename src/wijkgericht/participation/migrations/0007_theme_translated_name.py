"""English for the names a municipality gives (django-modeltranslation, issue #14): a Dutch and an English column
beside each; the Dutch one starts as a copy of today's value, the English one empty (pages fall back to Dutch).
Also the plainer labels residents read (choices only, no SQL)."""

from django.db import migrations, models
from django.db.models import F


def copy_to_dutch(apps, schema_editor):
    apps.get_model('participation', 'Theme').objects.update(name_nl=F('name'))


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0006_support_user_from_core'),
    ]

    operations = [
        migrations.AddField(
            model_name='theme',
            name='name_en',
            field=models.CharField(max_length=100, null=True, verbose_name='naam'),
        ),
        migrations.AddField(
            model_name='theme',
            name='name_nl',
            field=models.CharField(max_length=100, null=True, verbose_name='naam'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(fields=('municipality', 'name_nl'), name='theme_unique_name-nl',
                                               violation_error_message='Deze gemeente heeft al een thema met deze naam.'),
        ),
        migrations.AddConstraint(
            model_name='theme',
            constraint=models.UniqueConstraint(fields=('municipality', 'name_en'), name='theme_unique_name-en',
                                               violation_error_message='Deze gemeente heeft al een thema met deze naam.'),
        ),
        # Plain Dutch on residents' pages (issue #14): the labels only, no SQL.
        migrations.AlterField(
            model_name='item',
            name='kind',
            field=models.CharField(choices=[('idea', 'idee'), ('report', 'melding'), ('initiative', 'bewonersinitiatief')], max_length=12, verbose_name='soort'),
        ),
        migrations.AlterField(
            model_name='item',
            name='status',
            field=models.CharField(choices=[('submitted', 'ingediend'), ('published', 'gepubliceerd'), ('rejected', 'afgewezen door moderatie'), ('under_consideration', 'in behandeling bij het wijkteam'), ('coordination', 'advies gevraagd aan de wethouder van het onderwerp'), ('accepted', 'goedgekeurd'), ('declined', 'niet goedgekeurd'), ('in_progress', 'in uitvoering'), ('done', 'klaar'), ('reopened', 'heropend: nog niet opgelost')], default='submitted', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='source',
            field=models.CharField(blank=True, choices=[('submitted', 'ingediend'), ('published', 'gepubliceerd'), ('rejected', 'afgewezen door moderatie'), ('under_consideration', 'in behandeling bij het wijkteam'), ('coordination', 'advies gevraagd aan de wethouder van het onderwerp'), ('accepted', 'goedgekeurd'), ('declined', 'niet goedgekeurd'), ('in_progress', 'in uitvoering'), ('done', 'klaar'), ('reopened', 'heropend: nog niet opgelost')], max_length=20),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='target',
            field=models.CharField(choices=[('submitted', 'ingediend'), ('published', 'gepubliceerd'), ('rejected', 'afgewezen door moderatie'), ('under_consideration', 'in behandeling bij het wijkteam'), ('coordination', 'advies gevraagd aan de wethouder van het onderwerp'), ('accepted', 'goedgekeurd'), ('declined', 'niet goedgekeurd'), ('in_progress', 'in uitvoering'), ('done', 'klaar'), ('reopened', 'heropend: nog niet opgelost')], max_length=20),
        ),
        migrations.RunPython(copy_to_dutch, migrations.RunPython.noop),
    ]
