import datetime as dt

import pytest

from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_act, dossier_submit
from motcua.dossiers.tests.factories import COMMUNE, province_procedure, setup_hanoi
from motcua.org.models import AdministrativeUnit

# Monday 8 September 2025, 09:05 in Hà Nội.
T0 = dt.datetime(2025, 9, 8, 2, 5, tzinfo=dt.UTC)
APPLICANT = Applicant(
    name="Trần Thị Ánh Tuyết", id_number="001203004567", address="Số 5 phố Đội Cấn, Ba Đình",
    phone="0912345678", email="tuyet@example.vn",
)  # fmt: skip


class World:
    """Dossiers in every state a form is issued from, built through the services at fixed
    times (minutes after T0)."""

    def __init__(self) -> None:
        self.people = setup_hanoi()
        for username, name in [("clerk", "Lê Thị Tiếp Nhận"), ("dept", "Phạm Văn Thụ Lý"),
                               ("dept_leader", "Đỗ Quang Thủ Trưởng"),
                               ("specialist", "Hoàng Minh Chuyên")]:  # fmt: skip
            user = next(u for u in self.people.values() if u.username == username)
            user.full_name = name
            user.save()
        self.keys: dict[int, str] = {}

    def at(self, minutes: int) -> dt.datetime:
        return T0 + dt.timedelta(minutes=minutes)

    def submit(self, *, code: str = "1.001612", applicant: Applicant = APPLICANT,
               channel: str = Channel.COUNTER, actor=None, **kwargs) -> Dossier:  # fmt: skip
        return dossier_submit(
            procedure=Procedure.objects.get(code=code), channel=channel,
            receiving_unit=AdministrativeUnit.objects.get(code=COMMUNE), applicant=applicant,
            actor=actor or self.people["clerk"], at=self.at(0), **kwargs,
        )  # fmt: skip

    def act(self, dossier: Dossier, name: str, who: str, minutes: int, **kwargs) -> Dossier:
        receipt = dossier_act(dossier_id=dossier.pk, name=name, actor=self.people[who],
                              at=self.at(minutes), **kwargs)  # fmt: skip
        if receipt.lookup_key:
            self.keys[dossier.pk] = receipt.lookup_key
        return Dossier.objects.select_related("procedure").get(pk=dossier.pk)

    def received(self, **kwargs) -> Dossier:
        return self.act(self.submit(**kwargs), "receive", "clerk", 0)

    def supplement_at_reception(self) -> Dossier:
        return self.act(self.submit(), "request_supplement_at_reception", "clerk", 5,
                        reason="Thiếu bản sao giấy khai sinh\nẢnh 4x6 chụp quá 6 tháng")  # fmt: skip

    def supplement_in_processing(self) -> Dossier:
        d = self.act(self.received(), "start_processing", "specialist", 30)
        return self.act(d, "request_supplement", "specialist", 120,
                        reason="Bổ sung hợp đồng thuê mặt bằng có công chứng")  # fmt: skip

    def refused(self) -> Dossier:
        return self.act(self.submit(), "refuse", "clerk", 5,
                        reason="Thủ tục không thuộc thẩm quyền giải quyết của phường")  # fmt: skip

    def handed(self) -> Dossier:
        d = self.received(code=province_procedure().code)
        d = self.act(d, "transfer", "clerk", 15)
        return self.act(d, "accept", "province_specialist", 75)

    def extended(self) -> Dossier:
        return self.act(self.handed(), "extend", "province_leader", 2 * 24 * 60,
                        reason="Cần xác minh thực địa tại khu rừng", payload={"days": 5})  # fmt: skip

    def stopped(self) -> Dossier:
        return self.act(self.received(), "stop", "clerk", 60,
                        reason="Người nộp có đơn đề nghị dừng giải quyết")  # fmt: skip

    def handed_back(self) -> Dossier:
        d = self.act(self.handed(), "issue_result", "province_leader", 3 * 24 * 60)
        return self.act(d, "hand_back", "province_specialist", 3 * 24 * 60 + 30)


@pytest.fixture
def world(db) -> World:
    return World()
