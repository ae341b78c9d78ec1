"""The atlas classification scheme (../shared/reference/sse_domain.md §2) and record states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ssehub.accounts.enums import WORKING_LANGUAGES


class Dimension(models.TextChoices):
    """Policy dimensions (§2.1): the OECD 2022 areas plus UN A/RES/77/281 and ILO additions.

    Stored as a bit mask (`Instrument.dimension_mask`, bit n = the n-th member below)."""

    # Append only: the position is the stored bit. Re-sorting, inserting or removing a member would
    # silently re-label every stored record (tests/atlas/test_enums.py pins the order).

    LEGAL_FRAMEWORK = "legal_framework", _("Legal framework")
    INSTITUTIONAL_FRAMEWORK = "institutional_framework", _("Institutional framework")
    FINANCE = "finance", _("Access to finance")
    FISCAL_INCENTIVES = "fiscal_incentives", _("Fiscal incentives")
    MARKET_ACCESS = "market_access", _("Access to markets and public procurement")
    SKILLS_BUSINESS_SUPPORT = "skills_business_support", _("Skills and business support")
    DATA_STATISTICS = "data_statistics", _("Data and statistics")
    IMPACT_MEASUREMENT = "impact_measurement", _("Impact measurement")
    AWARENESS_CULTURE = "awareness_culture", _("Awareness, education and research")
    SOCIAL_INNOVATION = "social_innovation", _("Social innovation")
    PARTICIPATION_DIALOGUE = "participation_dialogue", _("Participation and social dialogue")
    DECENT_WORK_INCLUSION = "decent_work_inclusion", _("Decent work and inclusion")


class InstrumentType(models.TextChoices):
    """Instrument types (§2.2)."""

    CONSTITUTIONAL_PROVISION = "constitutional_provision", _("Constitutional provision")
    LAW = "law", pgettext_lazy("instrument type", "Law")
    BILL = "bill", pgettext_lazy("instrument type", "Bill")
    DECREE = "decree", _("Decree or regulation")
    STRATEGY = "strategy", _("Strategy or plan")
    PROGRAMME = "programme", pgettext_lazy("instrument type", "Programme")
    INSTITUTION = "institution", pgettext_lazy("instrument type", "Institution")
    CERTIFICATION_SCHEME = "certification_scheme", _("Certification scheme")
    FUND = "fund", pgettext_lazy("instrument type", "Fund")

    @classmethod
    def legislation(cls) -> tuple[str, ...]:
        """Types described as schema.org Legislation."""
        return (cls.CONSTITUTIONAL_PROVISION, cls.LAW, cls.BILL, cls.DECREE)


class EntityType(models.TextChoices):
    """SSE entity types (§2.3): the ILC 2022 list plus three Asian extensions.

    Stored as a bit mask (`Instrument.entity_type_mask`, bit n = the n-th member below)."""

    # Append only: the position is the stored bit. Re-sorting, inserting or removing a member would
    # silently re-label every stored record (tests/atlas/test_enums.py pins the order).

    COOPERATIVE = "cooperative", _("Cooperative")
    MUTUAL = "mutual", _("Mutual")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    SELF_HELP_GROUP = "self_help_group", _("Self-help group")
    COMMUNITY_ENTERPRISE = "community_enterprise", _("Community enterprise")
    MICROFINANCE_INSTITUTION = "microfinance_institution", _("Microfinance institution")
    NONPROFIT_ORGANIZATION = "nonprofit_organization", _("Non-profit organisation")


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    PENDING_BILL = "pending_bill", _("Pending bill")
    LAPSED = "lapsed", _("Lapsed")
    REPEALED = "repealed", _("Repealed or annulled")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    SUBNATIONAL = "subnational", _("Subnational")


class InstitutionKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")
    COUNCIL = "council", _("Council")
    FEDERATION = "federation", _("Federation")
    NETWORK = "network", _("Network")
    RESEARCH_CENTRE = "research_centre", _("Research centre")


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("amends")
    IMPLEMENTS = "implements", _("implements")
    REPLACES = "replaces", _("replaces")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Best match")
    TITLE = "title", _("Title (A to Z)")
    NEWEST = "-year", _("Newest first")
    OLDEST = "year", _("Oldest first")
    COUNTRY = "country", _("Country")


# Languages of original titles: the working languages people may list, plus two more seen in titles.
TITLE_LANGUAGES = [*WORKING_LANGUAGES, ("ru", _("Russian")), ("hi", _("Hindi"))]
