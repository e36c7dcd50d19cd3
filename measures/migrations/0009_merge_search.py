"""The search table's migration and the rest, which were written side by side."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0007_search_names'),
        ('measures', '0008_merge_record_and_lists'),
    ]

    operations = [
    ]
