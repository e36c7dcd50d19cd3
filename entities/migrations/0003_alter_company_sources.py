"""A company's sources are now ``sources.Source`` (same table, same rows: state only)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('entities', '0002_initial'),
        ('sources', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='company',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='companies', to='sources.source'),
                ),
            ]
        ),
    ]
