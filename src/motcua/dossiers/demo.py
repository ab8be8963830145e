"""A year of realistic demo dossiers, written through the real services with backdated
times, so queues, timelines and the event log are exactly what production would hold."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from contextlib import nullcontext

from django.db.models import Q
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.core.models import User
from motcua.dossiers.bulk import session as bulk_session
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_act, dossier_submit
from motcua.eforms.constants import TOP_COMMUNE_PROCEDURES
from motcua.eforms.examples import example_data
from motcua.eforms.selectors import form_version_for
from motcua.org.constants import Level, Role
from motcua.org.models import AdministrativeUnit
from motcua.org.services import membership_grant
from motcua.workdays.selectors import calendar_get

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Anh"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Khoa", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]  # fmt: skip
# Channel mix of a province with a high online share (Cà Mau reports 80.8% online).
CHANNELS = [(Channel.ONLINE, 0.62), (Channel.COUNTER, 0.33), (Channel.POST, 0.05)]


def _robots(province: AdministrativeUnit) -> dict[str, User]:
    """Demo officers acting for every commune of the province (one per role)."""
    users = {}
    for role in (Role.CLERK, Role.SPECIALIST, Role.LEADER):
        user, _created = User.objects.get_or_create(
            username=f"demo_{role}_{province.code}",
            defaults={"full_name": f"{Role(role).label} (dữ liệu mẫu) — {province.name}"},
        )
        membership_grant(user=user, role=role, unit=province, includes_communes=True)
        users[role] = user
    return users


# Fields a commune desk receives every day, by weight (civil status and residence first).
BUSY_FIELDS = [
    ("Hộ tịch", 30), ("Chứng thực", 20), ("Đăng ký, quản lý cư trú", 15), ("Đất đai", 12),
    ("Cấp, quản lý căn cước", 8), ("Thực hiện chính sách BHXH", 5),
    ("Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng", 5),
    ("Hoạt động xây dựng", 3), ("Thành lập và hoạt động của hộ kinh doanh", 2),
]  # fmt: skip


def _procedures() -> list[tuple[Procedure, float]]:
    """Commune procedures with a known time limit, weighted by their field."""
    weights = dict(BUSY_FIELDS)
    rows = (
        Procedure.objects.filter(level_commune=True)
        .exclude(time_limit_unit="")
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=dt.date.today()))
        .exclude(time_limit_value=None)
        .select_related("field")
        .order_by("code")
    )
    chosen = [(p, weights.get(p.field.name, 0.2)) for p in rows]
    # The procedures with a form of their own are what a commune desk files most.
    top = set(TOP_COMMUNE_PROCEDURES)
    return [(p, w * 40 if p.code in top else w) for p, w in chosen]


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _office_time(rng: random.Random, day: dt.date) -> dt.datetime:
    minutes = rng.choice(
        [rng.randint(450, 690), rng.randint(780, 1010)]
    )  # 07:30–11:30, 13:00–16:50
    naive = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    return timezone.make_aware(naive)


def demo_history_create(
    province_code: str, *, count: int = 600, days: int = 365, seed: int = 2025,
    progress: Callable[[int], None] | None = None, bulk: bool = True,
) -> int:  # fmt: skip
    """File ``count`` dossiers over the last ``days`` days in a province's communes and take
    each through its lifecycle as far as its age allows. Returns how many were made.

    With ``bulk`` (the default) the services run in a bulk session (``dossiers.bulk``): the
    same code and the same rows, written with a few large inserts at the end."""
    rng = random.Random(seed)
    province = AdministrativeUnit.objects.get(code=province_code, level=Level.PROVINCE)
    communes = list(AdministrativeUnit.objects.filter(parent=province).order_by("code"))
    procedures = _procedures()
    robots = _robots(province)
    calendar = calendar_get()
    now = timezone.now()
    made = 0
    with bulk_session() if bulk else nullcontext():
        for i in range(count):
            # Older dossiers are rarer than recent ones in a live queue; spread over the year.
            age = int(days * rng.random() ** 1.3)
            day = timezone.localdate(now) - dt.timedelta(days=age)
            while not calendar.is_working_day(day):
                day -= dt.timedelta(days=1)
            start = _office_time(rng, day)
            if start >= now:
                continue
            procedure = rng.choices([p for p, _ in procedures], [w for _, w in procedures])[0]
            _one(rng, robots, rng.choice(communes), procedure, start, now)
            made += 1
            if progress and i % 100 == 0:
                progress(i)
    return made


def _one(rng, robots, commune, procedure, start, now) -> Dossier:
    clerk, specialist, leader = robots[Role.CLERK], robots[Role.SPECIALIST], robots[Role.LEADER]
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    channel = _pick(rng, CHANNELS)
    form = form_version_for(procedure)
    dossier = dossier_submit(
        procedure=procedure, channel=channel, receiving_unit=commune, actor=clerk,
        form_version=form, form_data=example_data(form, rng) if form else None,
        applicant=Applicant(name=name, id_number=f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{rng.randint(60, 99):02d}{rng.randint(0, 999999):06d}"),
        registry_used=rng.random() < 0.7, at=start,
    )  # fmt: skip
    step = _Stepper(dossier, start, now)
    if rng.random() < 0.03:
        step("refuse", clerk, reason="Hồ sơ không thuộc thẩm quyền giải quyết")
        return step.dossier
    if rng.random() < 0.05:
        step("request_supplement_at_reception", clerk, reason="Thiếu giấy tờ theo quy định")
        step("resubmit", clerk, hours=rng.randint(20, 80))
    step("receive", clerk, hours=rng.uniform(0.05, 2))
    step("start_processing", specialist, hours=rng.uniform(0.5, 6))
    if rng.random() < 0.1:
        step(
            "request_supplement",
            specialist,
            hours=rng.uniform(2, 20),
            reason="Đề nghị bổ sung bản sao",
        )
        step("supplement_received", specialist, hours=rng.uniform(24, 120))
    due = step.dossier.due_at or start + dt.timedelta(days=5)
    # About 8% finish late; the rest before the appointment.
    span = (due - step.at).total_seconds() / 3600
    late = rng.random() < 0.08
    finish_in = span + rng.uniform(2, 48) if late else max(0.5, span * rng.uniform(0.3, 0.75))
    if (now - start).days < 30 and rng.random() < 0.15:
        return step.dossier  # still on a desk: recent ones show up due or overdue in the queues
    step("submit_for_approval", specialist, hours=finish_in * 0.8)
    step("issue_result", leader, hours=finish_in * 0.2)
    step("hand_back", specialist, hours=rng.uniform(0.1, 1.5))
    # Most applicants collect on the appointment day; some come days later.
    step(
        "return_result",
        clerk,
        hours=rng.uniform(0.5, 6) if rng.random() < 0.85 else rng.uniform(24, 96),
    )
    return step.dossier


class _Stepper:
    """Advance a dossier's clock and stop quietly once the next step would be in the future."""

    def __init__(self, dossier: Dossier, start: dt.datetime, now: dt.datetime) -> None:
        self.dossier, self.at, self.now, self.done = dossier, start, now, False

    def __call__(self, name: str, actor: User, *, hours: float = 0.0, reason: str = "") -> None:
        if self.done:
            return
        at = self.at + dt.timedelta(hours=hours)
        if at >= self.now:
            self.done = True
            return
        receipt = dossier_act(
            dossier_id=self.dossier.pk, name=name, actor=actor, reason=reason, at=at
        )
        self.dossier, self.at = receipt.dossier, at


DEMO_HISTORY_PROVINCE = "51"


def demo_history_ensure(count: int) -> int:
    """Fill the demo province once: nothing is added if its demo dossiers exist already."""
    if count <= 0:
        return 0
    existing = Dossier.objects.filter(events__actor__username__startswith="demo_clerk_").distinct()
    if existing.filter(receiving_unit__parent_id=DEMO_HISTORY_PROVINCE).exists():
        return 0
    return demo_history_create(DEMO_HISTORY_PROVINCE, count=count)


def demo_results_ensure(count: int = 300) -> int:
    """Result documents for the most recent decided demo dossiers (the bulk session writes
    no files): rendered, signed with the demo certificate of the deciding People's Committee
    (a demo PKI, marked as such, is created first), filed in the holders' data stores."""
    from motcua.org.constants import AgencyKind
    from motcua.org.models import Agency
    from motcua.results.services import results_for_finished
    from motcua.signing.services import demo_pki_ensure

    committees = Agency.objects.filter(
        Q(unit_id=DEMO_HISTORY_PROVINCE) | Q(unit__parent_id=DEMO_HISTORY_PROVINCE),
        kind__in=[AgencyKind.COMMUNE_COMMITTEE, AgencyKind.PROVINCE_COMMITTEE],
    )
    leaders = User.objects.filter(username__startswith="lanhdao")
    demo_pki_ensure(agencies=committees, users=leaders)

    recent = (
        Dossier.objects.filter(receiving_unit__parent_id=DEMO_HISTORY_PROVINCE)
        .order_by("-pk")
        .values("pk")[: count * 2]
    )
    return results_for_finished(recent, limit=count)
