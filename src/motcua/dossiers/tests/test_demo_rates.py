"""The demo province lands on the figures the seeds publish for Cà Mau (issue #6): online
submission 80.8%, electronic results (4.1) 68.9%, digitisation (4.2) 66.8%, each within 3
points, as the scorecard computes them from what ``motcua demo`` makes."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.dossiers.demo import DEMO_HISTORY_PROVINCE, demo_data_ensure
from motcua.indicators import selectors
from motcua.indicators.periods import Period
from motcua.org.models import AdministrativeUnit
from motcua.org.services import province_provision
from motcua.results.models import Result, StoredDocument

pytestmark = pytest.mark.django_db

CA_MAU = {"online": 80.8, "4.1": 68.9, "4.2": 66.8}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"


def _percent(pair: tuple[int, int]) -> float:
    numerator, denominator = pair
    return 100 * numerator / denominator


def test_demo_province_rates_match_ca_mau():
    province_provision(DEMO_HISTORY_PROVINCE)
    made = demo_data_ensure(1500, seed=2025, signed=5)
    assert made["dossiers"] > 1400 and made["signed"] == 5 and made["paper"] > 0

    province = AdministrativeUnit.objects.get(code=DEMO_HISTORY_PROVINCE)
    today = timezone.localdate()
    year = Period(start=today - dt.timedelta(days=366), end=today, as_of=today)
    (card,) = selectors.scorecards(units=[province], period=year)
    rates = {
        "online": 100 * card.online_share,
        "4.1": _percent(card.counts["4.1"]),
        "4.2": _percent(card.counts["4.2"]),
    }
    for key, target in CA_MAU.items():
        assert abs(rates[key] - target) <= 3, (key, rates)

    # Real rows and files: every filed paper has its PDF; electronic results are in the
    # holders' data stores, the most recent signed, paper ones without a file.
    filed = DossierComponent.objects.exclude(how=How.SHOWN_ONLY)
    assert filed.exists()
    for row in filed.order_by("?")[:20]:
        assert row.file.read(5) == b"%PDF-"
    electronic = Result.objects.filter(electronic=True)
    assert electronic.filter(signed=True).count() == 5
    assert StoredDocument.objects.filter(result__in=electronic).count() == electronic.count()
    assert not Result.objects.filter(electronic=False).exclude(file="").exists()
