"""Pure-Python parsers for official sanctions lists.

Each format module under ``formats`` turns one published file (or file set) into
normalised :class:`ListedRecord` objects. Nothing here imports Django models, so the
parsers can be tested and benchmarked without a database; the import command maps the
records onto models.
"""

from sources.importers.records import ListedRecord, ParseResult, Rejected, WrongFormat

__all__ = ["ListedRecord", "ParseResult", "Rejected", "WrongFormat"]
