"""Old addresses → new communes, written formally and informally, across the country.

Expected codes were checked against the NSO conversion table shipped in vietnam-provinces
2026.9.0 (`_ward_conversion_2025.OLD_TO_NEW`) and are hard-coded here, so the test can fail.
"split" rows: the old ward was divided or only partly merged — every candidate, no guess.
"""

import pytest

from localgov.units.convert import convert

# (formal address, informal spelling, status, new province code, candidate commune codes)
CASES = [
    ('Phường Hàng Bạc, Quận Hoàn Kiếm, Thành phố Hà Nội',
     'P. Hàng Bạc, Q. Hoàn Kiếm, HN',
     'exact', '01', ['00070']),
    ('Phường Dịch Vọng Hậu, Quận Cầu Giấy, Thành phố Hà Nội',
     'phuong dich vong hau, cau giay, ha noi',
     'split', '01', ['00160', '00166']),
    ('Xã Bát Tràng, Huyện Gia Lâm, Thành phố Hà Nội',
     'xa bat trang gia lam hn',
     'split', '01', ['00145', '00565', '00577']),
    ('Phường Kim Mã, Quận Ba Đình, Thành phố Hà Nội',
     'p kim ma q ba dinh tp ha noi',
     'split', '01', ['00004', '00008', '00025']),
    ('Xã Phù Đổng, Huyện Gia Lâm, Thành phố Hà Nội',
     'X. Phù Đổng, H. Gia Lâm, Hà Nội',
     'exact', '01', ['00541']),
    ('Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh',
     'P. Bến Nghé, Q.1, TP.HCM',
     'exact', '79', ['26740']),
    ('Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh',
     'p ben thanh q1 tp hcm',
     'exact', '79', ['26743']),
    ('Phường Võ Thị Sáu, Quận 3, Thành phố Hồ Chí Minh',
     'phuong vo thi sau quan 3 tphcm',
     'exact', '79', ['27139']),
    ('Phường Thảo Điền, Thành phố Thủ Đức, Thành phố Hồ Chí Minh',
     'P Thảo Điền, TP. Thủ Đức, Hồ Chí Minh',
     'exact', '79', ['27094']),
    ('Xã Bình Chánh, Huyện Bình Chánh, Thành phố Hồ Chí Minh',
     'xa binh chanh, h. binh chanh, hcm',
     'exact', '79', ['27637']),
    ('Xã Thạnh An, Huyện Cần Giờ, Thành phố Hồ Chí Minh',
     'thanh an can gio tp hcm',
     'split', '79', ['27676']),
    ('Phường Thạch Thang, Quận Hải Châu, Thành phố Đà Nẵng',
     'p. thach thang, q. hai chau, da nang',
     'exact', '48', ['20242']),
    ('Phường Mỹ An, Quận Ngũ Hành Sơn, Thành phố Đà Nẵng',
     'My An, Ngu Hanh Son, Da Nang',
     'exact', '48', ['20285']),
    ('Xã Hòa Bắc, Huyện Hòa Vang, Thành phố Đà Nẵng',
     'xa hoa bac huyen hoa vang tp da nang',
     'exact', '48', ['20194']),
    ('Phường Phú Hội, Quận Thuận Hóa, Thành phố Huế',
     'phuong phu hoi, thuan hoa, hue',
     'exact', '46', ['19789']),
    ('Phường Thuận Lộc, Quận Phú Xuân, Thành phố Huế',
     'P. Thuận Lộc, Q. Phú Xuân, TP Huế',
     'exact', '46', ['19753']),
    ('Phường Cái Khế, Quận Ninh Kiều, Thành phố Cần Thơ',
     'cai khe ninh kieu can tho',
     'exact', '92', ['31120']),
    ('Phường Tân An, Quận Ninh Kiều, Thành phố Cần Thơ',
     'P. Tân An, Q. Ninh Kiều, TP. Cần Thơ',
     'exact', '92', ['31135']),
    ('Xã Thới Hưng, Huyện Cờ Đỏ, Thành phố Cần Thơ',
     'xa thoi hung co do can tho',
     'split', '92', ['31264']),
    ('Phường Minh Khai, Quận Hồng Bàng, Thành phố Hải Phòng',
     'p minh khai, hong bang, hai phong',
     'exact', '31', ['11311']),
    ('Phường Bạch Đằng, Thành phố Hạ Long, Tỉnh Quảng Ninh',
     'P. Bạch Đằng, TP Hạ Long, Quảng Ninh',
     'exact', '22', ['06685']),
    ('Xã Nghi Phong, Thành phố Vinh, Tỉnh Nghệ An',
     'xa nghi phong, tp vinh, nghe an',
     'exact', '40', ['16708']),
    ('Phường Điện Biên, Thành phố Thanh Hóa, Tỉnh Thanh Hóa',
     'P. Điện Biên, TP. Thanh Hoá, Thanh Hoá',
     'exact', '38', ['14797']),
    ('Phường Cầu Mây, Thị xã Sa Pa, Tỉnh Lào Cai',
     'cau may, tx sa pa, lao cai',
     'exact', '15', ['03006']),
    ('Xã Lũng Cú, Huyện Đồng Văn, Tỉnh Hà Giang',
     'xa lung cu dong van ha giang',
     'exact', '08', ['00715']),
    ('Phường Mường Thanh, Thành phố Điện Biên Phủ, Tỉnh Điện Biên',
     'P. Mường Thanh, TP. Điện Biên Phủ, Điện Biên',
     'exact', '11', ['03127']),
    ('Phường Tân Lợi, Thành phố Buôn Ma Thuột, Tỉnh Đắk Lắk',
     'tan loi, bmt, dak lak',
     'exact', '66', ['24133']),
    ('Phường 1, Thành phố Đà Lạt, Tỉnh Lâm Đồng',
     'P.1, TP. Đà Lạt, Lâm Đồng',
     'exact', '68', ['24781']),
    ('Phường Dương Đông, Thành phố Phú Quốc, Tỉnh Kiên Giang',
     'duong dong, phu quoc, kien giang',
     'exact', '91', ['31078']),
    ('Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau',
     'xa dat mui, ngoc hien, ca mau',
     'exact', '96', ['32248']),
    ('Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh Bình Dương',
     'P. Phú Cường, TP. TDM, Bình Dương',
     'exact', '79', ['25747']),
    ('Phường 1, Thành phố Vũng Tàu, Tỉnh Bà Rịa - Vũng Tàu',
     'phuong 1 tp vung tau brvt',
     'exact', '79', ['26506']),
    ('Phường 1, Thành phố Sóc Trăng, Tỉnh Sóc Trăng',
     'P1, TP Sóc Trăng, Sóc Trăng',
     'exact', '92', ['31510']),
    ('Phường Minh An, Thành phố Hội An, Tỉnh Quảng Nam',
     'minh an hoi an quang nam',
     'exact', '48', ['20410']),
    ('Xã Đàm Thuỷ, Huyện Trùng Khánh, Tỉnh Cao Bằng',
     'xa dam thuy, trung khanh, cao bang',
     'exact', '04', ['01501']),
    ('Xã Trường Yên, Thành phố Hoa Lư, Tỉnh Ninh Bình',
     'Trường Yên, TP Hoa Lư, Ninh Bình',
     'exact', '37', ['14533']),
    ('Thị trấn Đồng Đăng, Huyện Cao Lộc, Tỉnh Lạng Sơn',
     'TT. Đồng Đăng, H. Cao Lộc, Lạng Sơn',
     'exact', '20', ['06184']),
    ('Phường Hoa Lư, Thành phố Pleiku, Tỉnh Gia Lai',
     'p hoa lu pleiku gia lai',
     'exact', '52', ['23575']),
    ('Phường Phú Hội, Quận Thuận Hóa, Thành phố Huế',
     'Phường Phú Hội, TP Huế, TT-Huế',
     'exact', '46', ['19789']),
]


@pytest.mark.parametrize(
    ("formal", "informal", "status", "province", "candidates"), CASES, ids=[c[0] for c in CASES]
)
def test_formal_and_informal_spellings_agree_with_the_nso_table(
    formal, informal, status, province, candidates
):
    for address in (formal, informal):
        result = convert(address)
        assert result["status"] == status, address
        assert [c["code"] for c in result["candidates"]] == candidates, address
        assert result["province"] is not None and result["province"]["code"] == province, address
        if status == "exact":
            assert result["commune"] == result["candidates"][0]
        else:
            assert result["commune"] is None


def test_at_least_30_addresses_in_many_provinces():
    assert len(CASES) >= 30
    assert len({c[3] for c in CASES}) >= 15


def test_bến_nghé_goes_to_phường_sài_gòn():
    assert convert("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh") == {
        "status": "exact",
        "province": {"code": "79", "name": "Thành phố Hồ Chí Minh"},
        "commune": {"code": "26740", "name": "Phường Sài Gòn"},
        "candidates": [{"code": "26740", "name": "Phường Sài Gòn"}],
    }


def test_a_split_ward_lists_every_candidate_and_picks_none():
    result = convert("Phường Kim Mã, Quận Ba Đình, Hà Nội")
    assert result["status"] == "split"
    assert result["commune"] is None
    assert result["candidates"] == [
        {"code": "00004", "name": "Phường Ba Đình"},
        {"code": "00008", "name": "Phường Ngọc Hà"},
        {"code": "00025", "name": "Phường Giảng Võ"},
    ]
