import json
import time

from django.core.management.base import BaseCommand

from ssehub.calls.bench import synthetic_pool
from ssehub.calls.selection import check_selection, greedy, solve


class Command(BaseCommand):
    help = "Solve a synthetic selection and print one JSON line: seconds, status, objective, violations."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=10000)
        parser.add_argument("--seats", type=int, default=300)
        parser.add_argument("--countries", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, **options):
        candidates, rules = synthetic_pool(applicants=options["applicants"], seats=options["seats"],
                                           countries=options["countries"], seed=options["seed"])
        started = time.perf_counter()
        result = solve(candidates, rules)
        seconds = time.perf_counter() - started
        baseline = greedy(candidates, rules)
        scores = {person.id: person.score for person in candidates}
        self.stdout.write(json.dumps({
            "seconds": round(seconds, 3),
            "status": result.status,
            "objective": result.objective,
            "violations": len(check_selection(candidates, rules, set(result.selected))) if result.selected else None,
            "greedy_objective": round(sum(scores[i] for i in baseline), 6),
            "greedy_violations": len(check_selection(candidates, rules, baseline)),
            "applicants": options["applicants"], "seats": options["seats"], "countries": options["countries"],
        }))
