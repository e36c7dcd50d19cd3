"""``manage.py export_ftm [PATH]``: the data as FollowTheMoney JSON lines.

See :mod:`measures.outputs.ftm`.
"""

from django.core.management.base import BaseCommand, CommandError

from measures.outputs.ftm import iter_entities, to_json_line, validate_entity


class Command(BaseCommand):
    help = (
        "Write every government, company and sanction as FollowTheMoney entities, one JSON "
        "object a line (OpenSanctions' format), to PATH or standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="File to write; standard output if omitted.")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address (https://example.org), to link each entity to its page.",
        )
        parser.add_argument(
            "--validate",
            action="store_true",
            help="Check every entity with the followthemoney library and fail on the first error.",
        )

    def handle(self, *args, path=None, base_url="", validate=False, **options):
        base_url = base_url.rstrip("/")
        if path:
            with open(path, "w", encoding="utf-8") as output:
                count = write_entities(output, base_url, validate)
            if options["verbosity"] >= 1:
                self.stderr.write(f"Wrote {count} entities to {path}.")
        else:
            write_entities(self.stdout, base_url, validate)


def write_entities(output, base_url, validate):
    count = 0
    for proxy in iter_entities(base_url=base_url):
        if validate:
            errors = validate_entity(proxy.to_dict())
            if errors:
                raise CommandError(f"{proxy.id}: {'; '.join(errors)}")
        output.write(to_json_line(proxy))
        count += 1
    return count
