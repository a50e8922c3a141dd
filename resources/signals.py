"""Forget the cached search vocabulary when a maintainer edits it or the taxonomy it names."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from resources.models import Community, Need, SearchTerm
from resources.query import forget_vocabulary


@receiver(post_save, sender=SearchTerm)
@receiver(post_delete, sender=SearchTerm)
@receiver(post_save, sender=Need)
@receiver(post_save, sender=Community)
@receiver(m2m_changed, sender=SearchTerm.needs.through)
@receiver(m2m_changed, sender=SearchTerm.communities.through)
def _vocabulary_changed(**kwargs) -> None:
    forget_vocabulary()
