import pytest

from bot.compliance.phrases import (
    banned_phrases,
    check_prompts,
    find_banned,
)
from bot.config import ComplianceSettings


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Pay today or you will be arrested.", ["arrested"]),
        ("You could go to JAIL for this", ["jail"]),
        ("The police   will come to your door", ["police will come"]),
        (
            "We will tell your employer and tell your family",
            ["tell your employer", "tell your family"],
        ),
        ("You’ll regret ignoring us, deadbeat", ["you'll regret", "deadbeat"]),
        ("再不还钱就让你坐牢", ["坐牢"]),
        ("我们会起诉你家人，还要曝光你", ["起诉你家人", "曝光"]),
        ("我们会告诉你的同事", ["告诉你的同事"]),
        ("我們會告訴你的同事", ["告訴你的同事"]),
        ("不还就打你通讯录里的人", ["通讯录"]),
    ],
)
def test_banned_phrases_found_in_english_and_chinese(text: str, found: list[str]) -> None:
    assert find_banned(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "How do I jailbreak my phone?",
        "Your arrears are 500 USD; the arrangement starts Monday.",
        "Imprisonment is not something we can or will ask for.".replace(
            "Imprisonment", "Prisoners"
        ),
        "You can pay in full or in instalments, whatever works for you.",
        "您好，我是还款助手，可以帮您制定适合您的还款计划。",
        "我們可以幫您安排分期付款。",
    ],
)
def test_innocent_text_passes(text: str) -> None:
    assert find_banned(text) == []


def test_extra_phrases_from_config() -> None:
    settings = ComplianceSettings(extra_banned_phrases=["final warning", "黑名单"])
    extra = settings.extra_banned_phrases
    assert find_banned("This is your FINAL warning", extra) == ["final warning"]
    assert find_banned("加入黑名单", extra) == ["黑名单"]
    assert "final warning" in banned_phrases(settings)
    assert find_banned("This is your final warning") == []


def test_check_prompts_names_key_and_phrase() -> None:
    prompts = {
        "greeting": "Hello, I can help you set up a plan.",
        "reminder": "Pay now or the police will come.",
        "zh_reminder": "不还款就坐牢",
    }
    assert check_prompts(prompts) == [
        ("reminder", "police will come"),
        ("zh_reminder", "坐牢"),
    ]
    assert check_prompts({"greeting": "Hello"}) == []
