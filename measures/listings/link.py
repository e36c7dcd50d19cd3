"""
From list entries to tracked companies and measures (step 5 of an import run).

Only the entries a run touched (new, changed, relisted, delisted) are read,
so re-importing an unchanged file costs nothing here. For each entry in
scope (:mod:`.rules`): find or create its company (:mod:`.resolve`; never a
merge, uncertain cases wait in the review queue), then group the listed
ones into acts (same government, list type, listing date and citation): an
act is one measure with many targets, each target pointing at its entries.
An act that matches a measure editors wrote (same government, type and
date, a shared target) enriches it. Delisted entries end their targets;
a measure whose targets are all delisted is lifted, and restored if one
comes back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

import reversion
from django.db.models import Count, Max, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify

from core import history
from core.bulk import id_chunks, insert_rows
from core.partial_dates import Precision
from entities.models import Alias, Authority, Company, Government, Identifier, IdentifierScheme
from sources.models import ListEntry, Source, federal_register_url

from ..models import (
    EntryMatch,
    ListedAct,
    MatchStatus,
    Measure,
    MeasureTarget,
    MeasureType,
    Status,
    TargetListing,
)
from ..search import index as search_index
from . import rules
from .resolve import Resolver, display_name, normalise_identifier, normalise_name, short_name_of

CHUNK = 2000
_LINK_FIELDS = (
    "pk",
    "list_key",
    "entry_id",
    "source_list",
    "kind",
    "name",
    "aliases",
    "countries",
    "identifiers",
    "listed_on",
    "listed_on_precision",
    "federal_register",
    "license_requirement",
    "license_policy",
    "source_url",
    "parent_name",
    "delisted_on",
)


class ScopeFacts(NamedTuple):
    """What :func:`rules.in_scope` reads of an entry."""

    pk: int
    list_key: str
    kind: str
    name: str
    countries: list


@dataclass
class LinkReport:
    companies_created: int = 0
    companies_matched: int = 0
    sent_to_review: int = 0
    measures_created: list[str] = field(default_factory=list)
    measures_enriched: list[str] = field(default_factory=list)
    measures_lifted: list[str] = field(default_factory=list)
    measures_restored: list[str] = field(default_factory=list)
    new_companies: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    # Tracked entries that make no measure, and why (names, as the list writes them).
    undated: list[str] = field(default_factory=list)
    no_act: list[str] = field(default_factory=list)


def link_entries(
    fmt,
    run,
    touched: set[int],
    status_changed: set[int],
    *,
    judged: Collection[int] = frozenset(),
    judged_in_scope: Collection[int] = frozenset(),
) -> LinkReport:
    """Link the ``touched`` entries. ``judged``: those of them whose scope the caller
    knows already (entries it has just written), ``judged_in_scope`` the ones in scope."""
    report = LinkReport()
    if not touched:
        return report
    scope = rules.scope()
    # Which entries are in scope is read from four columns; only those are loaded whole.
    wanted = [pk for pk in judged_in_scope if pk in touched]
    for entries in id_chunks(ListEntry.objects.order_by(), touched.difference(judged), CHUNK):
        rows = entries.values_list(*ScopeFacts._fields)
        wanted += [row[0] for row in rows if rules.in_scope(ScopeFacts(*row), scope)]
    wanted.sort()
    in_scope: list[ListEntry] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        in_scope += ListEntry.objects.filter(pk__in=chunk).only(*_LINK_FIELDS).order_by("pk")
    linker = _Linker(fmt, run, report, scope)
    linker.companies(in_scope)
    linker.acts([entry for entry in in_scope if entry.delisted_on is None])
    linker.delistings(sorted(status_changed))
    return report


class _Linker:
    def __init__(self, fmt, run, report, scope):
        self.fmt, self.run, self.report, self.scope = fmt, run, report, scope
        self._resolver = None
        self.company_of: dict[int, int] = {}  # entry pk -> company pk
        self.governments = {g.code: g for g in Government.objects.all()}
        self.taken_ids = None
        # Written in bulk by _write_companies: new companies (placeholder id -(i + 1)),
        # and (company id, ...) rows of aliases and identifiers.
        self.pending: list[Company] = []
        self.new_aliases: list[tuple[int, str]] = []
        self.new_identifiers: list[tuple[int, str, str, str]] = []

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver()
        return self._resolver

    # Companies

    def companies(self, entries: list[ListEntry]) -> None:
        """Find or create each entry's company, in bulk: the resolver works on in-memory
        indexes, new companies get a placeholder id until they are written together,
        and the decisions, aliases and identifiers are written with one INSERT per batch.
        """
        matches = {}
        for start in range(0, len(entries), CHUNK):
            chunk = [entry.pk for entry in entries[start : start + CHUNK]]
            matches.update({m.entry_id: m for m in EntryMatch.objects.filter(entry_id__in=chunk)})
        now = timezone.now()
        decisions = []
        for entry in entries:
            match = matches.get(entry.pk)
            if match is not None:
                if match.company_id:
                    self.company_of[entry.pk] = match.company_id
                    self._enrich(match.company_id, entry)
                continue
            decision = self.resolver.resolve(
                entry, without_country=entry.list_key in self.scope["technology_lists"]
            )
            if decision.status == MatchStatus.CREATED:
                decision.company_id = self._create_company(entry)
                self.report.companies_created += 1
            elif decision.status == MatchStatus.REVIEW:
                self.report.sent_to_review += 1
                self.report.review.append(f"{entry.name}: {decision.reason}")
            else:
                self.report.companies_matched += 1
                self._enrich(decision.company_id, entry)
            decisions.append((entry, decision))
            if decision.company_id:
                self.company_of[entry.pk] = decision.company_id
        real = self._write_companies()
        for entry_pk, company_id in self.company_of.items():
            self.company_of[entry_pk] = real.get(company_id, company_id)
        insert_rows(
            EntryMatch,
            ("entry", "company", "candidate", "status", "reason", "decided_at"),
            (
                (
                    entry.pk,
                    real.get(d.company_id, d.company_id),
                    real.get(d.candidate_id, d.candidate_id),
                    d.status,
                    d.reason[:500],
                    now if d.company_id else None,
                )
                for entry, d in decisions
            ),
        )
        self._parents(entries)

    def government(self, code: str) -> Government:
        if code not in self.governments:
            name = rules.GOVERNMENTS.get(code)
            if not name:
                try:
                    from rigour.territories import get_territory

                    territory = get_territory(code.lower())
                    name = territory.name if territory else code
                except Exception:  # noqa: BLE001 (any lookup failure: the code will do)
                    name = code
            self.governments[code], _ = Government.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "slug": slugify(name) or code.lower(),
                    "kind": rules.GOVERNMENT_KINDS.get(code, Government.Kind.STATE),
                },
            )
        return self.governments[code]

    def _create_company(self, entry) -> int:
        """A new company from ``entry``, written later with the others (see
        :meth:`_write_companies`); returns its placeholder id (negative)."""
        legal = display_name(entry.name)[:200]
        short = short_name_of(entry.name)
        # A list may state no country (the FCC's): the company's stays empty, not guessed.
        code = rules.tracked_country(entry)
        country = self.government(code) if code else None
        placeholder = -(len(self.pending) + 1)
        company = Company(
            legal_name=legal,
            short_name=short,
            slug=self.resolver.unique_slug(short),
            country=country,
            description=f"Tracked because it is on the {rules_list_name(entry)}.",
        )
        names = {legal.casefold(), short.casefold()}
        for alias in entry.aliases:
            if alias.casefold() not in names and len(alias) <= 200:
                names.add(alias.casefold())
                self.new_aliases.append((placeholder, alias))
        self.pending.append(company)
        self.resolver.add_company(placeholder, code or None, (legal, short))
        self._enrich(placeholder, entry)
        self.report.new_companies.append(short)
        return placeholder

    def _enrich(self, company_id: int, entry) -> None:
        """Add the entry's identifiers the company lacks (editors' identifiers stay)."""
        if self.taken_ids is None:
            self.taken_ids = set(Identifier.objects.values_list("scheme", "value"))
        for scheme, value in entry.identifiers:
            if scheme not in IdentifierScheme.values or not value:
                continue
            value = normalise_identifier(scheme, value)[:64]
            if (scheme, value) in self.taken_ids:
                continue
            self.taken_ids.add((scheme, value))
            note = f"From the {rules_list_name(entry)}"
            self.new_identifiers.append((company_id, scheme, value, note))
            self.resolver.add_identifier(company_id, scheme, value)

    def _write_companies(self) -> dict[int, int]:
        """Write the companies, aliases and identifiers gathered so far, in bulk; put them
        in the run's revision and the search table. Returns placeholder -> real id."""
        real: dict[int, int] = {}
        if self.pending:
            created = Company.objects.bulk_create(self.pending, batch_size=500)
            real = {-(i + 1): company.pk for i, company in enumerate(created)}
            self.resolver.rename(real)
        insert_rows(Alias, ("company", "name"), ((real.get(c, c), n) for c, n in self.new_aliases))
        insert_rows(
            Identifier,
            ("company", "scheme", "value", "note"),
            ((real.get(c, c), *rest) for c, *rest in self.new_identifiers),
        )
        changed = {real.get(c, c) for c, *_ in self.new_identifiers}
        changed.update(real.values())
        # What the saves' signals would have done: history, search rows, the data version.
        companies = list(Company.objects.filter(pk__in=changed)) if changed else []
        for start in range(0, len(companies), CHUNK):
            # In bulk: what add_to_revision would write for each, in a few queries.
            history.add_many_to_revision(companies[start : start + CHUNK])
        search_index.reindex_companies(changed)
        self.pending, self.new_aliases, self.new_identifiers = [], [], []
        return real

    def _parents(self, entries) -> None:
        """Where a list names an entry's parent, and the parent is tracked, record the link."""
        for entry in entries:
            company_id = self.company_of.get(entry.pk)
            if not entry.parent_name or not company_id:
                continue
            parents = self.resolver.by_name.get(normalise_name(entry.parent_name), set())
            if len(parents) != 1:
                continue
            parent_id = next(iter(parents))
            if parent_id == company_id:
                continue
            company = Company.objects.get(pk=company_id)
            if company.parent_id is None:
                company.parent_id = parent_id
                company.save(update_fields=["parent"])

    # Measures

    def acts(self, entries: list[ListEntry]) -> None:
        groups: dict[tuple, list[ListEntry]] = defaultdict(list)
        for entry in entries:
            meaning = rules.meaning(entry.list_key, entry.source_list)
            if entry.pk not in self.company_of:
                continue
            if meaning is None:
                self.report.no_act.append(entry.name)
                continue
            if entry.listed_on is None:
                # OFAC's legacy files say when few entries were designated: the file's
                # date is not the act's, so such an entry stays a listing without a measure.
                self.report.undated.append(entry.name)
                continue
            key = (meaning, entry.listed_on, act_citation(entry))
            groups[key].append(entry)
        for (meaning, listed_on, citation), members in sorted(
            groups.items(), key=lambda item: (item[0][1], item[0][2])
        ):
            self._act(meaning, listed_on, citation, members)

    def _act(self, meaning, listed_on, citation, entries) -> None:
        government = self.government(meaning.government)
        measure_type, _ = MeasureType.objects.get_or_create(
            slug=meaning.type_slug, defaults={"name": meaning.type_name}
        )
        companies = {self.company_of[entry.pk] for entry in entries}
        act = (
            ListedAct.objects.select_related("measure")
            .filter(
                government=government,
                measure_type=measure_type,
                listed_on=listed_on,
                citation=citation,
            )
            .first()
        )
        if act is None:
            editorial = (
                Measure.objects.filter(
                    government=government,
                    measure_type=measure_type,
                    announced_on=listed_on,
                    measure_targets__company__in=companies,
                )
                .order_by("pk")
                .first()
            )
            source = self._source(meaning, listed_on, citation, entries[0])
            if editorial:
                act = ListedAct.objects.create(
                    measure=editorial,
                    government=government,
                    measure_type=measure_type,
                    listed_on=listed_on,
                    citation=citation,
                    source=source,
                )
                if citation and not editorial.legal_basis:
                    editorial.legal_basis = citation[:300]
                    editorial.save(update_fields=["legal_basis", "updated_at"])
                self.report.measures_enriched.append(editorial.title)
            else:
                measure = Measure.objects.create(
                    title="(imported)",
                    slug=self._slug(government, measure_type, listed_on, citation),
                    measure_type=measure_type,
                    government=government,
                    authority=self._authority(meaning.authority),
                    status=Status.IN_FORCE,
                    announced_on=listed_on,
                    announced_on_precision=entries[0].listed_on_precision or Precision.DAY,
                    summary="",
                    legal_basis=citation[:300],
                    coverage=Measure.Coverage.NAMED,
                )
                act = ListedAct.objects.create(
                    measure=measure,
                    government=government,
                    measure_type=measure_type,
                    listed_on=listed_on,
                    citation=citation,
                    source=source,
                    created_measure=True,
                    imported_legal_basis=citation[:300],
                )
                self.report.measures_created.append(measure.slug)
            if source:
                act.measure.sources.add(source)
        measure = act.measure
        # Editors may have told one act as several measures (the FCC's 12 March 2021
        # additions: Huawei and ZTE in one, the surveillance firms in another): an
        # entry whose company another such measure already targets goes behind it.
        elsewhere = {}
        for company_id, target_id in (
            MeasureTarget.objects.filter(
                measure__government=government,
                measure__measure_type=measure_type,
                measure__announced_on=listed_on,
                company__in=companies,
            )
            .exclude(measure=measure)
            .exclude(measure__listed_acts__created_measure=True)
            .order_by("-measure_id")
            .values_list("company_id", "pk")
        ):
            elsewhere[company_id] = target_id  # the earliest measure wins
        targets = dict(measure.measure_targets.values_list("company_id", "pk"))
        missing = sorted(companies - targets.keys() - elsewhere.keys())
        if missing:
            MeasureTarget.objects.bulk_create(
                MeasureTarget(measure=measure, company_id=company_id) for company_id in missing
            )
            targets = dict(measure.measure_targets.values_list("company_id", "pk"))
        own = len(targets)
        targets = {**targets, **{c: t for c, t in elsewhere.items() if c not in targets}}
        behind = set(
            TargetListing.objects.filter(target_id__in=set(targets.values())).values_list(
                "target_id", "entry_id"
            )
        )
        insert_rows(
            TargetListing,
            ("target", "entry"),
            (
                (targets[self.company_of[entry.pk]], entry.pk)
                for entry in entries
                if (targets[self.company_of[entry.pk]], entry.pk) not in behind
            ),
        )
        if missing or act.created_measure:
            # The measure's version holds its targets, each named by its company: read
            # them together, not one query per target as the version is written.
            prefetch_related_objects(
                [measure],
                Prefetch("measure_targets", MeasureTarget.objects.select_related("company")),
            )
        saved = act.created_measure and self._write_text(act, meaning, entries, own)
        if missing and not saved:
            # What the targets' saves would have done: the measure's version holds them
            # (a save of the measure above has put it, with them, in the revision).
            reversion.add_to_revision(measure)

    def _write_text(self, act, meaning, entries, count) -> bool:
        """Title, summary and legal basis as an editor would write them, unless one did.
        Returns whether the measure was saved."""
        measure = act.measure
        who = "US" if meaning.government == "US" else self.government(meaning.government).name
        if count == 1:
            only = Company.objects.get(pk=next(iter(self.company_of[e.pk] for e in entries)))
            title = f"{who} adds {only.short_name} to the {meaning.list_name}"
        else:
            title = f"{who} adds {count} {meaning.noun} to the {meaning.list_name}"
        authority = measure.authority.name if measure.authority else who
        if is_program(entries[0], act.citation):
            basis = f" under the {act.citation} program"
        else:
            basis = f" ({act.citation})" if act.citation else ""
        summary = (
            f"The {authority} added {count} {meaning.noun if count != 1 else 'party'} "
            f"tracked here to the {meaning.list_name}"
            + basis
            + f", listed on {act.listed_on:%-d %B %Y}."
        )
        first = next((e for e in entries if e.license_requirement or e.license_policy), None)
        if first and first.license_requirement:
            summary += f" Licence requirement: {first.license_requirement}"
        if first and first.license_policy:
            summary += f" Licence policy: {first.license_policy}"
        summary += f" Recorded from the {self.fmt.name}."
        changed = []
        if measure.title == act.imported_title or measure.title == "(imported)":
            if measure.title != title[:300]:
                measure.title = title[:300]
                changed.append("title")
            act.imported_title = title[:300]
        if measure.summary == act.imported_summary:
            if measure.summary != summary:
                measure.summary = summary
                changed.append("summary")
            act.imported_summary = summary
        if changed:
            measure.save(update_fields=[*changed, "updated_at"])
        act.save(update_fields=["imported_title", "imported_summary"])
        return bool(changed)

    def _slug(self, government, measure_type, listed_on, citation) -> str:
        base = slugify(f"{government.code} {measure_type.slug} {listed_on} {citation}")[:140]
        slug, number = base, 2
        while Measure.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _authority(self, slug):
        if not slug:
            return None
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None and slug in rules.AUTHORITIES:
            code, name, abbreviation = rules.AUTHORITIES[slug]
            authority = Authority.objects.create(
                government=self.government(code), name=name, abbreviation=abbreviation, slug=slug
            )
        return authority

    def _source(self, meaning, listed_on, citation, entry):
        url = federal_register_url(citation)
        if url:
            slug = slugify(f"federal-register {citation}")[:120]
            defaults = {
                "publisher": "Federal Register",
                "title": f"{citation}: additions to the {meaning.list_name}"[:300],
                "url": url,
            }
        elif entry.source_url:
            slug = slugify(f"official-list {entry.list_key} {entry.source_list}")[:120]
            defaults = {
                "publisher": self._authority(meaning.authority).name
                if meaning.authority
                else "Official list",
                "title": f"{meaning.list_name} ({self.fmt.name})"[:300],
                "url": entry.source_url,
            }
        else:
            return None
        source, _ = Source.objects.get_or_create(slug=slug, defaults=defaults)
        return source

    # Delisting and relisting

    def delistings(self, touched_ids) -> None:
        """Lift measures whose targets are all delisted; restore those the import lifted."""
        measure_ids = set()
        for start in range(0, len(touched_ids), CHUNK):
            measure_ids.update(
                TargetListing.objects.filter(
                    entry_id__in=touched_ids[start : start + CHUNK]
                ).values_list("target__measure_id", flat=True)
            )
        if not measure_ids:
            return
        # Per target: how many entries are behind it, how many still listed, the last end.
        per_target = defaultdict(list)
        ids = sorted(measure_ids)
        for start in range(0, len(ids), CHUNK):
            rows = (
                MeasureTarget.objects.filter(measure_id__in=ids[start : start + CHUNK])
                .annotate(
                    entries=Count("listings"),
                    still_listed=Count(
                        "listings", filter=Q(listings__entry__delisted_on__isnull=True)
                    ),
                    ended=Max("listings__entry__delisted_on"),
                )
                .values_list("measure_id", "entries", "still_listed", "ended")
            )
            for measure_id, entries, still_listed, ended in rows:
                gone = entries > 0 and still_listed == 0
                per_target[measure_id].append(ended if gone else None)
        measures = Measure.objects.filter(pk__in=measure_ids).prefetch_related("listed_acts")
        for measure in measures:
            ends = per_target.get(measure.pk, [])
            all_gone = bool(ends) and all(end is not None for end in ends)
            acts = list(measure.listed_acts.all())
            if all_gone and measure.status in (Status.IN_FORCE, Status.ANNOUNCED):
                lifted_on = max(max(ends), measure.announced_on)
                measure.status = Status.LIFTED
                measure.lifted_on = lifted_on
                measure.lifted_on_precision = Precision.DAY
                measure.save(
                    update_fields=["status", "lifted_on", "lifted_on_precision", "updated_at"]
                )
                ListedAct.objects.filter(pk__in=[a.pk for a in acts]).update(lifted_by_import=True)
                self.report.measures_lifted.append(measure.title)
            elif (
                not all_gone
                and measure.status == Status.LIFTED
                and any(act.lifted_by_import for act in acts)
            ):
                measure.status = Status.IN_FORCE
                measure.lifted_on = None
                measure.save(update_fields=["status", "lifted_on", "updated_at"])
                ListedAct.objects.filter(pk__in=[a.pk for a in acts]).update(lifted_by_import=False)
                self.report.measures_restored.append(measure.title)


def citation_of(entry) -> str:
    return " ".join(entry.federal_register.split())[:300]


def act_citation(entry) -> str:
    """What tells one act from another of the same list and date: the Federal Register
    notice, or, on lists that cite none (OFAC's own files, OpenSanctions), the program."""
    citation = citation_of(entry)
    if citation or entry.list_key not in rules.PROGRAM_KEYED:
        return citation
    return "; ".join(entry.programs)[:300]


def is_program(entry, citation) -> bool:
    return bool(citation) and entry.list_key in rules.PROGRAM_KEYED and not entry.federal_register


def rules_list_name(entry) -> str:
    meaning = rules.meaning(entry.list_key, entry.source_list)
    return meaning.list_name if meaning else f"{entry.list_key} list ({entry.source_list})"


__all__ = ["LinkReport", "ScopeFacts", "link_entries", "dt"]
