"""
Company names as people write them: one normal form, and how alike two names are.

A name is reduced to its words (:func:`name_tokens`): case folded, accents and
punctuation gone, ``&`` read as "and", abbreviations spelled out (``TECH`` ->
technology, ``COMM`` -> communication, ``INTL`` -> international), plural words
made singular, and legal-form words dropped (Co., Ltd., Corporation, Group,
Inc., 股份有限公司, 有限公司...). Chinese characters are kept as one word per
run, with the legal form cut from its end; :func:`pinyin_of` spells such a
name in pinyin (pypinyin), so "Zhongxing Tongxun" finds 中兴通讯.

From the words come the forms search compares (:class:`NameForms`):
``key`` (the words in order), ``compact`` (no spaces: "Hik Vision" is
"Hikvision"), ``bag`` (the words sorted: word order does not matter) and
``anagram`` (the letters sorted: two swapped letters, "Hauwei", still meet).

:func:`score` says how alike a query and a name are, from 0 to 1, word by word
(difflib's ratio for each word, weighted by length): every word the reader
typed must be accounted for, so "Zhongxing Lu" (a street) is not ZTE's
"Zhongxing Telecommunication Equipment". :func:`trigram_similarity` is
PostgreSQL's pg_trgm similarity, written again for SQLite.

Nothing here touches the database or imports an app.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Abbreviations as lists and vendor files write them, and the word they stand for.
ABBREVIATIONS = {
    "comm": "communication",
    "comms": "communication",
    "commun": "communication",
    "telecom": "telecommunication",
    "telecomm": "telecommunication",
    "grp": "group",
    "tech": "technology",
    "techn": "technology",
    "technol": "technology",
    "intl": "international",
    "int'l": "international",
    "natl": "national",
    "elec": "electronic",
    "electr": "electronic",
    "hldg": "holding",
    "hldgs": "holding",
    "hold": "holding",
    "mfg": "manufacturing",
    "eqpt": "equipment",
    "equip": "equipment",
    "sys": "system",
    "dev": "development",
    "ind": "industry",
    "inds": "industry",
    "svc": "service",
    "svcs": "service",
    "mgmt": "management",
    "univ": "university",
    "inst": "institute",
    "acad": "academy",
    "sci": "science",
    "digi": "digital",
    "intel": "intelligence",
}

# Words that say what kind of legal person a firm is, not which firm: dropped anywhere.
LEGAL_FORMS = frozenset(
    {
        "co",
        "company",
        "companie",  # "companies" made singular
        "corp",
        "corporation",
        "cooperation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "lp",
        "llp",
        "plc",
        "pte",
        "pty",
        "sa",
        "ag",
        "gmbh",
        "bv",
        "nv",
        "srl",
        "spa",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ooo",
        "oao",
        "zao",
        "ao",
        "kk",
        "group",
        "the",
        "liability",
        "share",
        "shareholding",
        "joint",
        "stock",
    }
)
# The same, in Chinese, cut from the end of a run of characters (longest first).
CJK_LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份有限公司",
    "控股有限公司",
    "有限公司",
    "集团公司",
    "总公司",
    "集团",
    "公司",
)
CJK_LEGAL_FORMS = tuple(sorted(CJK_LEGAL_FORMS, key=len, reverse=True))
# Chinese places that begin many firms' names ("Hangzhou Hikvision"): a name is also
# known without its place.
_PLACE_WORDS = (
    "china chinese beijing shanghai shenzhen guangzhou hangzhou tianjin wuhan nanjing "
    "chengdu xian harbin zhejiang guangdong jiangsu sichuan shaanxi shanxi hubei hunan "
    "henan hebei anhui fujian jiangxi liaoning jilin heilongjiang yunnan guizhou gansu "
    "qinghai hainan xinjiang ningxia guangxi chongqing shandong dongguan suzhou ningbo "
    "xiamen qingdao dalian hefei zhuhai foshan wuxi"
)
PLACES = frozenset(_PLACE_WORDS.split())
CJK_PLACES = (
    "北京",
    "上海",
    "深圳",
    "广州",
    "杭州",
    "天津",
    "武汉",
    "南京",
    "成都",
    "浙江",
    "江苏",
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+")
_CJK_SPLIT = re.compile(f"({_CJK.pattern})")


def _is_cjk(word: str) -> bool:
    return bool(_CJK.fullmatch(word))


def fold(text: str) -> str:
    """Case folded, compatibility forms unified (full-width letters), accents removed."""
    if text.isascii():  # nothing to decompose or strip: the common case, made quick
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # technologies -> technology
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _cjk_core(run: str) -> str:
    changed = True
    while changed and run:
        changed = False
        for form in CJK_LEGAL_FORMS:
            if run.endswith(form) and len(run) > len(form):
                run, changed = run[: -len(form)], True
                break
    return run


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The words that identify a firm in ``name``; see the module docstring."""
    text = fold(name).replace("&", " and ").replace("'", "")
    words = []
    for raw in _WORD.findall(text):
        # Chinese runs inside Latin text are words of their own (an ASCII word has none).
        for part in (raw,) if raw.isascii() else _CJK_SPLIT.split(raw):
            if not part:
                continue
            if not part.isascii() and _is_cjk(part):
                core = _cjk_core(part)
                if core:
                    words.append(core)
                continue
            word = ABBREVIATIONS.get(part, part)
            word = _singular(word)
            if word not in LEGAL_FORMS:
                words.append(word)
    if not words:  # a name made only of legal-form words is still a name
        words = list(_WORD.findall(text))
    return tuple(words)


@dataclass(frozen=True)
class NameForms:
    """The forms of one name that search compares (see the module docstring)."""

    key: str
    compact: str
    bag: str

    @property
    def anagram(self) -> str:
        """The letters sorted: "hauwei" and "huawei" (letters swapped) are the same."""
        return "".join(sorted(self.compact))

    @classmethod
    def of(cls, name: str) -> NameForms:
        return cls.of_tokens(name_tokens(name))

    @classmethod
    def of_tokens(cls, tokens) -> NameForms:
        tokens = tuple(tokens)
        return cls(" ".join(tokens), "".join(tokens), " ".join(sorted(tokens)))

    def __bool__(self):
        return bool(self.key)


def without_place(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words without a leading Chinese place ("hangzhou hikvision" -> "hikvision")."""
    if len(tokens) > 1 and tokens[0] in PLACES:
        return tokens[1:]
    if len(tokens) == 1 and _is_cjk(tokens[0]):
        for place in CJK_PLACES:
            if tokens[0].startswith(place) and len(tokens[0]) > len(place) + 1:
                return (tokens[0][len(place) :],)
    return None


def has_cjk(text: str) -> bool:
    # ASCII text, most names on the lists, has no Chinese to look for.
    return bool(text) and not text.isascii() and bool(_CJK.search(text))


def pinyin_of(name: str) -> str:
    """The Chinese part of ``name`` (legal form cut) in pinyin syllables, or ""."""
    runs = [_cjk_core(run) for run in _CJK.findall(name or "")]
    runs = [run for run in runs if run]
    if not runs:
        return ""
    from pypinyin import lazy_pinyin

    return " ".join(" ".join(lazy_pinyin(run)) for run in runs)


_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def identifier_key(value: str) -> str:
    """An identifier with spaces, dashes and dots gone, case folded: "cne 1000-00pm8"."""
    return _NOT_ALPHANUMERIC.sub("", fold(value))


# --- how alike -------------------------------------------------------------------------

# A word counts as the same word from this ratio up (a typo or two in a long word).
WORD_MATCH = 0.75
# Shortest word that may match the start of a longer one ("hikv" of "hikvision").
MIN_PREFIX = 3
# A typed word that matches no word of the name multiplies the score by this.
MISSED_WORD = 0.8


@lru_cache(maxsize=262144)
def word_similarity(typed: str, word: str) -> float:
    """How alike two words are (0..1): 1 if equal, 0.9 for a typed prefix, else difflib."""
    if typed == word:
        return 1.0
    if len(typed) >= MIN_PREFIX and word.startswith(typed):
        return 0.9
    if abs(len(typed) - len(word)) > max(len(typed), len(word)) / 2:
        return 0.0
    ratio = difflib.SequenceMatcher(None, typed, word).ratio()
    return ratio if ratio >= WORD_MATCH else 0.0


def score(query: tuple[str, ...], name: tuple[str, ...]) -> float:
    """
    How well the words typed (``query``) name ``name`` (0..1).

    Each typed word is paired with its most alike word of the name (each word
    of the name used once). The typed words' coverage (their lengths weighted
    by how alike) counts most and is squared, and a typed word that matches
    nothing costs a fifth more; the share of the name covered counts a little.
    """
    if not query or not name:
        return 0.0
    if query == name:
        return 1.0
    free = list(name)
    covered_query = covered_name = 0.0
    missed = False
    for typed in sorted(query, key=len, reverse=True):
        best, best_index = 0.0, -1
        for index, word in enumerate(free):
            alike = word_similarity(typed, word)
            if alike > best:
                best, best_index = alike, index
        if best_index >= 0:
            covered_query += best * len(typed)
            covered_name += best * len(free[best_index])
            free.pop(best_index)
        else:
            missed = True
    query_share = covered_query / sum(len(w) for w in query)
    name_share = covered_name / sum(len(w) for w in name)
    alike = query_share**2 * (0.75 + 0.25 * name_share)
    return round(alike * (MISSED_WORD if missed else 1.0), 4)


def _trigrams(text: str) -> set[str]:
    grams = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str | None, b: str | None) -> float:
    """pg_trgm's ``similarity(a, b)``: shared trigrams over all trigrams of the two."""
    if not a or not b:
        return 0.0
    ga, gb = _trigrams(a), _trigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def trigram_word_similarity(a: str | None, b: str | None) -> float:
    """Near pg_trgm's ``word_similarity(a, b)``: the share of ``a``'s trigrams found in one run
    of ``b``'s words (pg_trgm looks at runs of trigrams; here, runs of whole words)."""
    if not a or not b:
        return 0.0
    ga = _trigrams(a)
    if not ga:
        return 0.0
    words = _WORD.findall(b.lower())
    size = max(1, len(_WORD.findall(a.lower())))
    best = 0.0
    for start in range(len(words)):
        gb = _trigrams(" ".join(words[start : start + size]))
        best = max(best, len(ga & gb) / len(ga))
    return best


# --- showing what matched --------------------------------------------------------------


def highlight_spans(text: str, query_tokens: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, matched)`` pieces: the words alike a typed word are marked.

    The pieces are plain text; templates escape them (never mark them safe).
    """
    if not text:
        return []
    pieces, last = [], 0
    for match in re.finditer(r"[^\W_]+", text):
        word = match.group()
        tokens = name_tokens(word) or (fold(word),)
        hit = any(
            word_similarity(typed, token) > 0 or (_is_cjk(token) and typed in token)
            for token in tokens
            for typed in query_tokens
        )
        if hit:
            if match.start() > last:
                pieces.append((text[last : match.start()], False))
            pieces.append((word, True))
            last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    # Join neighbouring pieces of the same kind.
    joined: list[tuple[str, bool]] = []
    for piece, hit in pieces:
        if joined and joined[-1][1] == hit:
            joined[-1] = (joined[-1][0] + piece, hit)
        else:
            joined.append((piece, hit))
    return joined
