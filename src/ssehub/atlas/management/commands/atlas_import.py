"""manage.py atlas_import FILE [--dry-run]: the same checks and transaction as the import page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ssehub.atlas.exchange import ImportFileError, import_file


class Command(BaseCommand):
    help = "Import atlas instruments from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            report = import_file(name=path.name, raw=path.read_bytes(), actor=None, dry_run=options["dry_run"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"row {problem.row}, column {problem.column}: {problem.message}")
            raise CommandError(f"{len(report.problems)} problem(s); nothing was imported.")
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged} "
                          f"({verb} written)")
        for name in report.new_institutions:
            self.stdout.write(f"new institution: {name}")
