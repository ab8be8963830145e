import pytest
from reportlab.platypus import Paragraph, Spacer

from motcua.core.errors import InvalidInput
from motcua.documents import layout, markup


@pytest.fixture(scope="module")
def st():
    return layout.styles()


def test_each_prefix_chooses_a_style(st):
    text = "# TITLE\n## Sub\n^ centred\n- item\n: field\n| body\nplain\n~\n\n   \n"
    out = markup.parse(text, st, {})
    names = [f.style.name for f in out if isinstance(f, Paragraph)]
    assert names == ["title", "subtitle", "centre", "item", "field", "body", "body"]
    assert isinstance(out[-1], Spacer)


def test_named_blocks_are_placed_where_the_line_says(st):
    block = Spacer(1, 1)
    out = markup.parse(": before\n@table\n: after", st, {"table": [block]})
    assert out[1] is block


def test_an_unknown_block_names_the_known_ones(st):
    with pytest.raises(InvalidInput, match="@table") as error:
        markup.parse("@tabel", st, {"table": []})
    assert error.value.message.startswith("Mẫu dùng khối “@tabel” không tồn tại")


def test_escape_keeps_user_text_out_of_the_markup():
    assert markup.escape("<b>A & B</b>") == "&lt;b&gt;A &amp; B&lt;/b&gt;"
