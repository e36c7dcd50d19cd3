"""An editor's decision on an entry in the review queue, carried through to the measures."""

import reversion
from django.utils import timezone

from entities.models import Company
from sources.importers.formats import FORMATS
from sources.models import ImportRun

from ..models import MatchStatus
from .link import LinkReport, _Linker


def decide(match, *, company=None, user=None):
    """Join ``match.entry`` to ``company`` (or a new company from the entry) and link its acts."""
    entry = match.entry
    run = ImportRun.objects.filter(pk=entry.last_run_id).first()
    fmt = FORMATS[entry.list_key]
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Review: {entry.name} ({entry.list_key}) decided by an editor")
        linker = _Linker(fmt, run, LinkReport(), None)
        from . import rules

        linker.scope = rules.scope()
        if company is None:
            if match.country_id and not entry.countries:
                entry.countries = [match.country.code]
            placeholder = linker._create_company(entry)
            company = Company.objects.get(pk=linker._write_companies()[placeholder])
        linker.company_of[entry.pk] = company.pk
        match.company = company
        match.status = MatchStatus.EDITOR
        match.decided_at = timezone.now()
        match.save()
        if entry.delisted_on is None:
            linker.acts([entry])
    return company
