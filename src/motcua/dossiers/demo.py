"""A year of realistic demo dossiers, written through the real services with backdated
times, so queues, timelines and the event log are exactly what production would hold."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.attachments import services as attachments
from motcua.attachments.checklist import ChecklistItem, checklist
from motcua.attachments.constants import How
from motcua.attachments.storage import sync_deferred
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
CHANNELS = [(Channel.ONLINE, 0.808), (Channel.COUNTER, 0.162), (Channel.POST, 0.03)]
# The rest of Cà Mau's figures (electronic results 68.9%, digitisation 66.8%) come from how
# the desks work: a counter desk scans the papers of most dossiers and only looks at the
# others (post is always scanned); a result is electronic for most dossiers filed online and
# a little less often for those filed on paper, whose applicants more often collect a paper
# result (the rest are paper-only). ``tests/test_demo_rates.py`` checks the three rates.
DESK_SCANS = 0.8
E_RESULT = {Channel.ONLINE: 0.71, Channel.COUNTER: 0.60, Channel.POST: 0.60}
SIGNED_RESULTS = 300  # the most recent results rendered and signed with the demo PKI


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
    papers: dict[tuple[int, str], list[ChecklistItem]] = {}
    # Files are synced once, before the bulk session commits (one transaction).
    synced = sync_deferred() if bulk else nullcontext()
    with bulk_session() if bulk else nullcontext(), _scans_unsigned(), synced:
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
            _one(rng, robots, rng.choice(communes), procedure, start, now, papers)
            made += 1
            if progress and i % 100 == 0:
                progress(i)
    return made


def _one(rng, robots, commune, procedure, start, now, papers) -> Dossier:
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
    _papers_record(rng, dossier, channel, clerk, start, papers)
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


@contextmanager
def _scans_unsigned() -> Iterator[None]:
    """Desk scans stay unsigned in the demo: signing tens of thousands of scans with the
    receiving units' certificates would take most of an hour (and the demo PKI is made
    after the history)."""
    signer, attachments.SCAN_SIGNER = attachments.SCAN_SIGNER, None
    try:
        yield
    finally:
        attachments.SCAN_SIGNER = signer


def _papers(procedure: Procedure, channel: str, cache: dict) -> list[ChecklistItem]:
    """The papers an applicant brings: the checklist's required lines (with the papers to
    show at the desk), else its unconditional documents, else its first document."""
    key = (procedure.pk, channel)
    if key not in cache:
        items = [i for i in checklist(procedure.components.all(), channel=channel)
                 if not i.is_note]  # fmt: skip
        chosen = [i for i in items if i.required or (i.shown_only and channel == Channel.COUNTER)]
        chosen = chosen or [i for i in items if not i.conditional] or items[:1]
        cache[key] = chosen
    return cache[key]


def _papers_record(rng, dossier, channel, clerk, at, cache) -> None:
    """Record the dossier's papers through ``attachments.components_record``: uploaded
    online; scanned at the desk (post is always opened and scanned), or, for the counter
    dossiers whose papers the desk did not scan, only shown."""
    items = _papers(dossier.procedure, channel, cache)
    if not items:
        return
    scans = channel != Channel.COUNTER or rng.random() < DESK_SCANS
    # A paper to show is scanned only when it is all the applicant brought.
    only_shown = all(i.shown_only for i in items)
    how = How.UPLOADED_ONLINE if channel == Channel.ONLINE else How.SCANNED_AT_DESK
    entries = []
    for item in items:
        if not scans or (item.shown_only and channel == Channel.COUNTER and not only_shown):
            entries.append(attachments.Entry(component=item.component, how=How.SHOWN_ONLY))
            continue
        data = demo_pdf([
            "Ban so hoa giay to" if how == How.SCANNED_AT_DESK else "Tep tai len",
            item.component.name[:90], f"Nguoi nop: {dossier.applicant_name}",
            f"Thu tuc {dossier.procedure.code}", "Du lieu mau (motcua demo)",
        ])  # fmt: skip
        name = f"giay-to-{item.component.position}.pdf"
        file = SimpleUploadedFile(name, data, content_type="application/pdf")
        entries.append(attachments.Entry(component=item.component, how=how, file=file))
    actor = None if channel == Channel.ONLINE else clerk
    attachments.components_record(dossier=dossier, entries=entries, actor=actor,
                                  channel=channel, at=at)  # fmt: skip


def _ascii(text: str) -> str:
    """Text for a standard PDF font (no Vietnamese glyphs): marks dropped, case kept."""
    flat = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    flat = flat.replace("đ", "d").replace("Đ", "D").encode("ascii", "replace").decode()
    return flat.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with ``lines`` in Helvetica: the demo's papers and older results,
    real files cheap enough to make by the tens of thousands."""
    text = "".join(f"({_ascii(line)}) Tj 0 -18 Td " for line in lines)
    stream = f"BT /F1 12 Tf 56 780 Td {text}ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )  # fmt: skip
    return bytes(out)


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


def demo_history_ensure(count: int, *, seed: int = 2025) -> int:
    """Fill the demo province once: nothing is added if its demo dossiers exist already."""
    if count <= 0:
        return 0
    existing = Dossier.objects.filter(events__actor__username__startswith="demo_clerk_").distinct()
    if existing.filter(receiving_unit__parent_id=DEMO_HISTORY_PROVINCE).exists():
        return 0
    return demo_history_create(DEMO_HISTORY_PROVINCE, count=count, seed=seed)


def demo_results_ensure(signed: int = SIGNED_RESULTS, *, seed: int = 2025) -> dict[str, int]:
    """Results for the decided demo dossiers that have none (the bulk session writes no
    files). Each is electronic or paper-only by its channel's share (``E_RESULT``). The
    ``signed`` most recent electronic ones are rendered from their templates and signed with
    the demo certificates of the deciding People's Committees (a demo PKI, marked as such,
    is made first) by ``results_for_finished``; the older ones carry a one-page PDF
    (``demo_pdf``) and stay unsigned (``results_bulk_issue``): rendering and signing every
    one would take far longer than the rest of the demo. Every electronic result is filed
    in its holder's data store. Returns how many of each were made."""
    from motcua.org.constants import AgencyKind
    from motcua.org.models import Agency
    from motcua.results import render
    from motcua.results.services import RESULT_STATES, results_bulk_issue, results_for_finished
    from motcua.signing.services import demo_pki_ensure

    rows = list(
        Dossier.objects.filter(
            receiving_unit__parent_id=DEMO_HISTORY_PROVINCE, state__in=RESULT_STATES,
            results__isnull=True,
        )
        .exclude(code=None)
        .order_by("pk")
        .values("pk", "channel", "code", "applicant_name", "procedure__result",
                "competent_unit__name")
    )  # fmt: skip
    electronic, paper = [], []
    for row in rows:
        rng = random.Random(seed * 1_000_003 + row["pk"])
        (electronic if rng.random() < E_RESULT.get(row["channel"], 0.6) else paper).append(row)
    split = max(0, len(electronic) - max(0, signed))
    older, recent = electronic[:split], electronic[split:]

    committees = Agency.objects.filter(
        Q(unit_id=DEMO_HISTORY_PROVINCE) | Q(unit__parent_id=DEMO_HISTORY_PROVINCE),
        kind__in=[AgencyKind.COMMUNE_COMMITTEE, AgencyKind.PROVINCE_COMMITTEE],
    )
    leaders = User.objects.filter(username__startswith="lanhdao")
    demo_pki_ensure(agencies=committees, users=leaders)
    made_signed = results_for_finished([r["pk"] for r in recent], limit=len(recent))

    def pdf(row: dict) -> bytes:
        result = row["procedure__result"]
        return demo_pdf([
            f"UBND {row['competent_unit__name']}",
            render.default_title(result, render.kind_for(result))[:90],
            f"Ho so {row['code']}", f"Nguoi nhan: {row['applicant_name']}",
            "Ban dien tu cua ket qua - du lieu mau (motcua demo)",
        ])  # fmt: skip

    made_unsigned = made_paper = 0
    with transaction.atomic(), sync_deferred():
        for i in range(0, len(older), 2000):
            made_unsigned += results_bulk_issue([(r["pk"], pdf(r)) for r in older[i : i + 2000]])
        for i in range(0, len(paper), 2000):
            made_paper += results_bulk_issue([(r["pk"], None) for r in paper[i : i + 2000]])
    return {"signed": made_signed, "unsigned": made_unsigned, "paper": made_paper}


def demo_data_ensure(
    count: int, *, seed: int = 2025, signed: int = SIGNED_RESULTS,
    say: Callable[[str], None] = lambda line: None,
) -> dict[str, int]:  # fmt: skip
    """Everything ``motcua demo`` makes in the demo province, in order: the history (with
    its papers), the results, then the indicator roll-ups rebuilt once in the database so
    the first dashboard load is instant."""
    from motcua.indicators.rollup import rebuild

    made = demo_history_ensure(count, seed=seed)
    say(f"  {made} dossiers filed and processed in Quảng Ngãi over the last year")
    results = demo_results_ensure(signed, seed=seed)
    say(
        f"  results: {results['signed']} rendered and signed, {results['unsigned']} electronic "
        f"unsigned, {results['paper']} on paper"
    )
    rebuild(sql=True)
    say("  indicator roll-ups rebuilt")
    return {"dossiers": made, **results}
