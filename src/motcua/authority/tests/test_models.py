import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.authority.models import DecentralisedTask
from motcua.authority.tests.factories import task


@pytest.mark.django_db
def test_database_refuses_a_verified_row_without_article():
    with pytest.raises(IntegrityError), transaction.atomic():
        task(article="")


@pytest.mark.django_db
def test_database_refuses_a_row_without_source():
    with pytest.raises(IntegrityError), transaction.atomic():
        task(source="", article_verified=False)


@pytest.mark.django_db
def test_unverified_row_with_source_needs_no_article():
    t = task(instrument="Nghị định 132/2025/NĐ-CP", article="", article_verified=False)
    assert t.citation == "Nghị định 132/2025/NĐ-CP"


@pytest.mark.django_db
def test_database_refuses_equal_levels():
    with pytest.raises(IntegrityError), transaction.atomic():
        task(from_level="province", to_level="province")


def test_clean_names_the_missing_fields():
    t = DecentralisedTask(
        code="X",
        name="n",
        field_name="f",
        from_level="central",
        to_level="province",
        article_verified=True,
        source="",
    )
    with pytest.raises(ValidationError) as exc:
        t.clean()
    assert set(exc.value.message_dict) == {"source", "instrument", "article"}


def test_citation_joins_instrument_and_article():
    t = DecentralisedTask(instrument="Nghị định 133/2025/NĐ-CP", article="khoản 2 Điều 43")
    assert t.citation == "Nghị định 133/2025/NĐ-CP, khoản 2 Điều 43"
