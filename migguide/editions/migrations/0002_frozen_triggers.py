"""Database triggers that keep what an endorsement binds unchangeable, whatever path a
change takes: the ORM, a bulk update, the admin, a raw SQL statement. The models refuse
first with a readable error; these are the floor under them."""

from django.db import migrations

FROZEN = "('endorsed', 'published', 'superseded')"
ALLOWED_MOVES = (
    "(OLD.state = 'endorsed' AND NEW.state = 'published') "
    "OR (OLD.state = 'published' AND NEW.state = 'superseded')"
)

SQLITE = [
    f"""
    CREATE TRIGGER editions_edition_frozen_update BEFORE UPDATE ON editions_edition
    WHEN OLD.state IN {FROZEN} AND (
        NEW.country_id IS NOT OLD.country_id OR NEW.number IS NOT OLD.number
        OR json(NEW.languages) IS NOT json(OLD.languages) OR NEW.title IS NOT OLD.title
        OR json(NEW.snapshot) IS NOT json(OLD.snapshot) OR NEW.sha256 IS NOT OLD.sha256
        OR (NEW.state IS NOT OLD.state AND NOT ({ALLOWED_MOVES}))
    )
    BEGIN SELECT RAISE(ABORT, 'an endorsed edition can never change'); END
    """,
    f"""
    CREATE TRIGGER editions_edition_frozen_delete BEFORE DELETE ON editions_edition
    WHEN OLD.state IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'an endorsed or published edition is kept for good'); END
    """,
    *(
        f"""
        CREATE TRIGGER {table}_never_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} can never change'); END
        """
        for table, what in (
            ("editions_endorsement", "an endorsement"),
            ("editions_publishedfile", "a published file"),
        )
        for op in ("UPDATE", "DELETE")
    ),
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS editions_edition_frozen_update",
    "DROP TRIGGER IF EXISTS editions_edition_frozen_delete",
    *(
        f"DROP TRIGGER IF EXISTS {table}_never_{op}"
        for table in ("editions_endorsement", "editions_publishedfile")
        for op in ("update", "delete")
    ),
]

POSTGRESQL = [
    f"""
    CREATE FUNCTION editions_edition_frozen() RETURNS trigger AS $$
    BEGIN
        IF OLD.state IN {FROZEN} THEN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'an endorsed or published edition is kept for good'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF (NEW.country_id, NEW.number, NEW.languages, NEW.title, NEW.snapshot, NEW.sha256)
                   IS DISTINCT FROM
               (OLD.country_id, OLD.number, OLD.languages, OLD.title, OLD.snapshot, OLD.sha256)
               OR (NEW.state <> OLD.state AND NOT ({ALLOWED_MOVES})) THEN
                RAISE EXCEPTION 'an endorsed edition can never change'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER editions_edition_frozen BEFORE UPDATE OR DELETE ON editions_edition
    FOR EACH ROW EXECUTE FUNCTION editions_edition_frozen()
    """,
    """
    CREATE FUNCTION editions_never_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% rows can never change', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END $$ LANGUAGE plpgsql
    """,
    *(
        f"""
        CREATE TRIGGER {table}_never BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION editions_never_change()
        """
        for table in ("editions_endorsement", "editions_publishedfile")
    ),
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS editions_edition_frozen ON editions_edition",
    "DROP TRIGGER IF EXISTS editions_endorsement_never ON editions_endorsement",
    "DROP TRIGGER IF EXISTS editions_publishedfile_never ON editions_publishedfile",
    "DROP FUNCTION IF EXISTS editions_edition_frozen()",
    "DROP FUNCTION IF EXISTS editions_never_change()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"no triggers written for the {vendor} database")
        for sql in statements[vendor]:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("editions", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
