"""Marks the dossier engine's Vietnamese state and action labels for translation, so
`makemessages` collects them (the engine is pure Python and holds plain strings; the UI
translates them with gettext at render time)."""

from django.utils.translation import gettext_noop

STATE_LABELS = [
    gettext_noop("Mới đăng ký"),
    gettext_noop("Được tiếp nhận"),
    gettext_noop("Không được tiếp nhận"),
    gettext_noop("Đang xử lý"),
    gettext_noop("Yêu cầu bổ sung giấy tờ"),
    gettext_noop("Yêu cầu thực hiện nghĩa vụ tài chính"),
    gettext_noop("Công dân yêu cầu rút hồ sơ"),
    gettext_noop("Dừng xử lý"),
    gettext_noop("Đã xử lý xong"),
    gettext_noop("Đã trả kết quả"),
]
ACTION_LABELS = [
    gettext_noop("Nộp hồ sơ"),
    gettext_noop("Tiếp nhận hồ sơ, hẹn trả kết quả"),
    gettext_noop("Từ chối giải quyết hồ sơ"),
    gettext_noop("Chuyển xử lý"),
    gettext_noop("Chuyển bước xử lý"),
    gettext_noop("Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    gettext_noop("Đã nhận hồ sơ bổ sung"),
    gettext_noop("Đã thực hiện nghĩa vụ tài chính"),
    gettext_noop("Xin lỗi và hẹn lại ngày trả kết quả"),
    gettext_noop("Dừng giải quyết hồ sơ"),
    gettext_noop("Đã có kết quả giải quyết"),
    gettext_noop("Trả kết quả"),
    gettext_noop("Đánh giá mức độ hài lòng"),
]
