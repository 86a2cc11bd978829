"""Home, search by words or field, the procedure page, 'Tìm xã/phường mới'."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_has_search_and_fields(client, world):
    html = client.get("/").content.decode()
    assert '<label for="id_q">Bạn cần làm thủ tục gì?</label>' in html
    assert 'href="/thu-tuc/?linh_vuc=' in html
    assert 'lang="vi"' in html and 'name="viewport"' in html


@pytest.mark.parametrize(("query", "code"), [("đăng ký khai sinh", "1.001193"), ("sang tên sổ đỏ", "1.013831"),
                                             ("dang ky khai sinh", "1.001193")])
def test_search_by_words(client, world, query, code):
    html = client.get("/thu-tuc/", {"q": query}).content.decode()
    assert f'href="/thu-tuc/{code}/"' in html


def test_search_by_field_lists_only_that_field(client, world):
    from localgov.catalog.models import Procedure

    field = Procedure.objects.get(code="1.004194").field_id
    html = client.get("/thu-tuc/", {"linh_vuc": field}).content.decode()
    assert 'href="/thu-tuc/1.004194/"' in html
    other = Procedure.objects.exclude(field_id=field).first()
    assert f'href="/thu-tuc/{other.code}/"' not in html


def test_search_without_results_says_so(client, world):
    html = client.get("/thu-tuc/", {"q": "zzzz qqqq"}).content.decode()
    assert "Không tìm thấy thủ tục phù hợp" in html


def test_procedure_page_shows_documents_fee_deadline_and_where(client, world):
    html = client.get("/thu-tuc/1.004194/").content.decode()
    assert "Đăng ký tạm trú" in html
    assert "3 ngày làm việc" in html and "15.000 đồng" in html
    assert "không phụ thuộc địa giới hành chính" in html and "Trực tuyến một phần" in html
    assert "Thành phần hồ sơ" in html and 'action="/thu-tuc/1.004194/nop/"' in html


def test_unknown_procedure_is_404(client, world):
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_old_address_exact(client, world):
    html = client.get("/tim-xa-moi/", {"dia_chi": "P. Bến Nghé, Q.1, TP.HCM"}).content.decode()
    assert "Phường Sài Gòn" in html and "Trung tâm Phục vụ hành chính công phường Sài Gòn" in html


def test_old_address_split_lists_every_candidate(client, world):
    html = client.get("/tim-xa-moi/", {"dia_chi": "Phường Kim Mã, Quận Ba Đình, Hà Nội"}).content.decode()
    assert "đã được chia cho nhiều xã/phường mới" in html
    for name in ("Phường Ba Đình", "Phường Ngọc Hà", "Phường Giảng Võ"):
        assert f"<h3>{name}</h3>" in html


def test_empty_address_is_an_inline_error(client, world):
    response = client.get("/tim-xa-moi/", {"dia_chi": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_dia_chi_error"' in html and 'aria-invalid="true"' in html


def test_english_switch_translates_the_ui(client, world):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Online public services" in html and "Dịch vụ công trực tuyến" not in html
