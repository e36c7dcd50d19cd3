"""What an import prints: a progress bar on a terminal (rich), then a summary table."""

from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

SHOWN = 10


@contextmanager
def progress_bar(stdout, verbosity: int, tty: bool):
    """Yield ``advance(n)``: a live bar on a terminal, nothing in CI or a pipe."""
    if not tty or verbosity < 1:
        yield None
        return
    with Progress(
        TextColumn("Reading entries"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=None)
        yield lambda n: progress.advance(task, n)


def print_report(stdout, report, verbosity: int) -> None:
    if verbosity < 1:
        return
    run = report.run
    console = Console(file=stdout, width=100, force_terminal=False, highlight=False)
    prefix = "DRY RUN (nothing written): would have " if report.dry_run else ""
    if report.same_file:
        console.print(
            f"{run.list_key}: the same file as the import of "
            f"{run.same_file_as.started_at:%Y-%m-%d %H:%M} (sha256 {run.sha256[:12]}…): "
            f"{run.unchanged} entries unchanged."
        )
        return
    table = Table(title=f"{prefix}{run.list_key} file of {run.file_date}", show_header=True)
    table.add_column("Entries")
    table.add_column("Count", justify="right")
    for name, count in report.counts.items():
        table.add_row(name.replace("_", " "), str(count))
    console.print(table)
    links = report.links
    sections = [
        ("Added", report.added),
        ("Changed", report.changed),
        ("Relisted", report.relisted),
        ("Delisted", report.removed),
        ("Rejected rows", [f"line {line}: {reason}" for line, reason in report.rejected]),
    ]
    if links:
        sections += [
            ("New companies", links.new_companies),
            ("Waiting for review", links.review),
            ("Measures created", links.measures_created),
            ("Measures enriched", links.measures_enriched),
            ("Measures lifted", links.measures_lifted),
            ("Measures restored", links.measures_restored),
            (
                "No measure: the list states no listing date, and none is guessed",
                links.undated,
            ),
            (
                "No measure: the entry is on several OpenSanctions datasets or an unknown one",
                links.no_act,
            ),
        ]
    for title, items in sections:
        if not items:
            continue
        shown = items if verbosity > 1 else items[:SHOWN]
        console.print(f"{title} ({len(items)}{'+' if len(items) >= 200 else ''}):")
        for item in shown:
            console.print(f"  {item}", markup=False)
        if len(shown) < len(items):
            console.print(f"  … and {len(items) - len(shown)} more (-v 2 lists them)")
