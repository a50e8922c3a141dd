"""The table that rate limits and the staff sign-in lock-out count in, shared by every worker.

Only ``metoo_site/counters.py`` reads and writes it, with one atomic statement per count (an
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on SQLite and PostgreSQL alike), so that every
gunicorn worker and every app server sees the same numbers without another service. It names the
table rather than importing this model, so that the project package imports no app.

A key is a scope and a salted hash (``rl:story-share:<32 hex>``): never an address, a name or
anything else that says who was counted. A row lives as long as its window and is then deleted.
"""

from django.db import models


class Counter(models.Model):
    key = models.CharField(primary_key=True, max_length=120)
    count = models.PositiveIntegerField(default=0)
    # Unix time (seconds) at which the window ends; the row is pruned after it.
    expires = models.BigIntegerField()

    class Meta:
        db_table = "limits_counter"
        # Pruning deletes expired windows: DELETE ... WHERE expires <= now.
        indexes = [models.Index(fields=["expires"], name="limits_counter_expires_idx")]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
