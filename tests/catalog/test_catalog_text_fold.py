"""Vietnamese folding for search: lower-case, no diacritics, đ → d (pure, no Django)."""

from localgov.catalog.text import expand_abbreviations, fold, tokens


def test_fold():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("SỔ ĐỎ, sổ hồng…") == "so do so hong"
    assert fold("Chứng thực bản sao (2.000815)") == "chung thuc ban sao 2 000815"


def test_tokens_and_abbreviations():
    assert tokens("  Cấp GPXD  ") == ["cap", "gpxd"]
    assert expand_abbreviations("cap gpxd") == "cap gpxd giay phep xay dung"
