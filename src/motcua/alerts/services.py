"""Writes: the daily digest of deadline alerts, one e-mail per unit and day."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.alerts import selectors
from motcua.alerts.models import DigestSent
from motcua.org.models import AdministrativeUnit, Membership

logger = logging.getLogger(__name__)

# Rows listed per section of a mail; the rest are counted ("and N more").
DIGEST_ROWS = 50


def digest_moment(on: dt.date | None) -> tuple[dt.date, dt.datetime]:
    """The day of a digest and the moment its lists are taken at: now for today, else the
    start of that day (a digest sent late for a past day, or prepared for a future one)."""
    today = timezone.localdate()
    day = on or today
    if day == today:
        return day, timezone.now()
    return day, timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _recipients(unit_codes: list[str]) -> dict[str, list[str]]:
    """The e-mail addresses of each unit's staff: active users with a membership of the unit
    valid today (a province's members receive the province's digest, not its communes')."""
    today = timezone.localdate()
    rows = (
        Membership.objects.filter(
            unit_id__in=unit_codes, valid_from__lte=today, user__is_active=True
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    )
    found: dict[str, set[str]] = {}
    for unit_id, email in rows:
        found.setdefault(unit_id, set()).add(email.strip())
    return {code: sorted(emails) for code, emails in found.items()}


def digest_send(*, on: dt.date | None = None) -> int:
    """Send the day's digest to every unit that holds a dossier due soon or overdue: one
    e-mail per unit to its staff, at most once per unit and day (``DigestSent``, written in
    the transaction that sends). Returns the number of e-mails sent; running it again the
    same day sends nothing. A unit without any staff e-mail address gets nothing (and is
    tried again on the next run)."""
    day, now = digest_moment(on)
    until = selectors.due_soon_until(now)
    counts = selectors.alert_counts(units=None, now=now, until=until)
    if not counts:
        return 0
    done = set(
        DigestSent.objects.filter(day=day, unit_id__in=list(counts)).values_list(
            "unit_id", flat=True
        )
    )
    recipients = _recipients([code for code in counts if code not in done])
    units = AdministrativeUnit.objects.in_bulk(list(recipients))
    sent = 0
    with get_connection() as connection:
        for code in sorted(units):
            try:
                if _send_one(
                    units[code], day=day, now=now, until=until, counts=counts[code],
                    to=recipients[code], connection=connection,
                ):  # fmt: skip
                    sent += 1
            except Exception:  # one unit's mail server error must not cost the others theirs
                logger.exception("alerts: digest for unit %s not sent; retried next run", code)
    return sent


def _send_one(
    unit: AdministrativeUnit, *, day: dt.date, now: dt.datetime, until: dt.datetime,
    counts: dict[str, int], to: list[str], connection,
) -> bool:  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: another run may have claimed the day
                DigestSent.objects.create(
                    unit=unit, day=day, sent_at=timezone.now(), recipients=len(to), **counts
                )
        except IntegrityError:
            return False
        message = digest_message(unit, day=day, now=now, until=until, counts=counts, to=to)
        message.connection = connection
        # A failure to send raises and rolls back the row: the next run tries again.
        message.send()
    logger.info("alerts digest sent: unit=%s day=%s recipients=%d", unit.code, day, len(to))
    return True


def digest_message(
    unit: AdministrativeUnit, *, day: dt.date, now: dt.datetime, counts: dict[str, int],
    to: list[str], until: dt.datetime | None = None,
) -> EmailMultiAlternatives:  # fmt: skip
    """The digest of one unit, in Vietnamese, as text and HTML. It names dossiers by code,
    procedure and due time only: never the applicant or a personal ID number."""
    sections = []
    for kind in (selectors.DUE_SOON, selectors.OVERDUE):
        rows = list(
            selectors.alert_list(units=[unit.code], kind=kind, now=now, until=until)[:DIGEST_ROWS]
        )
        selectors.annotate_days(rows, now=now)
        sections.append({"kind": kind, "rows": rows, "more": max(counts[kind] - len(rows), 0)})
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "unit": unit, "day": day, "now": now, "counts": counts, "sections": sections,
            "days": selectors.due_soon_working_days(),
            "page": reverse("alerts:page") + f"?unit={unit.code}",
        }  # fmt: skip
        subject = _("[motcua] Cảnh báo hạn giải quyết hồ sơ — %(unit)s — %(day)s") % {
            "unit": unit.full_name or unit.name,
            "day": f"{day:%d/%m/%Y}",
        }
        text = render_to_string("alerts/email/digest.txt", context)
        html = render_to_string("alerts/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    message.attach_alternative(html, "text/html")
    return message
