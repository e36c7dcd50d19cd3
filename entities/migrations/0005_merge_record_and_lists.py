"""The 2026 record's migrations and the official lists' ones, which were written side by side."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('entities', '0004_identifier_uscc'),
        ('entities', '0004_record_company_reviewed_on_quotes'),
    ]

    operations = [
    ]
