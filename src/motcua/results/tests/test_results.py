import hashlib
import os

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from motcua.attachments.tests.factories import pdf_bytes
from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import State
from motcua.dossiers.tests.factories import act
from motcua.results import render, services
from motcua.results.constants import Kind
from motcua.results.models import Result, StoredDocument
from motcua.results.services import on_event, result_issue
from motcua.results.tests.factories import filed, finished, pdf_text, processed

pytestmark = pytest.mark.django_db


def _files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def test_issue_result_then_on_event_renders_and_stores_one_result(people, citizen, media_root):
    d = finished(people, filed(citizen))
    event = d.events.get(kind="issue_result")
    result = on_event(d, event)
    assert (result.n, result.electronic, result.signed) == (1, True, False)
    assert result.created_by == people["leader"]
    data = open(result.file.path, "rb").read()
    assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == result.sha256
    assert result.file.name.startswith("results/") and result.size == len(data)
    text = pdf_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Nguyễn Văn An" in text and d.code in text and "hộ kinh doanh" in text.lower()
    # Called again (or for another event), nothing more is written.
    assert on_event(d, event) is None and on_event(d, d.events.get(kind="receive")) is None
    assert Result.objects.filter(dossier=d).count() == 1


def test_results_are_numbered_per_dossier(people, citizen):
    d = finished(people, filed(citizen))
    first = result_issue(dossier=d, actor=people["leader"], title="Quyết định A",
                         kind=Kind.DECISION)  # fmt: skip
    second = result_issue(dossier=d, actor=people["leader"], title="Bản sao",
                          kind=Kind.OTHER, pdf=pdf_bytes())  # fmt: skip
    other = result_issue(dossier=finished(people, filed(citizen)), actor=people["leader"])
    assert (first.n, second.n, other.n) == (1, 2, 1)
    assert second.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()


def test_body_text_overrides_the_default_wording(people, citizen):
    d = finished(people, filed(citizen))
    r = result_issue(dossier=d, actor=people["leader"], kind=Kind.DECISION, title="Cấp phép",
                     body="Điều 1. Đồng ý cấp phép <b>đặc biệt</b>.\nĐiều 2. Thi hành.")  # fmt: skip
    text = pdf_text(open(r.file.path, "rb").read())
    assert "QUYẾT ĐỊNH" in text and "Đồng ý cấp phép <b>đặc biệt</b>" in text
    assert "có hiệu lực kể từ ngày ký" not in text


def test_a_procedure_template_overrides_the_kind_default(people, citizen, settings, tmp_path):
    folder = tmp_path / "tpl" / "results"
    folder.mkdir(parents=True)
    (folder / "1.001612.txt").write_text("# GIẤY RIÊNG CỦA THỦ TỤC\n: Mã {{ code }}\n@signature\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(tmp_path / "tpl"), *settings.TEMPLATES[0]["DIRS"]]}
    ]
    d = finished(people, filed(citizen))
    text = pdf_text(open(result_issue(dossier=d, actor=people["leader"]).file.path, "rb").read())
    assert "GIẤY RIÊNG CỦA THỦ TỤC" in text and f"Mã {d.code}" in text


def test_the_signer_seam_signs_before_storing(people, citizen, monkeypatch):
    seen = []

    def sign(result, data):
        seen.append((result.n, result.dossier_id, data[:5]))
        return data + b"%signed\n"

    monkeypatch.setattr(services, "SIGNER", sign)
    d = finished(people, filed(citizen))
    r = on_event(d, d.events.get(kind="issue_result"))
    stored = open(r.file.path, "rb").read()
    assert r.signed and stored.endswith(b"%signed\n") and seen == [(1, d.pk, b"%PDF-")]
    assert r.sha256 == hashlib.sha256(stored).hexdigest() == r.stored.sha256


def test_a_failing_signer_writes_nothing(people, citizen, monkeypatch, media_root):
    def broken(result, data):
        raise RuntimeError("token removed")

    d = finished(people, filed(citizen))
    before = _files(media_root)
    monkeypatch.setattr(services, "SIGNER", broken)
    with pytest.raises(RuntimeError):
        result_issue(dossier=d, actor=people["leader"])
    assert not Result.objects.exists() and not StoredDocument.objects.exists()
    assert _files(media_root) == before


def test_a_failing_store_filing_removes_the_file(people, citizen, monkeypatch, media_root):
    d = finished(people, filed(citizen))
    before = _files(media_root)
    monkeypatch.setattr(services, "_file_in_store", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        result_issue(dossier=d, actor=people["leader"])
    assert not Result.objects.exists() and _files(media_root) == before


def test_a_paper_only_result_has_no_file_and_is_not_filed(people, citizen):
    d = finished(people, filed(citizen))
    r = result_issue(dossier=d, actor=people["leader"], electronic=False, title="Giấy phép giấy")
    assert not r.electronic and not r.file and not r.signed
    assert not StoredDocument.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "poem"},
        {"title": "   ", "kind": Kind.OTHER},
        {"pdf": b"not a pdf"},
        {"pdf": pdf_bytes(), "electronic": False},
    ],
)
def test_bad_input_writes_nothing(people, citizen, bad):
    d = finished(people, filed(citizen))
    with pytest.raises(InvalidInput):
        result_issue(dossier=d, actor=people["leader"], **bad)
    assert not Result.objects.exists()


def test_no_result_before_the_dossier_is_decided(people, citizen):
    d = processed(people, filed(citizen))
    assert d.state == State.IN_PROCESS
    with pytest.raises(InvalidInput, match="chưa được giải quyết xong"):
        result_issue(dossier=d, actor=people["leader"])
    assert not Result.objects.exists()


def test_someone_outside_the_dossier_units_cannot_record_a_result(people, citizen):
    d = finished(people, filed(citizen))
    with pytest.raises(InvalidInput, match="không có quyền"):
        result_issue(dossier=d, actor=citizen)
    assert not Result.objects.exists()


def test_the_result_follows_the_dossier_to_returned(people, citizen):
    d = finished(people, filed(citizen))
    on_event(d, d.events.get(kind="issue_result"))
    d = act(act(d, "hand_back", people["specialist"]), "return_result", people["clerk"])
    assert d.state == State.RETURNED and d.results.get().electronic


def test_results_for_finished_backfills_once(people, citizen):
    done = finished(people, filed(citizen))
    waiting = processed(people, filed(citizen))
    ids = [done.pk, waiting.pk]
    assert services.results_for_finished(ids) == 1
    assert services.results_for_finished(ids) == 0
    assert Result.objects.get().dossier_id == done.pk


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Giấy chứng nhận đăng ký hộ kinh doanh", Kind.CERTIFICATE),
        ("Quyết định cấp Giấy phép xây dựng", Kind.DECISION),
        ("- Giấy phép xây dựng", Kind.LICENCE),
        ("Trích lục khai sinh (bản chính)", Kind.CERTIFICATE),
        ("Văn bản trả lời", Kind.OTHER),
        ("", Kind.OTHER),
    ],
)
def test_kind_for_reads_the_catalogue_result(text, kind):
    assert render.kind_for(text) == kind


@given(st.text(max_size=200))
def test_kind_and_title_are_always_defined(text):
    kind = render.kind_for(text)
    title = render.default_title(text, kind)
    assert kind in Kind.values and title.strip() and len(title) <= 500 and "\n" not in title


def test_result_files_are_not_left_behind_by_a_failed_render(people, citizen, monkeypatch,
                                                             media_root):  # fmt: skip
    d = finished(people, filed(citizen))
    monkeypatch.setattr(render, "render", lambda *a, **k: (_ for _ in ()).throw(OSError("disk")))
    with pytest.raises(OSError):
        result_issue(dossier=d, actor=people["leader"])
    assert not Result.objects.exists() and not os.path.exists(media_root / "results")


def test_the_default_title_is_the_part_that_names_the_kind():
    text = "Thông báo nội dung cần sửa đổi, bổ sung;\n- Giấy chứng nhận đăng ký hộ kinh doanh."
    assert render.default_title(text, render.kind_for(text)) == (
        "Giấy chứng nhận đăng ký hộ kinh doanh"
    )
    assert render.default_title("Văn bản trả lời; Công văn", Kind.OTHER) == "Văn bản trả lời"
    assert render.default_title("", Kind.DECISION) == "Quyết định"
