"""Results are unique by assignment, date, kind and folded title, enforced by the database."""

from django.db import migrations, models

from cchc.core.text import fold


def fill_title_keys(apps, schema_editor):
    """Key every stored result; duplicates stored before the constraint are kept, each with a distinct key."""
    LoggedResult = apps.get_model("execution", "LoggedResult")
    seen = set()
    changed = []
    for result in LoggedResult.objects.order_by("pk").only("pk", "assignment_id", "date", "kind", "title").iterator():
        key = fold(result.title or "")
        if (result.assignment_id, result.date, result.kind, key) in seen:
            key = f"{key} #{result.pk}"
        seen.add((result.assignment_id, result.date, result.kind, key))
        result.title_key = key
        changed.append(result)
        if len(changed) >= 2000:
            LoggedResult.objects.bulk_update(changed, ["title_key"])
            changed = []
    LoggedResult.objects.bulk_update(changed, ["title_key"])


class Migration(migrations.Migration):
    dependencies = [("execution", "0002_occurrence_unit_pillar_and_covering_indexes")]

    operations = [
        migrations.AddField(
            model_name="loggedresult",
            name="title_key",
            field=models.CharField(default="", editable=False, max_length=600),
            preserve_default=False,
        ),
        migrations.RunPython(fill_title_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="loggedresult",
            constraint=models.UniqueConstraint(
                fields=("assignment", "date", "kind", "title_key"), name="one_result_per_assignment_day_kind_title"
            ),
        ),
    ]
