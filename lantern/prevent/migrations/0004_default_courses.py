"""The courses the partnership's workforce priority names. The admin can change them."""

from django.db import migrations

COURSES = [
    (
        "Exploitation awareness",
        "Recognising and responding to child exploitation, county lines and missing.",
        24,
    ),
    ("Using the screening tool", "Completing the child exploitation screening tool and acting on it.", 24),
    (
        "Missing and return interviews",
        "Responding when a child goes missing and holding return interviews.",
        24,
    ),
    ("Appropriate language", "Describing children as victims: language that does not blame.", 36),
]


def create_courses(apps, schema_editor):
    Course = apps.get_model("prevent", "Course")
    for name, description, months in COURSES:
        Course.objects.get_or_create(
            name=name, defaults={"description": description, "refresher_months": months}
        )


def remove_courses(apps, schema_editor):
    apps.get_model("prevent", "Course").objects.filter(name__in=[c[0] for c in COURSES]).delete()


class Migration(migrations.Migration):
    dependencies = [("prevent", "0003_resources_and_learning")]

    operations = [migrations.RunPython(create_courses, remove_courses)]
