from django.db import migrations

AREAS = ["trends", "border", "crisis", "development", "labour", "asylum", "diaspora",
         "irregular", "return", "other"]
STAGES = ["needs", "processing", "decision", "implementation", "follow-up", "reformulation"]


def seed(apps, schema_editor):
    Area = apps.get_model("dossier", "Area")
    PolicyStage = apps.get_model("dossier", "PolicyStage")
    for position, code in enumerate(AREAS, start=1):
        Area.objects.update_or_create(code=code, defaults={"position": position})
    for position, code in enumerate(STAGES, start=1):
        PolicyStage.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("dossier", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
