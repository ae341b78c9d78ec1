import pytest
from django.urls import reverse

from ssehub.atlas.enums import Dimension, EntityType, InstrumentType
from ssehub.atlas.models import Instrument
from ssehub.community.enums import CaseStatus
from ssehub.community.models import CaseRevision
from ssehub.community.selectors import cases_for_instruments
from ssehub.community.services import cases as services
from ssehub.core.errors import ServiceError
from tests.community.helpers import member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _case_data(**overrides):
    return {"title": "Certified social enterprises hire vulnerable workers", "country": "KR",
            "entity_type": EntityType.SOCIAL_ENTERPRISE, "dimension": Dimension.LEGAL_FRAMEWORK,
            "problem": "Long-term unemployed people found no stable work.",
            "approach": "Certification with wage subsidies for five years.",
            "results": "More than 3,000 certified social enterprises by 2021.", "lessons": "", "contact": "",
            **overrides}


def test_case_submitted_then_published_with_history_and_linked_record():
    instrument = Instrument.objects.create(title="Social Enterprise Promotion Act", country="KR",
                                           type=InstrumentType.LAW, summary="x", is_published=True)
    author = member()
    case = services.case_create(actor=author.user, data={**_case_data(), "instruments": [instrument]})
    assert case.status == CaseStatus.SUBMITTED
    assert cases_for_instruments([instrument.pk]) == {}
    with pytest.raises(ServiceError):
        services.case_publish(case=case, actor=author.user)
    services.case_publish(case=case, actor=make_user("editor"))
    assert cases_for_instruments([instrument.pk]) == {instrument.pk: [case]}
    services.case_update(case=case, actor=author.user, data={"results": "3,215 certified by 2021."},
                         expected_version=case.version + 1)
    assert list(CaseRevision.objects.filter(case=case).values_list("number", flat=True).order_by("number")) == [1, 2, 3]


def test_case_stale_edit_is_refused():
    author = member()
    case = services.case_create(actor=author.user, data=_case_data())
    services.case_update(case=case, actor=author.user, data={"lessons": "Start small."}, expected_version=case.version)
    with pytest.raises(ServiceError) as error:
        services.case_update(case=case, actor=author.user, data={"lessons": "Other."}, expected_version=case.version)
    assert error.value.is_stale


def test_unpublished_case_hidden_from_others(client):
    case = services.case_create(actor=member().user, data=_case_data())
    assert client.get(reverse("community:case", kwargs={"pk": case.pk})).status_code == 404


def test_published_case_shows_on_the_linked_instrument_page(client):
    instrument = Instrument.objects.create(title="Workers' Cooperatives Act", title_local="労働者協同組合法",
                                           country="JP", type=InstrumentType.LAW, summary="x", is_published=True)
    case = services.case_create(actor=None, data={**_case_data(title="Care cooperatives in rural towns", country="JP"),
                                                  "instruments": [instrument]})
    url = reverse("atlas:instrument_detail", kwargs={"pk": instrument.pk})
    assert "Care cooperatives in rural towns" not in client.get(url).content.decode()
    services.case_publish(case=case, actor=None)
    assert "Care cooperatives in rural towns" in client.get(url).content.decode()
