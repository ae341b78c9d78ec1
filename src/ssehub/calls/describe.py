"""Sentences for rules, conflicts and suggested changes, in the reader's language."""

from django.utils.translation import gettext as _
from django_countries import countries

from ssehub.accounts.enums import Constituency


def _country(code: str) -> str:
    return str(countries.name(code)) or code


def _constituency(value: str) -> str:
    return str(dict(Constituency.choices).get(value, value))


def _percent(share: float) -> str:
    return f"{round(float(share) * 100, 1):g}%"


def rule_text(rule: dict, names: dict[int, str] | None = None) -> str:
    kind = rule["rule"]
    names = names or {}
    values = {
        "required": rule.get("required"),
        "country": _country(rule.get("country", "")),
        "constituency": _constituency(rule.get("constituency", "")),
        "share": _percent(rule.get("share") or 0),
        "organisation": rule.get("organisation", ""),
        "person": names.get(rule.get("candidate"), rule.get("candidate")),
    }
    texts = {
        "seats": _("exactly %(required)s seats"),
        "country_min": _("at least %(required)s from %(country)s"),
        "country_max": _("at most %(required)s from %(country)s"),
        "constituency_min": _("at least %(required)s %(constituency)s from %(country)s"),
        "women_overall": _("at least %(share)s women overall (%(required)s people)"),
        "women_country": _("at least %(share)s women in the delegation of %(country)s"),
        "org_max": _("at most %(required)s from the organisation “%(organisation)s”"),
        "pin_in": _("%(person)s pinned in"),
        "pin_out": _("%(person)s pinned out"),
    }
    return texts[kind] % values


def violation_text(violation: dict, names: dict[int, str] | None = None) -> str:
    text = rule_text(violation, names)
    if "actual" in violation and violation["rule"] == "women_country":
        return _("%(rule)s: %(actual)s of %(total)s are women") % {
            "rule": text, "actual": violation["actual"], "total": violation["of"]}
    if "actual" in violation:
        return _("%(rule)s: now %(actual)s") % {"rule": text, "actual": violation["actual"]}
    return text


def relaxation_text(relaxation: dict, names: dict[int, str] | None = None) -> str:
    kind = relaxation["rule"]
    values = {"rule": rule_text(relaxation, names), "suggested": relaxation.get("suggested"),
              "by": relaxation.get("by")}
    if kind == "women_country":
        values["suggested"] = _percent(relaxation.get("suggested_share", 0))
        return _("Relax “%(rule)s” to %(suggested)s") % values
    if kind in ("pin_in", "pin_out"):
        return _("Remove the pin: %(rule)s") % values
    if kind == "women_overall":
        return _("Relax “%(rule)s” to %(suggested)s women") % values
    return _("Change “%(rule)s” to %(suggested)s") % values


def conflict_text(conflict: dict) -> str:
    kind = conflict["conflict"]
    values = {key: value for key, value in conflict.items() if key != "conflict"}
    if "country" in values:
        values["country"] = _country(values["country"])
    if "constituency" in values:
        values["constituency"] = _constituency(values["constituency"])
    texts = {
        "pool_too_small": _("There are %(seats)s seats but only %(available)s applicants who can be chosen."),
        "too_many_pinned": _("%(pinned)s people are pinned in, more than the %(seats)s seats."),
        "country_short": _("%(country)s needs at least %(required)s, but only %(available)s applied."),
        "country_min_above_max": _("%(country)s has a minimum of %(minimum)s above its maximum of %(maximum)s."),
        "country_minimums_exceed_seats": _("The country minimums add up to %(total)s, more than the %(seats)s seats."),
        "country_maximums_below_seats": _("The country maximums allow only %(capacity)s people for %(seats)s seats."),
        "constituency_short": _("%(country)s needs at least %(required)s %(constituency)s, but only %(available)s applied."),
        "constituencies_above_max": _("%(country)s needs %(needed)s people for its constituency minimums but may send at most %(maximum)s."),
        "pinned_above_max": _("%(pinned)s people from %(country)s are pinned in, above its maximum of %(maximum)s."),
        "women_short": _("At least %(required)s women are needed, but only %(available)s women applied."),
    }
    return texts[kind] % values


def reason_text(reason: dict, names: dict[int, str], scores: dict[int, float]) -> str:
    kind = reason["reason"]
    if kind == "pinned_out":
        return _("Pinned out by the organisers.")
    if kind == "rule":
        other = reason["instead_of"]
        broken = "; ".join(rule_text(rule, names) for rule in reason["rules"]) or _("the rules as a whole")
        return _("Scores higher than %(other)s (%(score).2f), but taking this person instead would break: %(rules)s.") % {
            "other": names.get(other, other), "score": scores.get(other, 0), "rules": broken}
    if reason.get("by") is None:
        return _("No seat left.")
    other = reason["by"]
    return _("Place taken by %(other)s, who scored higher (%(score).2f).") % {
        "other": names.get(other, other), "score": scores.get(other, 0)}
