import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import exact_key, fold, search_tokens

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ "
)


def test_fold_strips_tones_marks_and_d_bar():
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"
    assert fold("Chứng thực bản sao điện tử") == "chung thuc ban sao dien tu"


def test_tokens_are_syllables_and_pairs():
    assert search_tokens("Đăng ký khai sinh") == [
        "dang", "ky", "khai", "sinh", "dang_ky", "ky_khai", "khai_sinh",
    ]  # fmt: skip


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), max_size=60))
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()


@given(st.text(alphabet=VIETNAMESE, max_size=60))
def test_nfc_and_nfd_give_the_same_keys(text):
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == fold(text)
    assert exact_key(nfd) == exact_key(text)
