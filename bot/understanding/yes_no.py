"""Yes and no as debtors type them (en, zh after folding), and what only looks like one."""

from __future__ import annotations

import re

_YES_PATTERN = (
    r"^(?:yes+|yeah|yea|yep|yup|ya|yas|y|ok+|okay|okey|oki|k|kk|sure|fine|alright|all\s+right|agreed?|deal"
    r"|confirm(?:ed)?|correct|right|absolutely|definitely|of\s+course|sounds\s+good|that\s+works"
    r"|works\s+for\s+me|go\s+ahead|do\s+it|let'?s\s+do\s+it|perfect|great|good|please\s+do|i\s+accept"
    r"|accept(?:ed)?|i\s+agree|that'?s\s+fine|no\s+problem|np|no\s+worries|why\s+not|not\s+bad|yes\s+please"
    r"|yessir|cool|certainly|will\s+do|that'?s\s+right|that\s+is\s+right"
    r"|sounds\s+(?:great|fine|perfect|ok|okay|right)|looks\s+(?:good|great|fine|ok|okay|right)"
    r"|(?:please\s+)?(?:record|book|save|set\s+up)\s+(?:it|that|this|the\s+plan)|go\s+for\s+it"
    r"|let'?s\s+(?:go\s+with|do)\s+(?:that|it|this)|i\s+can\s+do\s+(?:that|it|this)"
    r"|(?:i'?m\s+)?happy\s+with\s+(?:that|it|this)|that'?s\s+(?:perfect|great|good|ok|okay))(?![a-z])"
    r"|^(?:好|可以|行|对|是|嗯|恩|没有问题|没问题|同意|确认|确定|就这样|接受|当然|没错|成|中|要的|好滴|好嘞|没毛病|妥"
    r"|我同意|就这么(?:定|办)|就(?:按|照)(?:这个|这样)|(?:按|照|按照)这个(?:计划|计画|方案)"
    r"|(?:那|那就|就)?(?:按|照|按照)你(?:们)?说的(?:办|来|吧|做)?"
    r"|(?:这个|这样)(?:可以|行|好)(?![吗么嘛不?？]))"
    r"|^(?:👍|👌|✅|🙆|🆗|✔|☑)"
)
_NO_PATTERN = (
    r"^(?:no+|nope|nah|n|not\s+really|not\s+now|no\s+thanks?|no\s+thank\s+you|i\s+don'?t\s+want|don'?t\s+want"
    r"|negative|never|cancel|i\s+decline|decline|not\s+interested|no\s+way|i\s+can'?t\s+do\s+that"
    r"|i\s+disagree|disagree|wrong|incorrect|reject)(?![a-z])"
    r"|^(?:不|没有|没|别|否|拒绝|算了)"
    r"|^(?:👎|❌|🙅|✖)"
)
# Leading words that look like yes/no but are not answers.
_NOT_AN_ANSWER = re.compile(
    r"^(?:不错|不好意思|不客气|不知道|不确定|不清楚|好像|好多|好几|是不是|是否|对不起|行不行|可以吗|"
    r"可不可以|要不|要是|不一定|没关系|no\s+idea|not\s+sure|no\s+clue|k\w{2,}|y\w+\?|right\s+now|fine\s+print"
    # nobody, not a no: "no one cares about me", "no one told me about the fee", 没人在乎我
    r"|no\s*-?\s*one\b|no\s+body\b|没(?:有)?(?:任何)?人(?!民))"
)
YES = re.compile(_YES_PATTERN)
NO = re.compile(_NO_PATTERN)


def yes_no(text: str) -> tuple[str, str] | None:
    """``("yes" | "no", the words)`` when folded ``text`` opens with an answer, else None."""
    stripped = re.sub(r"^[\s\W_]+(?=\w)", "", text.strip()) or text.strip()
    if not stripped or _NOT_AN_ANSWER.match(stripped):
        return None
    yes, no = YES.match(stripped), NO.match(stripped)
    if yes and (not no or len(yes.group(0)) >= len(no.group(0))):
        return ("yes", yes.group(0))
    if no:
        return ("no", no.group(0))
    return None
