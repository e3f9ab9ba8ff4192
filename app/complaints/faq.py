"""The frequent questions with their approved answers (setting ``faq``), searchable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.i18n import current_language
from app.persistence.search import query_words, words


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer: str


def _entry(item: dict[str, Any]) -> FaqEntry:
    english = current_language() == "en"
    return FaqEntry(item["id"], item["en"] if english else item["ar"],
                    item.get("answer_en", "") if english else item.get("answer_ar", ""))


def search_faq(items: list[dict[str, Any]], text: str) -> list[FaqEntry]:
    """Active entries whose question or answer (in either language) has every word typed."""
    active = [i for i in items if i.get("active", True)]
    terms = query_words(text)
    if not terms:
        return [_entry(i) for i in active]
    found = []
    for item in active:
        haystack = words(" ".join(str(item.get(k, "")) for k in ("ar", "en", "answer_ar", "answer_en")))
        if all(any(w.startswith(o) for w in haystack for o in options) for options in terms):
            found.append(_entry(item))
    return found

