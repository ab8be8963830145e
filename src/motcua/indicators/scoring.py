"""The Decision 766 indicators as scoring rules over raw counts (domain spec §5).

Each indicator turns a numerator and a denominator into points. The rules are pure: they need
no database, so the scorecard (counts from the roll-ups), the what-if page, the
``/api/v1/indicators/simulate`` endpoint and ``motcua score --counts`` share them.

``status`` says how sure we are of a rule: ``verified`` (the legal text), ``dashboard`` (reverse
engineered from the national dashboard, error ≤ 0.015 points, domain spec source S17) or
``assumed`` (no source fixes it: our reading, kept in this one table).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Dashboard groups (endpoint names of the national portal) and their maxima.
GROUPS: dict[str, Decimal] = {
    "transparency": Decimal(18),
    "dvc-progress-tree": Decimal(20),
    "provide-online-tree": Decimal(12),
    "formality-online-payment-tree": Decimal(10),
    "dossier-digitized": Decimal(22),
    "handling-satisfaction": Decimal(18),
}
GROUP_NAMES: dict[str, Promise] = {
    "transparency": gettext_lazy("Công khai, minh bạch"),
    "dvc-progress-tree": gettext_lazy("Tiến độ, kết quả giải quyết"),
    "provide-online-tree": gettext_lazy("Dịch vụ công trực tuyến"),
    "formality-online-payment-tree": gettext_lazy("Thanh toán trực tuyến"),
    "dossier-digitized": gettext_lazy("Số hóa hồ sơ"),
    "handling-satisfaction": gettext_lazy("Mức độ hài lòng"),
}
# The five groups of Decision 766 itself (18/20/22/22/18): online services = online + payment.
LEGAL_GROUPS: dict[str, tuple[Promise, Decimal, tuple[str, ...]]] = {
    "cong-khai": (gettext_lazy("Công khai, minh bạch"), Decimal(18), ("transparency",)),
    "tien-do": (gettext_lazy("Tiến độ, kết quả giải quyết"), Decimal(20), ("dvc-progress-tree",)),
    "so-hoa": (gettext_lazy("Số hóa hồ sơ"), Decimal(22), ("dossier-digitized",)),
    "truc-tuyen": (
        gettext_lazy("Cung cấp dịch vụ trực tuyến"),
        Decimal(22),
        ("provide-online-tree", "formality-online-payment-tree"),
    ),
    "hai-long": (gettext_lazy("Mức độ hài lòng"), Decimal(18), ("handling-satisfaction",)),
}

VERIFIED, DASHBOARD, ASSUMED = "verified", "dashboard", "assumed"
# What a zero denominator scores.
FULL, ZERO, NONE = "full", "zero", "null"


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    name: Promise
    max: Decimal
    numerator: Promise
    denominator: Promise
    full_at: Decimal = Decimal(1)  # the ratio that scores full marks (linear up to it)
    on_zero: str = NONE
    status: str = DASHBOARD
    commune_applies: bool = True  # False: a commune scores full marks (domain spec §5, S17)
    note: Promise | str = ""

    def score(self, numerator: int, denominator: int, *, level: str = "") -> Decimal | None:
        """Points for ``numerator`` of ``denominator``, rounded to 2 decimals like the
        dashboard; None when the indicator cannot be scored."""
        if level == "commune" and not self.commune_applies:
            return self.max
        if denominator == 0:
            return {FULL: self.max, ZERO: Decimal(0), NONE: None}[self.on_zero]
        ratio = Decimal(numerator) / Decimal(denominator)
        points = min(self.max, self.max * ratio / self.full_at)
        return points.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def to_full_marks(self, numerator: int, denominator: int) -> int:
        """How many more numerator units, the denominator unchanged, until full marks (0 when
        already there): "how many more online payments until 3.6 scores full marks?"."""
        if denominator == 0:
            return 0
        needed = math.ceil(self.full_at * denominator - Decimal("1e-9"))
        return max(0, needed - numerator)


def _i(id: str, group: str, name: str, max_: int, num: str, den: str, **kw: Any) -> Indicator:
    return Indicator(id, group, gettext_lazy(name), Decimal(max_), gettext_lazy(num),
                     gettext_lazy(den), **kw)  # fmt: skip


_T, _P, _O, _PAY, _D, _S = GROUPS.keys()
INDICATORS: dict[str, Indicator] = {
    i.id: i
    for i in (
        _i(
            "1.1",
            _T,
            "Công bố TTHC đúng hạn",
            6,
            "Số TTHC được công bố đúng hạn",
            "Số TTHC phải công bố",
            on_zero=FULL,
            commune_applies=False,
            note=gettext_lazy(
                "Quyết định công bố trước ngày văn bản có hiệu lực ít nhất 5 ngày "
                "làm việc (tỉnh) hoặc 20 ngày làm việc (bộ). Không có TTHC phải "
                "công bố: đạt điểm tối đa."
            ),
        ),
        _i(
            "1.2",
            _T,
            "Công khai TTHC trên CSDL quốc gia đúng hạn",
            4,
            "Số TTHC được công khai đúng hạn",
            "Số TTHC đã công bố",
            on_zero=FULL,
            commune_applies=False,
            status=VERIFIED,
            note=gettext_lazy(
                "Chậm nhất 5 ngày làm việc (tỉnh) hoặc 10 ngày làm việc (bộ) "
                "sau quyết định công bố."
            ),
        ),
        _i(
            "1.3",
            _T,
            "Công khai đầy đủ các bộ phận của TTHC",
            2,
            "Số TTHC công khai đầy đủ",
            "Số TTHC thuộc thẩm quyền",
            on_zero=FULL,
            commune_applies=False,
        ),
        _i(
            "1.4",
            _T,
            "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia",
            6,
            "Số hồ sơ đã đồng bộ",
            "Số hồ sơ phải đồng bộ",
            note=gettext_lazy(
                "Đọc từ bảng xác nhận đồng bộ; chưa có dữ liệu đồng bộ thì không chấm (null)."
            ),
        ),
        _i(
            "2.1",
            _P,
            "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
            20,
            "Số hồ sơ trước hạn, đúng hạn (đã xong và đang giải quyết)",
            "Số hồ sơ tiếp nhận",
            note=gettext_lazy(
                "20 × đúng hạn ÷ tiếp nhận. Hồ sơ yêu cầu bổ sung quá một lần "
                "tính là trễ hạn; hồ sơ đang giải quyết được đánh giá tại cuối kỳ. "
                "Không có hồ sơ: không chấm."
            ),
        ),
        _i(
            "3.1",
            _O,
            "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
            4,
            "Số TTHC trực tuyến (một phần và toàn trình)",
            "Số TTHC thuộc thẩm quyền",
            full_at=Decimal("0.8"),
            status=ASSUMED,
            commune_applies=False,
            note=gettext_lazy(
                "Từ 80% đạt điểm tối đa. Điểm tối đa của nhóm (12) chưa được "
                "nguồn nào chia cho 3.1 và 3.3: motcua chia 4 và 8."
            ),
        ),
        _i(
            "3.3",
            _O,
            "Tỷ lệ hồ sơ nộp trực tuyến",
            8,
            "Số hồ sơ tiếp nhận trực tuyến (có kết quả điện tử khi TTHC có kết quả giấy)",
            "Số hồ sơ tiếp nhận",
            full_at=Decimal("0.5"),
            status=ASSUMED,
            note=gettext_lazy(
                "Từ 50% đạt điểm tối đa; nhân với tỷ lệ đồng bộ khi đã có dữ liệu đồng bộ."
            ),
        ),
        _i(
            "3.5",
            _PAY,
            "TTHC có thu phí được tích hợp thanh toán trực tuyến",
            2,
            "Số TTHC có thu phí đã tích hợp thanh toán trực tuyến",
            "Số TTHC có thu phí",
            full_at=Decimal("0.8"),
            on_zero=ZERO,
            commune_applies=False,
            note=gettext_lazy("min(2; 2,5 × tỷ lệ). Mẫu số bằng 0: 0 điểm như Cổng quốc gia."),
        ),
        _i(
            "3.5b",
            _PAY,
            "TTHC có phát sinh thanh toán trực tuyến",
            2,
            "Số TTHC có ít nhất một hồ sơ thanh toán trực tuyến",
            "Số TTHC có thu phí",
            full_at=Decimal("0.8"),
            on_zero=ZERO,
            commune_applies=False,
            note=gettext_lazy(
                "Số TTHC có thu phí (theo danh mục) có ít nhất một hồ sơ thanh toán trực "
                "tuyến trong kỳ; chấm cho cấp tỉnh."
            ),
        ),
        _i(
            "3.6",
            _PAY,
            "Tỷ lệ hồ sơ thanh toán trực tuyến",
            6,
            "Số hồ sơ thanh toán trực tuyến",
            "Số hồ sơ của TTHC có thu phí (trừ phí bằng 0)",
            on_zero=ZERO,
        ),
        _i(
            "4.1",
            _D,
            "Tỷ lệ cấp kết quả điện tử",
            6,
            "Số hồ sơ có tệp kết quả điện tử",
            "Số hồ sơ của TTHC có kết quả giấy",
            on_zero=FULL,
        ),
        _i(
            "4.2",
            _D,
            "Tỷ lệ số hóa hồ sơ",
            4,
            "Số hồ sơ có thành phần đính kèm tệp và kết quả điện tử khi phải có",
            "Số hồ sơ tiếp nhận",
            note=gettext_lazy(
                "Tuyến tính như Cổng quốc gia (80,06% được 3,20 điểm); quy tắc "
                "đạt tối đa từ 80% của bản mô tả là một tùy chọn "
                "(MOTCUA_766_DIGITISED_FULL_AT)."
            ),
        ),
        _i(
            "e_certified_copy",
            _D,
            "Chứng thực bản sao điện tử",
            2,
            "Số hồ sơ chứng thực cấp bản sao điện tử",
            "Số hồ sơ chứng thực bản sao",
            on_zero=FULL,
            status=ASSUMED,
        ),
        _i(
            "4.3",
            _D,
            "Tái sử dụng dữ liệu đã số hóa",
            2,
            "Số hồ sơ có ít nhất một thành phần tái sử dụng",
            "Số hồ sơ tiếp nhận",
            full_at=Decimal("0.8"),
        ),
        _i(
            "4.4",
            _D,
            "Kết nối kho dữ liệu của công dân",
            4,
            "Số hồ sơ lấy giấy tờ từ kho hoặc kết quả được đưa vào kho",
            "Số hồ sơ tiếp nhận",
        ),
        _i(
            "4.5a",
            _D,
            "TTHC khai thác CSDL quốc gia về dân cư",
            2,
            "Số TTHC dùng VNeID hoặc dữ liệu dân cư",
            "Số TTHC cho công dân",
            commune_applies=False,
        ),
        _i(
            "4.5b",
            _D,
            "Hồ sơ khai thác CSDL quốc gia về dân cư",
            2,
            "Số hồ sơ dùng VNeID hoặc dữ liệu dân cư",
            "Số hồ sơ tiếp nhận",
        ),
        _i(
            "5.2",
            _S,
            "Xử lý phản ánh, kiến nghị đúng hạn",
            6,
            "Số PAKN xử lý đúng hạn",
            "Số PAKN",
            on_zero=FULL,
            note=gettext_lazy(
                "Từ chối ≤ 2, yêu cầu bổ sung ≤ 5, trả lời ≤ 15 ngày làm việc. "
                "Không có PAKN: đạt 6 điểm."
            ),
        ),
        _i(
            "5.3",
            _S,
            "Mức độ hài lòng về xử lý phản ánh, kiến nghị",
            6,
            "PAKN − không hài lòng − lặp lại − trễ hạn",
            "Số PAKN",
            on_zero=FULL,
        ),
        _i(
            "5.4",
            _S,
            "Mức độ hài lòng về giải quyết TTHC",
            6,
            "Hồ sơ − trễ hạn − có PAKN hoặc không hài lòng",
            "Số hồ sơ tiếp nhận",
            full_at=Decimal("0.9"),
            on_zero=ZERO,
            status=VERIFIED,
            note=gettext_lazy(
                "100% − (tỷ lệ trễ hạn + tỷ lệ PAKN hoặc không hài lòng); từ 90% "
                "đạt 6 điểm. Không có hồ sơ: 0 điểm như Cổng quốc gia."
            ),
        ),
    )
}


def configured() -> dict[str, Indicator]:
    """The table with the settings applied: ``MOTCUA_766_DIGITISED_FULL_AT`` (e.g. "0.8")
    switches 4.2 to the formula note's rule."""
    from dataclasses import replace

    from django.conf import settings

    full_at = getattr(settings, "MOTCUA_766_DIGITISED_FULL_AT", None)
    if not full_at:
        return INDICATORS
    return {**INDICATORS, "4.2": replace(INDICATORS["4.2"], full_at=Decimal(str(full_at)))}


class CountsError(ValueError):
    """Counts that cannot be scored; the message is for the user."""


def _count(value: Any, what: str, indicator: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CountsError(
            _("Chỉ số %(id)s: %(what)s phải là số nguyên không âm.")
            % {"id": indicator, "what": what}
        )
    return value


def parse_counts(data: Any) -> dict[str, tuple[int, int] | None]:
    """Validate ``{"2.1": {"numerator": n, "denominator": d}, …}``; an indicator given as
    null is kept as "cannot be scored". Raises :class:`CountsError` with a Vietnamese
    message; nothing is half-read."""
    if not isinstance(data, Mapping):
        raise CountsError(_("Dữ liệu phải là một đối tượng JSON ánh xạ mã chỉ số sang số liệu."))
    out: dict[str, tuple[int, int] | None] = {}
    for key, value in data.items():
        if key not in INDICATORS:
            raise CountsError(_("Không có chỉ số %(id)s.") % {"id": key})
        if value is None:
            out[key] = None
            continue
        if not isinstance(value, Mapping) or set(value) - {"numerator", "denominator"}:
            raise CountsError(
                _("Chỉ số %(id)s: cần đúng hai trường numerator và denominator.") % {"id": key}
            )
        num = _count(value.get("numerator"), _("tử số"), key)
        den = _count(value.get("denominator"), _("mẫu số"), key)
        if num > den:
            raise CountsError(_("Chỉ số %(id)s: tử số lớn hơn mẫu số.") % {"id": key})
        out[key] = (num, den)
    return out


def _plain(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    given = [v for v in values if v is not None]
    return sum(given, Decimal(0)) if given else None


def score_counts(
    counts: Mapping[str, tuple[int, int] | None], *, level: str = "",
    overrides: Mapping[str, Indicator] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """``{"indicators": {id: points|None}, "groups": {key: points|None}, "total": …}`` plus
    ``legal_groups`` and ``to_full_marks``. A group's score is the sum over the indicators
    given; a group with none scored is None."""
    table = {**configured(), **(overrides or {})}
    scores: dict[str, Decimal | None] = {}
    more: dict[str, int] = {}
    for key, pair in counts.items():
        indicator = table[key]
        if pair is None:
            scores[key] = None if indicator.commune_applies or level != "commune" else indicator.max
            continue
        scores[key] = indicator.score(*pair, level=level)
        applies = indicator.commune_applies or level != "commune"
        more[key] = indicator.to_full_marks(*pair) if applies else 0
    groups = {
        group: _sum([s for k, s in scores.items() if table[k].group == group])
        for group in GROUPS
        if any(table[k].group == group for k in scores)
    }
    legal = {
        key: _sum([groups[g] for g in members if g in groups])
        for key, (_name, _max, members) in LEGAL_GROUPS.items()
        if any(g in groups for g in members)
    }
    return {
        "indicators": {k: _plain(v) for k, v in scores.items()},
        "groups": {k: _plain(v) for k, v in groups.items()},
        "legal_groups": {k: _plain(v) for k, v in legal.items()},
        "total": _plain(_sum(list(groups.values()))),
        "to_full_marks": more,
    }


def simulate(data: Any, *, level: str = "") -> dict[str, Any]:
    """Score a JSON object of counts (the what-if of the API, the page and the CLI)."""
    if level not in ("", "commune", "province", "agency"):
        raise CountsError(_("Cấp không hợp lệ: %(level)s.") % {"level": level})
    return score_counts(parse_counts(data), level=level)
