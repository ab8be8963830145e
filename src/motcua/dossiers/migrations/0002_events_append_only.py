"""On PostgreSQL the application cannot UPDATE or DELETE dossier events.

TRUNCATE bypasses row triggers and needs table ownership: in production run the application
as a role that does not own the tables (docs/architecture.md).
"""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION dossiers_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dossier events are append-only (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS dossiers_event_no_change ON dossiers_dossierevent;
CREATE TRIGGER dossiers_event_no_change BEFORE UPDATE OR DELETE ON dossiers_dossierevent
    FOR EACH ROW EXECUTE FUNCTION dossiers_event_append_only();
"""
ALLOW = """
DROP TRIGGER IF EXISTS dossiers_event_no_change ON dossiers_dossierevent;
DROP TRIGGER IF EXISTS dossiers_event_no_truncate ON dossiers_dossierevent;
DROP FUNCTION IF EXISTS dossiers_event_append_only();
"""


def forbid(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID)


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(forbid, allow)]
