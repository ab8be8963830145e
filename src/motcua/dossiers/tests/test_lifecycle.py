"""The state machine table: every transition allowed from its sources and refused elsewhere."""

import pytest

from motcua.dossiers import lifecycle
from motcua.dossiers.constants import State
from motcua.dossiers.errors import TransitionNotAllowed

CASES = [(name, state) for name in lifecycle.TRANSITIONS for state in State.values]


@pytest.mark.parametrize(("name", "state"), CASES)
def test_every_transition_is_allowed_exactly_from_its_sources(name, state):
    transition = lifecycle.TRANSITIONS[name]
    if state in transition.sources:
        assert lifecycle.check(state, name) is transition
    else:
        with pytest.raises(TransitionNotAllowed):
            lifecycle.check(state, name)


def test_end_states_allow_nothing():
    for state in [State.REFUSED, State.RETURNED, State.STOPPED, State.WITHDRAWN]:
        assert lifecycle.available(state) == []


def test_stop_and_withdraw_only_before_a_decision():
    for state in [State.RESULT_ISSUED, State.NOT_ELIGIBLE, State.AWAITING_PICKUP]:
        names = {t.name for t in lifecycle.available(state)}
        assert "stop" not in names and "withdraw" not in names


def test_unknown_transition_is_a_clear_error():
    with pytest.raises(TransitionNotAllowed, match="fly"):
        lifecycle.check(State.RECEIVED, "fly")


def test_refusal_message_names_the_action_and_state():
    with pytest.raises(TransitionNotAllowed) as exc:
        lifecycle.check(State.RETURNED, "receive")
    assert "Tiếp nhận" in exc.value.message and "Đã trả kết quả" in exc.value.message
