"""The 766 scoring rules over raw counts: hand-computed cases, thresholds, zero rules, the
simulate API and the ``score`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from motcua.indicators import scoring
from motcua.indicators.scoring import INDICATORS, CountsError, simulate


def c(num: int, den: int) -> dict[str, int]:
    return {"numerator": num, "denominator": den}


# ------------------------------------------------------------------ hand-computed


def test_issue_example_2_1():
    out = simulate({"2.1": c(144625, 184513)})
    assert out["indicators"] == {"2.1": 15.68}  # 20 × 0.78382… = 15.676 → 15.68
    assert out["groups"] == {"dvc-progress-tree": 15.68}
    assert out["total"] == 15.68


@pytest.mark.parametrize(
    ("ind", "num", "den", "points"),
    [
        ("3.3", 50, 100, 8.0),  # 50% → full marks
        ("3.3", 49, 100, 7.84),  # 8 × 0.49 / 0.5
        ("3.3", 90, 100, 8.0),  # capped
        ("3.1", 80, 100, 4.0),  # 80% → full marks
        ("3.1", 40, 100, 2.0),
        ("4.3", 80, 100, 2.0),  # min(2, 2 × r / 80%)
        ("4.3", 40, 100, 1.0),
        ("3.5", 4, 5, 2.0),  # min(2, 2.5 × 0.8)
        ("3.5", 2, 5, 1.0),  # 2.5 × 0.4
        ("3.5b", 1, 3, 0.83),  # 2.5 × 1/3 = 0.8333
        ("5.4", 90, 100, 6.0),  # 90% → full marks
        ("5.4", 45, 100, 3.0),
        ("5.4", 89, 100, 5.93),  # 6 × 0.89 / 0.9 = 5.9333
        ("4.2", 8006, 10000, 3.2),  # the dashboard's 80.06% → 3.20 (linear)
        ("3.6", 1, 3, 2.0),
        ("4.1", 2, 3, 4.0),
        ("1.4", 1, 8, 0.75),
        ("5.2", 7, 8, 5.25),
        ("5.3", 3, 4, 4.5),
        ("1.1", 3, 4, 4.5),
        ("1.2", 1, 2, 2.0),
        ("1.3", 9, 10, 1.8),
        ("e_certified_copy", 1, 4, 0.5),
        ("4.4", 3, 10, 1.2),
        ("4.5a", 1, 2, 1.0),
        ("4.5b", 7, 10, 1.4),
        ("2.1", 3, 4, 15.0),
    ],
)
def test_hand_computed(ind, num, den, points):
    assert simulate({ind: c(num, den)})["indicators"][ind] == points


def test_every_indicator_has_a_hand_computed_case():
    covered = {case[0] for case in test_hand_computed.pytestmark[0].args[1]}
    assert covered == set(INDICATORS)


def test_round_half_up_to_two_decimals():
    # 20 × 1/8 = 2.5 exactly; 6 × 1/16 = 0.375 → 0.38 (half up, not banker's 0.38/0.37)
    assert simulate({"3.6": c(1, 16)})["indicators"]["3.6"] == 0.38


@pytest.mark.parametrize(
    ("ind", "expected"),
    [
        ("5.2", 6.0),  # no complaints: full marks
        ("5.3", 6.0),
        ("5.4", 0.0),  # no dossiers: 0 as the dashboard
        ("3.6", 0.0),  # payment: a zero denominator scores 0 (dashboard)
        ("3.5", 0.0),
        ("4.1", 6.0),  # no procedure needing a paper result: nothing missing
        ("1.1", 6.0),
        ("2.1", None),  # no dossiers: not scored, never a division by zero
        ("3.3", None),
        ("4.2", None),
        ("1.4", None),
    ],
)
def test_zero_denominator_follows_each_rule(ind, expected):
    out = simulate({ind: c(0, 0)})
    assert out["indicators"][ind] == expected


def test_commune_scores_full_marks_where_criteria_do_not_apply():
    counts = {"1.1": c(0, 10), "1.2": c(1, 10), "1.3": None, "3.1": c(0, 5), "3.5": c(0, 5),
              "3.5b": c(0, 5), "4.5a": c(0, 4), "2.1": c(1, 2)}  # fmt: skip
    commune = simulate(counts, level="commune")
    assert commune["indicators"] == {"1.1": 6.0, "1.2": 4.0, "1.3": 2.0, "3.1": 4.0,
                                     "3.5": 2.0, "3.5b": 2.0, "4.5a": 2.0, "2.1": 10.0}  # fmt: skip
    assert commune["to_full_marks"]["3.1"] == 0
    province = simulate(counts, level="province")
    assert province["indicators"]["1.1"] == 0.0
    assert province["indicators"]["1.3"] is None
    assert province["indicators"]["3.1"] == 0.0


def test_groups_sum_given_indicators_and_legal_view():
    out = simulate({"3.3": c(50, 100), "3.6": c(1, 2), "3.5": c(4, 5), "5.2": c(0, 0)})
    assert out["groups"] == {"provide-online-tree": 8.0, "formality-online-payment-tree": 5.0,
                             "handling-satisfaction": 6.0}  # fmt: skip
    assert out["legal_groups"] == {"truc-tuyen": 13.0, "hai-long": 6.0}
    assert out["total"] == 19.0


def test_all_null_group_and_total_are_null():
    out = simulate({"1.4": None})
    assert out == {"indicators": {"1.4": None}, "groups": {"transparency": None},
                   "legal_groups": {"cong-khai": None}, "total": None,
                   "to_full_marks": {}}  # fmt: skip


def test_to_full_marks_answers_the_what_if():
    out = simulate({"3.6": c(30, 100), "3.3": c(30, 100), "5.4": c(95, 100)})
    assert out["to_full_marks"] == {"3.6": 70, "3.3": 20, "5.4": 0}


def test_maxima_add_up_to_the_groups_and_100():
    for group, maximum in scoring.GROUPS.items():
        assert sum(i.max for i in INDICATORS.values() if i.group == group) == maximum, group
    assert sum(scoring.GROUPS.values()) == 100
    assert [m for _n, m, _g in scoring.LEGAL_GROUPS.values()] == [18, 20, 22, 22, 18]


def test_digitisation_rule_is_a_setting(settings):
    assert simulate({"4.2": c(80, 100)})["indicators"]["4.2"] == 3.2
    settings.MOTCUA_766_DIGITISED_FULL_AT = "0.8"
    assert simulate({"4.2": c(80, 100)})["indicators"]["4.2"] == 4.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "đối tượng JSON"),
        ({"9.9": c(1, 2)}, "Không có chỉ số 9.9"),
        ({"2.1": c(3, 2)}, "tử số lớn hơn mẫu số"),
        ({"2.1": c(-1, 2)}, "số nguyên không âm"),
        ({"2.1": {"numerator": 1.5, "denominator": 2}}, "số nguyên không âm"),
        ({"2.1": {"numerator": True, "denominator": 2}}, "số nguyên không âm"),
        ({"2.1": {"numerator": 1}}, "số nguyên không âm"),
        ({"2.1": {"numerator": 1, "denominator": 2, "x": 1}}, "numerator và denominator"),
    ],
)
def test_bad_counts_are_refused_with_a_reason(data, message):
    with pytest.raises(CountsError, match=message):
        simulate(data)


# ------------------------------------------------------------------ properties


@given(
    ind=st.sampled_from(sorted(INDICATORS)),
    den=st.integers(min_value=1, max_value=10**8),
    data=st.data(),
)
def test_score_is_bounded_monotone_and_full_marks_reachable(ind, den, data):
    num = data.draw(st.integers(min_value=0, max_value=den))
    rule = INDICATORS[ind]
    points = rule.score(num, den)
    assert Decimal(0) <= points <= rule.max
    if num < den:
        assert rule.score(num + 1, den) >= points
    more = rule.to_full_marks(num, den)
    if num + more <= den:
        assert rule.score(num + more, den) == rule.max
    if more > 0:  # one fewer is not yet full marks before rounding
        exact = rule.max * Decimal(num + more - 1) / Decimal(den) / rule.full_at
        assert exact < rule.max


# ------------------------------------------------------------------ API and command


def test_simulate_api(client):
    body = {"2.1": c(144625, 184513), "3.6": c(1, 2)}
    response = client.post("/api/v1/indicators/simulate", json.dumps(body),
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 200
    data = response.json()
    assert data["indicators"] == {"2.1": 15.68, "3.6": 3.0}
    assert data["groups"] == {"dvc-progress-tree": 15.68, "formality-online-payment-tree": 3.0}
    assert data["total"] == 18.68


def test_simulate_api_commune_level(client):
    response = client.post("/api/v1/indicators/simulate?level=commune",
                           json.dumps({"1.1": c(0, 3)}), content_type="application/json")  # fmt: skip
    assert response.json()["indicators"] == {"1.1": 6.0}


@pytest.mark.parametrize("body", [b"{not json", b'{"2.1": {"numerator": 5, "denominator": 2}}'])
def test_simulate_api_refuses_bad_input(client, body):
    response = client.post("/api/v1/indicators/simulate", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


def test_score_command_json(tmp_path, capsys):
    path = tmp_path / "counts.json"
    path.write_text(json.dumps({"2.1": c(144625, 184513)}), encoding="utf-8")
    call_command("score", counts=str(path), json=True)
    out = json.loads(capsys.readouterr().out)
    assert out["indicators"] == {"2.1": 15.68} and out["total"] == 15.68


def test_score_command_refuses_bad_file(tmp_path):
    path = tmp_path / "counts.json"
    path.write_text('{"2.1": {"numerator": 3, "denominator": 2}}', encoding="utf-8")
    with pytest.raises(CommandError, match="tử số lớn hơn mẫu số"):
        call_command("score", counts=str(path), json=True)
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("score", counts=str(tmp_path / "missing.json"))


def test_score_command_needs_no_database(tmp_path):
    path = tmp_path / "counts.json"
    path.write_text(json.dumps({"3.6": c(1, 2)}), encoding="utf-8")
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "motcua", "score", "--counts", str(path), "--json"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["indicators"] == {"3.6": 3.0}
