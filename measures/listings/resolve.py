"""
Entity resolution: which tracked company a list entry is, without ever merging two firms.

In order of certainty:

1. an identifier the company already has (USCC, ISIN, LEI, ticker; normalised);
2. the entry's own name, normalised (case, punctuation and legal forms such as
   "Co., Ltd." or "Corporation" dropped), equal to the company's legal name,
   short name or an alias, **and** the entry's country equal to the
   company's (a list that states no country, such as the FCC's, matches only
   a name that one company alone has);
3. anything less certain (the first word of the name is a company's, as
   "Huawei Investment & Holding" is Huawei's; identifiers pointing at two
   companies; a name match whose company has another USCC or LEI) goes to the
   editors' review queue with the candidate, and nothing is linked until an
   editor decides. An entry with no match and a country becomes a new company;
   one without a country waits for review, except on a list whose entries are
   tracked because of the list (the FCC Covered List): it becomes a company
   whose country is not stated.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify

from entities.models import Alias, Company, Identifier

# Identifier schemes that name one company, and how their values are compared.
MATCH_SCHEMES = ("uscc", "isin", "lei", "ticker")
# Schemes of which a company has exactly one value: a different one means another firm.
UNIQUE_SCHEMES = ("uscc", "lei")

_LEGAL_FORMS = {
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "sa",
    "ag",
    "gmbh",
    "jsc",
    "pte",
    "the",
    "ooo",
    "ao",
    "pjsc",
    "oao",
    "zao",
}
_PUNCT = re.compile(r"[^\w\s]+")
# Words too common to say two names are related.
_WEAK_FIRST_WORDS = {
    "china",
    "chinese",
    "beijing",
    "shanghai",
    "shenzhen",
    "guangzhou",
    "hangzhou",
    "hong",
    "tianjin",
    "wuhan",
    "nanjing",
    "chengdu",
    "xian",
    "harbin",
    "zhejiang",
    "guangdong",
    "jiangsu",
    "sichuan",
    "national",
    "state",
    "international",
    "global",
    "new",
    "first",
    *[
        "shaanxi",
        "shanxi",
        "hubei",
        "hunan",
        "henan",
        "hebei",
        "anhui",
        "fujian",
        "jiangxi",
        "liaoning",
        "jilin",
    ],
    *[
        "heilongjiang",
        "yunnan",
        "guizhou",
        "gansu",
        "qinghai",
        "hainan",
        "xinjiang",
        "ningxia",
        "guangxi",
    ],
    *["chongqing", "shandong", "inner", "macau", "macao"],
}


def normalise_name(name: str) -> str:
    """Lower case, no accents, punctuation or legal forms: "HUAWEI TECHNOLOGIES CO., LTD." ->
    "huawei technologies"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    words = _PUNCT.sub(" ", text.casefold().replace("&", " and ")).split()
    while words and words[-1] in _LEGAL_FORMS:
        words.pop()
    words = [word for word in words if word not in {"co", "ltd", "the"}]
    return " ".join(words)


def first_word(normalised: str) -> str:
    word = normalised.split(" ", 1)[0] if normalised else ""
    return "" if len(word) < 3 or word in _WEAK_FIRST_WORDS else word


def normalise_identifier(scheme: str, value: str) -> str:
    value = re.sub(r"\s+", " ", value.strip().upper())
    if scheme == "ticker":
        return value.split(" ")[0]  # "002415 CN" -> "002415"
    return value.replace(" ", "").replace("-", "")


def display_name(name: str) -> str:
    """An all-capitals list name in the case a reader expects."""
    if name.isupper():
        small = {"and", "of", "the", "for", "in"}
        words = name.title().split(" ")
        name = " ".join(w.lower() if w.lower() in small and i else w for i, w in enumerate(words))
        name = re.sub(r"\bLtd\b", "Ltd", name)
    return name


def short_name_of(name: str) -> str:
    """The name without its legal form: "Huawei Investment & Holding Co., Ltd." ->
    "Huawei Investment & Holding"."""
    words = display_name(name).replace(",", " ").split()
    while len(words) > 1 and words[-1].strip(".").casefold() in _LEGAL_FORMS:
        words.pop()
    return " ".join(words).strip(" ,.")[:100] or name[:100]


@dataclass
class Decision:
    status: str  # MatchStatus value
    company_id: int | None = None
    candidate_id: int | None = None
    reason: str = ""


class Resolver:
    """Indexes of the tracked companies, loaded once per run and kept current as it adds."""

    def __init__(self):
        self.by_identifier: dict[tuple[str, str], int] = {}
        self.identifiers_of: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.by_first_word: dict[str, set[int]] = defaultdict(set)
        self.country_of: dict[int, str] = {}
        self.slugs: set[str] = set(Company.objects.values_list("slug", flat=True))
        for pk, legal, short, country in Company.objects.values_list(
            "pk", "legal_name", "short_name", "country__code"
        ):
            self.add_company(pk, country, (legal, short))
        for company_id, name in Alias.objects.values_list("company_id", "name"):
            self.add_names(company_id, (name,))
        for company_id, scheme, value in Identifier.objects.filter(
            scheme__in=MATCH_SCHEMES
        ).values_list("company_id", "scheme", "value"):
            self.add_identifier(company_id, scheme, value)

    def add_company(self, pk, country, names):
        self.country_of[pk] = country
        self.add_names(pk, names)

    def add_names(self, pk, names):
        for name in names:
            normalised = normalise_name(name)
            if normalised:
                self.by_name[normalised].add(pk)
                if word := first_word(normalised):
                    self.by_first_word[word].add(pk)

    def add_identifier(self, pk, scheme, value):
        key = (scheme, normalise_identifier(scheme, value))
        self.by_identifier.setdefault(key, pk)
        self.identifiers_of[pk][scheme].add(key[1])

    def rename(self, ids: dict[int, int]) -> None:
        """Replace placeholder company ids (of companies not yet written) with real ones."""
        if not ids:
            return
        for key, pk in list(self.by_identifier.items()):
            self.by_identifier[key] = ids.get(pk, pk)
        for old, new in ids.items():
            if old in self.identifiers_of:
                self.identifiers_of[new] = self.identifiers_of.pop(old)
            if old in self.country_of:
                self.country_of[new] = self.country_of.pop(old)
        for index in (self.by_name, self.by_first_word):
            for key, pks in index.items():
                if any(pk in ids for pk in pks):
                    index[key] = {ids.get(pk, pk) for pk in pks}

    def unique_slug(self, name: str) -> str:
        base = slugify(name)[:90].strip("-") or "company"
        slug, number = base, 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug

    def resolve(self, entry, *, without_country: bool = False) -> Decision:
        """Which company ``entry`` is (see the module docstring). ``without_country``: an
        entry of a list that states no country and whose entries are tracked because
        of the list (the FCC's) becomes a new company when nothing matches it at all."""
        ids = [
            (scheme, normalise_identifier(scheme, value))
            for scheme, value in entry.identifiers
            if scheme in MATCH_SCHEMES and value
        ]
        by_id = {self.by_identifier[key] for key in ids if key in self.by_identifier}
        if len(by_id) > 1:
            return Decision(
                "review", candidate_id=min(by_id), reason="identifiers of several companies"
            )
        if by_id:
            return Decision("identifier", company_id=by_id.pop(), reason="identifier")

        normalised = normalise_name(entry.name)
        countries = set(entry.countries)
        named = self.by_name.get(normalised, set())
        if countries:
            same = {pk for pk in named if self.country_of.get(pk) in countries}
        else:
            same = named if len(named) == 1 else set()
        if len(same) == 1:
            pk = next(iter(same))
            conflict = self._conflict(pk, ids)
            if conflict:
                return Decision("review", candidate_id=pk, reason=conflict)
            return Decision("name", company_id=pk, reason="name and country")
        if len(same) > 1:
            return Decision("review", candidate_id=min(same), reason="name of several companies")
        alias_hits = {
            pk
            for alias in entry.aliases
            for pk in self.by_name.get(normalise_name(alias), ())
            if not countries or self.country_of.get(pk) in countries
        }
        if alias_hits:
            return Decision(
                "review", candidate_id=min(alias_hits), reason="an alias of the entry names it"
            )
        word = first_word(normalised)
        related = self.by_first_word.get(word, set()) if word else set()
        if related:
            return Decision(
                "review",
                candidate_id=min(related),
                reason=f"name begins like {word!r}; may be a separate firm or an affiliate",
            )
        if named:
            return Decision("review", candidate_id=min(named), reason="same name, another country")
        if not countries and not without_country:
            return Decision("review", reason="the list states no country")
        return Decision("created", reason="no tracked company matches")

    def _conflict(self, pk, ids) -> str:
        ours = self.identifiers_of.get(pk, {})
        for scheme, value in ids:
            if scheme in UNIQUE_SCHEMES and ours.get(scheme) and value not in ours[scheme]:
                return f"the company has another {scheme.upper()}"
        return ""
