"""
Source and Quote, moved here from the measures app without touching a row.

The tables already exist (made by measures 0001 as ``measures_source`` and
``measures_quote``): this migration renames them ``sources_source`` and
``sources_quote`` and tells Django's model state that the models now belong
to ``sources``. ``measures`` 0003 points the measures' and events' sources at
this app and moves the content types and history entries.
"""

import django.db.models.deletion
from django.db import migrations, models


def rename(old_prefix, new_prefix):
    """Rename the two tables (foreign keys follow); the models' state moves separately."""

    def run(apps, schema_editor):
        for name in ("source", "quote"):
            # The state either side of this step still has the model in measures.
            model = apps.get_model("measures", name)
            schema_editor.alter_db_table(model, old_prefix + name, new_prefix + name)

    return run


class Migration(migrations.Migration):

    initial = True

    # The one migration that runs back up to measures: the tables it takes over
    # were created there, on every database made before the move.
    dependencies = [
        ("measures", "0002_editors_group"),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text='A stable key: publisher, date and subject.', max_length=120, unique=True)),
                ('publisher', models.CharField(max_length=200)),
                ('author', models.CharField(blank=True, max_length=200)),
                ('title', models.CharField(help_text='The title, or a description if untitled.', max_length=300)),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='published')),
                ('published_on_precision', models.CharField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='day', help_text='How much of the date is known: the year, the month, or the exact day. For a year or a month, enter its first day (2019-01-01 for “2019”).', max_length=5, verbose_name='published precision')),
                ('url', models.URLField(blank=True, help_text='Leave empty unless the address is known.', max_length=500, verbose_name='URL')),
                ('excerpt', models.TextField(blank=True, help_text='A passage worth keeping with the source.')),
            ],
            options={
                'ordering': ['-published_on', 'publisher', 'title'],
                'constraints': [models.CheckConstraint(condition=models.Q(('published_on_precision__in', ['year', 'month', 'day'])), name='source_published_on_precision_valid', violation_error_message='The precision of published on must be year, month or day.'), models.CheckConstraint(condition=models.Q(('published_on__isnull', True), ('published_on_precision', 'day'), models.Q(('published_on__endswith', '-01'), ('published_on_precision', 'month')), models.Q(('published_on__endswith', '-01-01'), ('published_on_precision', 'year')), _connector='OR'), name='source_published_on_aligned_to_precision', violation_error_message='A published on known only to the month or the year must be entered as its first day.')],
            },
        ),
        migrations.CreateModel(
            name='Quote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, help_text='Order within the source.')),
                ('speaker', models.CharField(max_length=200)),
                ('speaker_role', models.CharField(blank=True, max_length=200)),
                ('text', models.TextField()),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quotes', to='sources.source')),
            ],
            options={
                'ordering': ['source', 'position'],
                'constraints': [models.UniqueConstraint(fields=('source', 'position'), name='quote_unique_position')],
            },
        ),
    ]

    operations = [
        migrations.RunPython(rename("measures_", "sources_"), rename("sources_", "measures_")),
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
