from django.core.management import call_command
from django.test import override_settings


def test_production_static_build_resolves_every_reference(tmp_path):
    # Production serves hashed, compressed files; a CSS or JS file that references a missing
    # file (an image, a source map) must fail here rather than at deployment.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("lantern/css/lantern.*.css"))
