"""Code sets: the codes the database stores (a plan's status, a talk's method), each with
its words in the reader's language, declared once for models, forms, templates and exports."""

from __future__ import annotations

from enum import StrEnum

from wtforms.fields.choices import SelectChoice


class LabelledEnum(StrEnum):
    """A code set. A member *is* its code, a plain string in the database, a form and an
    export (no migration, no new values), and carries its words, translated when read:

        class Method(LabelledEnum):
            PHONE = "phone", _l("phone")
    """

    def __new__(cls, code: str, label=None):
        member = str.__new__(cls, code)
        member._value_ = code
        member._words = code if label is None else label
        return member

    @property
    def label(self) -> str:
        return str(self._words)

    @classmethod
    def find(cls, code: str | None):
        """The member of this code, or None for a code outside the set."""
        return cls._value2member_map_.get(code)

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The words for a code read from the database; a code outside the set as it is
        (an older or imported value shows rather than fails), nothing for no code."""
        if not code:
            return ""
        member = cls.find(code)
        return member.label if member is not None else str(code)

    @classmethod
    def choices(cls, codes=None, blank: str | None = None) -> list[SelectChoice]:
        """A select field's options, in the set's order or the order of `codes`; `blank`
        heads them with an empty choice of those words. The words stay lazy, so a form
        declared at import reads them in each request's language."""
        head = [SelectChoice("", blank)] if blank is not None else []
        members = list(cls) if codes is None else [cls(code) for code in codes]
        return head + [SelectChoice(member.value, member._words) for member in members]


def labeller(sets: dict[str, type[LabelledEnum]]):
    """`label(kind, code)` over a module's code sets, for templates that name the set."""

    def label(kind: str, code: str | None) -> str:
        return sets[kind].label_of(code)

    return label
