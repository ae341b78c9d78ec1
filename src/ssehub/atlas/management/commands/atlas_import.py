"""manage.py atlas_import FILE [--dry-run]: the same checks, the same write and the same messages
as the import page. Exit status 0 when the file is (or would be) imported, 1 otherwise; a progress
bar on stderr."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ssehub.atlas.exchange import import_file
from ssehub.core.errors import ServiceError

BAR = 30


class Command(BaseCommand):
    help = "Import atlas instruments from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        shown = [-1]
        interactive = self.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if options["no_progress"] or not total:
                return
            step = done * 100 // total
            # A terminal gets a bar redrawn in place; a log file a line every 10 %.
            if interactive and step != shown[0]:
                filled = BAR * done // total
                self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done:,}/{total:,} rows", ending="")
                shown[0] = step
            elif not interactive and step // 10 != shown[0]:
                self.stderr.write(f"{done:,}/{total:,} rows")
                shown[0] = step // 10

        try:
            report = import_file(name=path.name, raw=path.read_bytes(), actor=None, dry_run=options["dry_run"],
                                 progress=progress)
        except ServiceError as error:
            raise CommandError(error.message) from error
        finally:
            if interactive and shown[0] >= 0:
                self.stderr.write("")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"row {problem.row}, column {problem.column}: {problem.message}")
            raise CommandError(f"{len(report.problems)} problem(s); nothing was imported.")
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged} "
                          f"({verb} written)")
        for agency in report.new_agencies:
            closest = "; ".join(name for _pk, name in agency.suggestions)
            self.stdout.write(f"new institution: {agency.country}: {agency.name}"
                              + (f" (closest existing: {closest})" if closest else ""))
