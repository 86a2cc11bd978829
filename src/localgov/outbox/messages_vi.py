"""The Vietnamese texts of the applicant's notifications and the officers' digest: one template per
event, versioned. Pure: no Django import. A sent message records the version it used
(`Message.template_version`); a change of wording is a new version, the old one kept, so what a
citizen received can always be shown again as it was.

Placeholders: {code} the dossier code, {procedure} the procedure's name, {due} the appointment,
{missing} what to supplement, {until} the supplement's limit, {reason}, {where} where the result is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    subject: str
    email: str
    sms: str


_SIGN = "\n\nThư này được gửi tự động từ hệ thống giải quyết thủ tục hành chính; vui lòng không trả lời."

TEMPLATES: dict[str, dict[str, Template]] = {
    # Decree 118 Art. 17(1)(c), 17(3): Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01).
    "receipt": {"v1": Template(
        "Hồ sơ {code} đã được tiếp nhận",
        "Hồ sơ {code} ({procedure}) đã được tiếp nhận.\nNgày hẹn trả kết quả: {due}.\n"
        "Tra cứu tiến độ bằng mã hồ sơ và mã bí mật in trên giấy tiếp nhận." + _SIGN,
        "Ho so {code} da duoc tiep nhan. Hen tra ket qua: {due}.")},
    # Art. 17(1)(c), 19(5): Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).
    "supplement": {"v1": Template(
        "Hồ sơ {code}: yêu cầu bổ sung, hoàn thiện",
        "Hồ sơ {code} ({procedure}) cần bổ sung, hoàn thiện:\n{missing}\n"
        "Vui lòng bổ sung trước {until}; quá hạn này hồ sơ sẽ bị dừng giải quyết (Điều 19 khoản 5 "
        "Nghị định 118/2025/NĐ-CP). Thời hạn giải quyết được tính lại từ đầu khi nhận đủ hồ sơ." + _SIGN,
        "Ho so {code} can bo sung: {missing}. Han bo sung: {until}.")},
    # Art. 17(1)(c), 19(3): Phiếu từ chối giải quyết hồ sơ (Mẫu 03).
    "refusal": {"v1": Template(
        "Hồ sơ {code}: từ chối giải quyết",
        "Hồ sơ {code} ({procedure}) không được giải quyết.\nLý do: {reason}" + _SIGN,
        "Ho so {code} bi tu choi giai quyet. Ly do: {reason}")},
    # Art. 19(6), 12(5): Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04).
    "apology": {"v1": Template(
        "Hồ sơ {code}: xin lỗi và hẹn lại ngày trả kết quả",
        "Cơ quan giải quyết xin lỗi vì hồ sơ {code} ({procedure}) không thể trả kết quả đúng hẹn.\n"
        "Lý do: {reason}\nNgày hẹn trả kết quả mới: {due}." + _SIGN,
        "Xin loi: ho so {code} tre han. Hen tra moi: {due}. Ly do: {reason}")},
    # Art. 22(3), 22(5): the result and where it is returned.
    "result": {"v1": Template(
        "Hồ sơ {code} đã có kết quả",
        "Hồ sơ {code} ({procedure}) đã có kết quả giải quyết.\nNhận kết quả: {where}." + _SIGN,
        "Ho so {code} da co ket qua. Nhan ket qua: {where}.")},
    # Art. 21; Circular 03/2025 Art. 7: Thông báo dừng giải quyết hồ sơ (Mẫu 05).
    "stopped": {"v1": Template(
        "Hồ sơ {code}: dừng giải quyết",
        "Hồ sơ {code} ({procedure}) đã dừng giải quyết.\nLý do: {reason}" + _SIGN,
        "Ho so {code} da dung giai quyet. Ly do: {reason}")},
    # Art. 21(1)-(2): the applicant's request to withdraw, received.
    "withdrawal": {"v1": Template(
        "Hồ sơ {code}: đã nhận yêu cầu rút hồ sơ",
        "Cơ quan đã nhận yêu cầu rút hồ sơ {code} ({procedure}) và sẽ thông báo khi dừng giải quyết." + _SIGN,
        "Da nhan yeu cau rut ho so {code}.")},
    # The officers' daily digest (e-mail only).
    "digest": {"v1": Template(
        "Hồ sơ đến hạn ngày mai và quá hạn ({day})",
        "Hồ sơ đến hạn ngày mai: {due_tomorrow}\n{due_list}\n\nHồ sơ đã quá hạn: {overdue}\n{overdue_list}" + _SIGN,
        "")},
}

#: The version used for new messages.
CURRENT: dict[str, str] = {topic: max(versions) for topic, versions in TEMPLATES.items()}
CURRENT["sync"] = ""

WHERE = {
    "centre": "tại {centre}",
    "post": "qua dịch vụ bưu chính công ích đến địa chỉ đã đăng ký",
    "online": "trực tuyến trên Cổng dịch vụ công (kết quả điện tử)",
}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def render(topic: str, version: str, channel: str, context: dict[str, str]) -> tuple[str, str]:
    """(subject, body) of `topic` in `version` for `channel` ("email" or "sms")."""
    template = TEMPLATES[topic][version]
    values = _Blank(context)
    body = template.sms if channel == "sms" else template.email
    return template.subject.format_map(values), body.format_map(values)
