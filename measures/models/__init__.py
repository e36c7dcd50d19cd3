"""
The measures app's models: the record (``record.py``: measure types, measures,
targets, relations, milestones, events) and how official list entries reach
it (``listings.py``: matches, listing acts, the entries behind targets).
"""

from .listings import EntryMatch, ListedAct, MatchStatus, TargetListing, target_delisted_on
from .record import (
    NOT_IMPOSED,
    Coverage,
    Event,
    EventKind,
    Measure,
    MeasureQuerySet,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
    MilestoneKind,
    RelationKind,
    Status,
    announcement_problem,
)
from .search import NameKind, SearchName, SearchNameWord, SearchWord
from .summary import (
    CompanyCell,
    CompanyTotal,
    CountryCell,
    CountryTotal,
    MeasureCell,
    SummaryState,
)

__all__ = [
    "NOT_IMPOSED",
    "CompanyCell",
    "CompanyTotal",
    "CountryCell",
    "CountryTotal",
    "Coverage",
    "EntryMatch",
    "Event",
    "EventKind",
    "ListedAct",
    "MatchStatus",
    "Measure",
    "MeasureCell",
    "MeasureQuerySet",
    "MeasureRelation",
    "MeasureTarget",
    "MeasureType",
    "Milestone",
    "MilestoneKind",
    "NameKind",
    "RelationKind",
    "SearchName",
    "SearchNameWord",
    "SearchWord",
    "Status",
    "SummaryState",
    "TargetListing",
    "announcement_problem",
    "target_delisted_on",
]
