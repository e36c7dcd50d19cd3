"""The 2026 record's migrations and the official lists' ones, which were written side by side."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0005_record_reviewed_on_quotes_coverage_purposes_milestone_position'),
        ('measures', '0007_list_indexes'),
    ]

    operations = [
    ]
