from ssehub.calls.organisations import normalise
from ssehub.calls.scoring import calibrate, weighted_mean


def test_weighted_mean_uses_weights():
    assert weighted_mean({"1": 5, "2": 2}, {"1": 3, "2": 1}) == 4.25


def test_calibration_makes_harsh_and_lenient_reviewers_count_alike():
    # Reviewer 1 is harsh (1-3), reviewer 2 lenient (3-5); each ranks the same way.
    reviews = [(10, 1, 1.0), (11, 1, 3.0), (12, 2, 3.0), (13, 2, 5.0)]
    scores = calibrate(reviews)
    assert scores[11]["raw"] == 3.0
    assert scores[12]["raw"] == 3.0
    assert scores[11]["z"] == 1.0
    assert scores[12]["z"] == -1.0
    assert scores[11]["calibrated"] > scores[12]["calibrated"]


def test_single_review_reviewer_gets_zero_z():
    assert calibrate([(1, 7, 4.0)])[1]["z"] == 0.0


def test_normalise_organisation_names():
    assert normalise("The Cooperative Development Authority") == normalise("cooperative  development authority.")
    assert normalise("Koperasi Bina Swadaya") == "koperasi bina swadaya"
    assert normalise("Café & Co") == "cafe and co"
