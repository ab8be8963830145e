"""A small world of dossiers walked through the real services, one step at a time.

``scenario()`` is a generator: it yields a label after every write, so a test can refresh
the roll-ups after each step; the dossiers it builds are in ``world.dossiers``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from motcua.attachments.constants import How
from motcua.attachments.services import Entry, components_record
from motcua.attachments.tests.factories import pdf_bytes, upload
from motcua.catalog.models import Procedure
from motcua.core.models import User
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import (
    COMMUNE_PROCEDURE,
    act,
    province_procedure,
    setup_hanoi,
    submit,
)
from motcua.feedback.constants import Satisfaction
from motcua.feedback.services import feedback_submit, rating_submit
from motcua.payments import simulator
from motcua.payments.constants import CallbackKind, Method, Outcome
from motcua.payments.services import (
    callback_process,
    payment_record_counter,
    payment_start_online,
)
from motcua.payments.tests.factories import set_fee
from motcua.results.services import result_issue

MONDAY_9 = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))  # a working Monday
NO_RESULT_PROCEDURE = "1.014363"  # commune, 5 working days, the catalogue names no result
CERTIFIED_COPY_PROCEDURE = "2.000815"  # "Chứng thực bản sao từ bản chính …", no time limit
AN = "001203004567"


def at(days: float = 0, hours: float = 0) -> dt.datetime:
    return MONDAY_9 + dt.timedelta(days=days, hours=hours)


@dataclass
class World:
    people: dict[str, User]
    citizen: User
    dossiers: dict[str, Dossier] = field(default_factory=dict)

    def get(self, name: str) -> Dossier:
        return Dossier.objects.get(pk=self.dossiers[name].pk)


def world() -> World:
    people = setup_hanoi()
    citizen = User.objects.create_user("congdan", password="pw", full_name="Nguyễn Văn An")
    set_fee(COMMUNE_PROCEDURE, 50_000)
    set_fee(NO_RESULT_PROCEDURE, 0, exempt=True)
    return World(people, citizen)


def _components(dossier: Dossier, *hows: str, store_ref: str = "") -> list[Entry]:
    """Entries for the procedure's first catalogue components (extra documents when it
    lists fewer)."""
    catalogue = list(Procedure.objects.get(pk=dossier.procedure_id).components.order_by("position"))
    entries = []
    for i, how in enumerate(hows):
        component = catalogue[i] if i < len(catalogue) else None
        name = "" if component else f"Giấy tờ khác {i + 1}"
        if how in (How.UPLOADED_ONLINE, How.SCANNED_AT_DESK):
            file = upload("giay.pdf", pdf_bytes())
            entries.append(Entry(component, how, name=name, file=file))
        else:
            ref = store_ref if how == How.FROM_STORE else ""
            entries.append(Entry(component, how, name=name, store_ref=ref))
    return entries


def pay_online(w: World, dossier: Dossier) -> None:
    payment, url = payment_start_online(
        dossier_id=dossier.pk, user=w.citizen, return_url="http://testserver/r/",
        ipn_url="http://testserver/i/",
    )  # fmt: skip
    order = simulator.order_parse({k: v[0] for k, v in parse_qs(urlsplit(url).query).items()})
    params = simulator.callback_params(order, "paid", transaction_id=f"T{payment.pk}")
    assert callback_process(params, kind=CallbackKind.IPN).outcome == Outcome.ACCEPTED


def scenario(w: World) -> Iterator[str]:
    p, clerk = w.people, w.people["clerk"]

    # A: at the counter, two supplement requests (late from the second), a paper result,
    # finished Wednesday and returned Thursday, paid at the counter, rated "dissatisfied",
    # and a complaint.
    a = w.dossiers["A"] = submit(clerk, at=at(), citizen=w.citizen)
    yield "A submitted"
    components_record(dossier=a, entries=_components(a, How.SHOWN_ONLY, How.SHOWN_ONLY),
                      actor=clerk, channel=Channel.COUNTER)  # fmt: skip
    a = act(a, "receive", clerk, at=at())
    yield "A received"
    a = act(a, "start_processing", p["specialist"], at=at(hours=0.2))
    a = act(a, "request_supplement", p["specialist"], reason="Thiếu giấy", at=at(hours=1))
    yield "A supplement 1"
    a = act(a, "supplement_received", clerk, at=at(days=1))
    a = act(a, "request_supplement", p["specialist"], reason="Vẫn thiếu", at=at(days=1, hours=1))
    yield "A supplement 2"
    a = act(a, "supplement_received", clerk, at=at(days=2))
    a = act(a, "issue_result", p["leader"], at=at(days=2, hours=6))
    yield "A finished"
    result_issue(dossier=a, actor=p["leader"], electronic=False, title="Giấy chứng nhận (bản giấy)")
    yield "A paper result"
    payment_record_counter(dossier_id=a.pk, actor=clerk, method=Method.COUNTER_CASH,
                           at=at(days=2, hours=7))  # fmt: skip
    yield "A paid at the counter"
    a = act(a, "hand_back", p["specialist"], at=at(days=2, hours=6.5))
    a = act(a, "return_result", clerk, at=at(days=3))
    yield "A returned"
    rating_submit(dossier_id=a.pk, user=w.citizen, level=Satisfaction.DISSATISFIED)
    yield "A rated"
    feedback_submit(content="Giải quyết chậm", user=w.citizen, dossier_id=a.pk)
    yield "A complaint"

    # B: online with uploads and registry data, an electronic result (filed in the data
    # store), paid through the gateway, finished on time, rated "satisfied".
    b = w.dossiers["B"] = submit(w.citizen, at=at(hours=1), channel=Channel.ONLINE,
                                  citizen=w.citizen, registry_used=True)  # fmt: skip
    components_record(dossier=b, actor=w.citizen, channel=Channel.ONLINE,
                      entries=_components(b, How.UPLOADED_ONLINE, How.UPLOADED_ONLINE))  # fmt: skip
    b = act(b, "receive", clerk, at=at(hours=1))
    yield "B received"
    b = act(b, "start_processing", p["specialist"], at=at(hours=2))
    b = act(b, "issue_result", p["leader"], at=at(hours=5))
    yield "B finished"
    result_issue(dossier=b, actor=p["leader"])
    yield "B e-result"
    pay_online(w, b)
    yield "B paid online"
    rating_submit(dossier_id=b.pk, user=w.citizen, level=Satisfaction.SATISFIED)
    yield "B rated"

    # C: a zero-fee procedure without a paper result, a component reused from B's result in
    # the data store, still open after its due time (late from the due day).
    c = w.dossiers["C"] = submit(clerk, code=NO_RESULT_PROCEDURE, at=at(days=1))
    c = act(c, "receive", clerk, at=at(days=1))
    yield "C received"
    store_code = b.results.get(n=1).stored.code
    components_record(dossier=c, entries=_components(c, How.FROM_STORE, store_ref=store_code),
                      actor=clerk, channel=Channel.COUNTER)  # fmt: skip
    yield "C reused a stored result"
    c = act(c, "start_processing", p["specialist"], at=at(days=1, hours=1))
    yield "C in process"

    # D: online certified copy with an electronic result, no time limit (never late).
    d = w.dossiers["D"] = submit(w.citizen, code=CERTIFIED_COPY_PROCEDURE, at=at(days=2),
                                  channel=Channel.ONLINE, citizen=w.citizen)  # fmt: skip
    d = act(d, "receive", clerk, at=at(days=2))
    d = act(d, "start_processing", p["specialist"], at=at(days=2, hours=1))
    d = act(d, "issue_result", p["leader"], at=at(days=2, hours=2))
    yield "D finished"
    result_issue(dossier=d, actor=p["leader"])
    yield "D e-result"

    # O: online, finished without an electronic result: online but not online_ok.
    o = w.dossiers["O"] = submit(w.citizen, at=at(days=2, hours=3), channel=Channel.ONLINE,
                                  citizen=w.citizen)  # fmt: skip
    o = act(o, "receive", clerk, at=at(days=2, hours=3))
    yield "O received"
    o = act(o, "start_processing", p["specialist"], at=at(days=2, hours=4))
    o = act(o, "issue_result", p["leader"], at=at(days=2, hours=5))
    yield "O finished"

    # E: filed online, never received: not in the cohort.
    w.dossiers["E"] = submit(w.citizen, at=at(days=3), channel=Channel.ONLINE, citizen=w.citizen)
    yield "E submitted"

    # F: extended, then finished after the original due time but before the extended one
    # (on time), with no result issued (paper result missing).
    f = w.dossiers["F"] = submit(clerk, at=at(days=3))
    f = act(f, "receive", clerk, at=at(days=3))
    f = act(f, "start_processing", p["specialist"], at=at(days=3, hours=1))
    f = act(f, "extend", p["leader"], reason="Cần xác minh", payload={"days": 3},
            at=at(days=3, hours=2))  # fmt: skip
    yield "F extended"
    due_original = f.due_at_original
    f = act(f, "issue_result", p["leader"], at=due_original + dt.timedelta(hours=18))
    yield "F finished"

    # G: finished after its due time: late from the due day.
    g = w.dossiers["G"] = submit(clerk, at=at(days=4))
    g = act(g, "receive", clerk, at=at(days=4))
    g = act(g, "start_processing", p["specialist"], at=at(days=4, hours=1))
    yield "G in process"
    g = act(g, "issue_result", p["leader"], at=g.due_at + dt.timedelta(days=1))
    yield "G finished late"

    # H: paused waiting for a supplement after its due time: not late while paused.
    h = w.dossiers["H"] = submit(clerk, at=at(days=7))
    h = act(h, "receive", clerk, at=at(days=7))
    h = act(h, "start_processing", p["specialist"], at=at(days=7, hours=1))
    h = act(h, "request_supplement", p["specialist"], reason="Thiếu giấy", at=at(days=7, hours=2))
    yield "H paused"

    # P: a provincial procedure: the competent unit is the province itself.
    pr = w.dossiers["P"] = submit(clerk, code=province_procedure().code, at=at(days=8))
    pr = act(pr, "receive", clerk, at=at(days=8))
    yield "P received"
