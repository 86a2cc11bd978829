"""The Vietnamese pages: 34 provinces at "/don-vi/", each province's communes with their centre."""


def test_home_lists_34_provinces(client):
    response = client.get("/don-vi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "localgov — Chính quyền địa phương hai cấp" in html
    assert html.count('href="/tinh/') == 34
    assert "Thành phố Cần Thơ" in html
    assert 'action="/i18n/setlang/"' in html and 'lang="vi"' in html


def test_province_page_in_two_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/tinh/79/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường Sài Gòn" in html and "26740" in html
    assert "Trung tâm Phục vụ hành chính công phường Sài Gòn" in html
    assert "Đang hoạt động" in html and "01/07/2025" in html


def test_one_level_province_shows_branches(client):
    html = client.get("/tinh/01/").content.decode()
    assert "Chi nhánh phường Ba Đình - Trung tâm Phục vụ hành chính công thành phố Hà Nội" in html


def test_unknown_province_is_404(client):
    assert client.get("/tinh/99/").status_code == 404
