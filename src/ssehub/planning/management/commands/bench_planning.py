import json

from django.core.management.base import BaseCommand

from ssehub.planning.bench import measure


class Command(BaseCommand):
    help = ("Build one synthetic delegation (rolled back afterwards) and print one JSON line: p95 of the ranking "
            "under each method, of a Bradley–Terry fit, and the workspace's query count.")

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=60)
        parser.add_argument("--actions", type=int, default=300)
        parser.add_argument("--criteria", type=int, default=4)
        parser.add_argument("--comparisons", type=int, default=5000)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(measure(
            members=options["members"], actions=options["actions"], criteria=options["criteria"],
            comparisons=options["comparisons"], runs=options["runs"], seed=options["seed"])))
