"""Admin: upload an HSDS zip (checked before anything is read), review a batch, unpublish or delete it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from bench.hsds_package import write_messy_package
from resources.models import ImportBatch, ListingChange, Resource

pytestmark = pytest.mark.django_db


def zipped(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return SimpleUploadedFile("package.zip", buffer.getvalue(), content_type="application/zip")


def package_files(tmp_path: Path) -> dict[str, bytes]:
    root = write_messy_package(tmp_path / "p", services=25)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def uploads(settings, tmp_path):
    settings.HSDS_UPLOAD_DIR = tmp_path / "uploads"
    settings.HSDS_IMPORT_IN_THREAD = False
    return settings.HSDS_UPLOAD_DIR


def post(client, upload, **fields):
    data = {"package": upload, "source_name": "Harbor 211", "source_url": "https://211.example.org/", **fields}
    return client.post(reverse("admin:resources_importbatch_upload"), data)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"services.csv": b"id,name\n", "../../etc/evil.csv": b"x"}, "outside the package"),
        ({"services.csv": b"id,name\n", "inner.zip": b"PK"}, "another archive"),
        ({f"f{n}.csv": b"x" for n in range(61)}, "at most 60"),
        ({"readme.txt": b"hello"}, "no CSV or JSON"),
    ],
)
def test_unsafe_upload_is_refused_before_anything_is_read(admin_client, uploads, files, message):
    response = post(admin_client, zipped(files))
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportBatch.objects.exists() and not uploads.exists()


def test_too_large_or_not_a_zip_is_refused(admin_client, uploads, settings):
    settings.HSDS_UPLOAD_MAX_MB = 1
    big = zipped({"services.csv": b"id,name\n" + b"x" * 10, "pad.csv": bytes(1_100_000)})
    big.size = 1_100_000
    assert "larger than 1 MB" in post(admin_client, big).content.decode()
    fake = SimpleUploadedFile("package.zip", b"not a zip")
    assert "not a readable zip" in post(admin_client, fake).content.decode()
    assert not ImportBatch.objects.exists()


def test_upload_runs_outside_the_request_and_the_batch_page_shows_it(admin_client, uploads, tmp_path):
    response = post(admin_client, zipped(package_files(tmp_path)), allows_republication="on")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == ImportBatch.Status.PENDING
    assert Path(batch.upload_path).exists() and not Resource.objects.exists()
    page = admin_client.get(reverse("admin:resources_importbatch_change", args=[batch.pk])).content.decode()
    assert "<progress" in page
    call_command("run_pending_imports", stdout=io.StringIO())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and not Path(batch.upload_path or "/nonexistent").exists()
    assert batch.counts["created"] == Resource.objects.filter(import_batch=batch).count() > 0
    page = admin_client.get(reverse("admin:resources_importbatch_change", args=[batch.pk])).content.decode()
    assert "need a look" in page and "data/services.csv" in page


def test_broken_upload_fails_with_its_reason_and_changes_nothing(admin_client, uploads):
    post(admin_client, zipped({"organizations.csv": b"id,name\n1,Org\n"}))
    call_command("run_pending_imports", stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and "No services table" in batch.error
    assert not Resource.objects.exists()


def test_unpublish_then_delete_a_whole_batch(admin_client, tmp_path):
    root = write_messy_package(tmp_path / "p", services=25)
    call_command("import_hsds", str(root), "--source", "Harbor 211", "--publish", stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    assert Resource.objects.filter(import_batch=batch, status=Resource.Status.PUBLISHED).exists()
    changelist = reverse("admin:resources_importbatch_changelist")
    admin_client.post(changelist, {"action": "unpublish_batch", "_selected_action": [batch.pk]})
    assert not Resource.objects.filter(import_batch=batch, status=Resource.Status.PUBLISHED).exists()
    admin_client.post(changelist, {"action": "delete_batch", "_selected_action": [batch.pk]})
    assert not Resource.objects.exists() and not ImportBatch.objects.exists()
    assert ListingChange.objects.filter(field="deleted").exists()  # the history stays
