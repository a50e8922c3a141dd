"""Imports that run outside a request: an upload in admin becomes a PENDING ImportBatch.

``run_batch`` claims a pending batch atomically (so a background thread and
``manage.py run_pending_imports`` never run the same one), reads the saved upload, imports it and
removes the file. Live progress goes to the cache (``batch_progress``) because the listings are
written in one transaction that other connections cannot see into; the phase and the final
counts are saved on the batch row.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.utils import timezone

from metoo_site.pagecache import safely
from resources.hsds.load import import_package
from resources.hsds.read import PackageError, read_package
from resources.models import ImportBatch

logger = logging.getLogger(__name__)


def progress_key(batch_id: int) -> str:
    return f"hsds-import-progress:{batch_id}"


def batch_progress(batch: ImportBatch) -> tuple[int, int]:
    """(done, total) of a running batch, else what the row says."""
    running = batch.status == ImportBatch.Status.RUNNING
    found = safely(lambda: cache.get(progress_key(batch.pk))) if running else None
    return tuple(found) if found else (batch.progress_done, batch.progress_total)


def run_batch(batch_id: int) -> ImportBatch | None:
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PENDING).update(
        status=ImportBatch.Status.RUNNING, started_at=timezone.now(), progress_phase="reading"
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.get(pk=batch_id)
    path = Path(batch.upload_path)
    try:
        package = read_package(
            path, max_files=settings.HSDS_UPLOAD_MAX_FILES, max_unpacked=settings.HSDS_UPLOAD_MAX_MB * 4_000_000
        )
        total = len(package.table("services"))
        ImportBatch.objects.filter(pk=batch_id).update(progress_phase="writing", progress_total=total)
        batch.progress_total = total

        def progress(done: int, total: int) -> None:
            safely(lambda: cache.set(progress_key(batch_id), (done, total), timeout=3600))

        import_package(package=package, batch=batch, progress=progress)
    except PackageError as error:
        batch.status, batch.error = ImportBatch.Status.FAILED, f"Nothing imported: {error}"
    except Exception as error:  # recorded on the batch: the page says what went wrong
        logger.exception("HSDS import %s failed", batch_id)
        batch.status, batch.error = ImportBatch.Status.FAILED, f"Nothing imported: {type(error).__name__}: {error}"
    finally:
        path.unlink(missing_ok=True)
        safely(lambda: cache.delete(progress_key(batch_id)))
    batch.finished_at = batch.finished_at or timezone.now()
    batch.upload_path = ""
    batch.progress_phase = ""
    batch.save()
    return batch


STALE_AFTER = timedelta(hours=6)


def run_pending() -> list[ImportBatch]:
    """Run every waiting batch; one left "running" for hours by a process that died is run again
    (its transaction never committed, so nothing of it was written)."""
    ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING, started_at__lt=timezone.now() - STALE_AFTER).exclude(
        upload_path=""
    ).update(status=ImportBatch.Status.PENDING)
    done = []
    for batch_id in (
        ImportBatch.objects.filter(status=ImportBatch.Status.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)
    ):
        batch = run_batch(batch_id)
        if batch is not None:
            done.append(batch)
    return done


def start_in_background(batch_id: int) -> None:
    """A daemon thread of the web process; if the process stops, run_pending_imports picks the batch up."""

    def work() -> None:
        try:
            run_batch(batch_id)
        finally:
            close_old_connections()

    threading.Thread(target=work, name=f"hsds-import-{batch_id}", daemon=True).start()
