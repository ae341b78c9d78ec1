"""A synthetic applicant pool with realistic rules, for `manage.py bench_selection` and the tests."""

import random
import string

from ssehub.calls.selection import PIN_IN, PIN_OUT, Candidate, Rules

CONSTITUENCY_WEIGHTS = {
    "government": 15, "employers": 12, "workers": 13, "sse_practitioner": 35, "researcher": 20, "other": 5,
}
GENDER_WEIGHTS = {"woman": 50, "man": 47, "non_binary": 2, "prefer_not_to_say": 1}


def synthetic_pool(*, applicants: int, seats: int, countries: int, seed: int = 2021):
    """Return (candidates, rules): uneven country sizes, tripartite minimums, gender and organisation caps."""
    rng = random.Random(seed)
    codes = [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase][:countries]
    country_weights = [rng.uniform(0.5, 2.0) for _ in codes]
    constituencies, c_weights = zip(*CONSTITUENCY_WEIGHTS.items(), strict=True)
    genders, g_weights = zip(*GENDER_WEIGHTS.items(), strict=True)
    organisations_per_country = max(5, applicants // countries // 4)
    candidates = []
    for number in range(applicants):
        country = rng.choices(codes, country_weights)[0]
        # Weighted means of 1-5 rubric scores by two or three reviewers: quarter steps around 3.2.
        score = round(min(5.0, max(1.0, rng.gauss(3.2, 0.8))) * 4) / 4
        candidates.append(Candidate(
            id=number + 1,
            score=score,
            country=country,
            constituency=rng.choices(constituencies, c_weights)[0],
            gender=rng.choices(genders, g_weights)[0],
            organisation=f"{country.lower()} organisation {rng.randrange(organisations_per_country)}",
        ))
    per_country = seats // countries
    rules = Rules(
        seats=seats,
        country_min=dict.fromkeys(codes, max(1, per_country // 2)),
        country_max=dict.fromkeys(codes, per_country + max(2, per_country // 2)),
        constituency_min={code: {"government": 1, "employers": 1, "workers": 1} for code in codes},
        women_min_share=0.5,
        women_min_share_per_country=0.4,
        max_per_organisation=2,
    )
    # A handful of pins, as organisers set them: some people in, some out.
    for index in rng.sample(range(applicants), min(10, applicants)):
        person = candidates[index]
        pin = PIN_IN if index % 2 else PIN_OUT
        candidates[index] = Candidate(**{**person.__dict__, "pin": pin})
    return candidates, rules
