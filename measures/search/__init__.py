"""Search: the names table's upkeep (``index``), the engine (``engine``) and screening."""
