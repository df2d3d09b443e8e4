import pytest

from bot.compliance.redact import luhn_valid, mask_personal_data, mask_value


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("my card is 4111 1111 1111 1111 thanks", "my card is **** **** **** 1111 thanks"),
        ("4111-1111-1111-1111", "**** **** **** 1111"),
        ("4111111111111111", "**** **** **** 1111"),
        ("卡号6222021234567890128", "卡号**** **** **** **** 0128"),
        ("amex 378282246310005.", "amex **** **** **** 0005."),
        # a trailing group that breaks the checksum is not part of the card
        ("4111 1111 1111 1111 2024", "**** **** **** 1111 2024"),
    ],
)
def test_card_numbers_keep_last_four(typed: str, stored: str) -> None:
    assert mask_personal_data(typed) == stored


@pytest.mark.parametrize(
    "text",
    [
        "I can pay 1234567890 over time",  # 10 digits: too short for a card
        "card 4111 1111 1111 1112",  # fails the Luhn check
        "I owe 12000.50 and paid 3,000 on 2024-03-15",
        "order 20240315 ref 778899",
        "",
    ],
)
def test_numbers_that_are_not_personal_data_stay(text: str) -> None:
    assert mask_personal_data(text) == text


def test_chinese_id_numbers() -> None:
    assert mask_personal_data("身份证号110105194912310021") == "身份证号**************0021"
    assert mask_personal_data("id 11010519491231002X ok") == "id **************002X ok"
    assert mask_personal_data("id 11010519491231002x") == "id **************002x"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("call 13812345678", "call *******5678"),
        ("手机 138-1234-5678 谢谢", "手机 ***-****-5678 谢谢"),
        ("+86 138 1234 5678", "+86 *** **** 5678"),
        ("(555) 123-4567", "(***) ***-4567"),
        ("555-123-4567", "***-***-4567"),
        ("555.123.4567", "***.***.4567"),
        ("+1 555 123 4567", "+1 *** *** 4567"),
    ],
)
def test_phone_numbers(typed: str, stored: str) -> None:
    assert mask_personal_data(typed) == stored


def test_masking_is_idempotent_and_handles_several_numbers() -> None:
    text = "card 4111111111111111, phone 13812345678, id 110105194912310021"
    once = mask_personal_data(text)
    assert once == "card **** **** **** 1111, phone *******5678, id **************0021"
    assert mask_personal_data(once) == once


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


def test_mask_value_keeps_separators() -> None:
    assert mask_value("138-1234-5678") == "***-****-5678"
    assert mask_value("1234") == "****"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("卡号４１１１　１１１１　１１１１　１１１１", "卡号**** **** **** 1111"),
        ("手机１３８１２３４５６７８，谢谢", "手机*******5678，谢谢"),
        ("＋８６ １３８－１２３４－５６７８", "+86 ***-****-5678"),
        ("身份证１１０１０５１９４９１２３１００２Ｘ", "身份证**************002X"),
    ],
)
def test_full_width_digits_from_chinese_input_methods_are_masked(typed: str, stored: str) -> None:
    assert mask_personal_data(typed) == stored


def test_full_width_text_without_personal_numbers_is_kept_as_typed() -> None:
    assert mask_personal_data("我每月还５００元，共１２个月，２０２６年３月开始") == (
        "我每月还５００元，共１２个月，２０２６年３月开始"
    )
