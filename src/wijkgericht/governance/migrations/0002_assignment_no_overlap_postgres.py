"""On PostgreSQL, make overlapping district assignments impossible in the database itself.

An exclusion constraint over (district, inclusive date range) holds even when two writers race past the
application's checks. SQLite has no such constraint; there `services.district_alderman_assign` (with its row lock)
and the one-open-assignment unique index carry the rule.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE governance_districtassignment
  ADD CONSTRAINT assignment_no_overlap
  EXCLUDE USING gist (district_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&);
"""
DROP = "ALTER TABLE governance_districtassignment DROP CONSTRAINT IF EXISTS assignment_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
