"""Who may read and change question banks: the staff of the bank's unit (owners and officers) and administrators.
A bank's questions and answers are never public: takers see only the questions drawn for them, without answers."""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import QuerySet

from cchc.accounts.models import Role, User
from cchc.accounts.types import Viewer, signed_in
from cchc.core.access import first_or_404
from cchc.questions.models import Question, QuestionBank, QuestionImport

ORGANISER_ROLES = (Role.OWNER, Role.OFFICER)


def is_organiser(user: Viewer | None) -> TypeGuard[User]:
    """Staff who may organise contests and surveys for their unit (and administrators, for any)."""
    if not signed_in(user):
        return False
    return bool(user.is_admin or (user.role in ORGANISER_ROLES and user.unit_id is not None))


def organiser_unit_filter(user: Viewer | None, field: str = "owner_unit") -> dict[str, int | None] | None:
    """The filter of objects an organiser manages (all for administrators, None when the user manages none)."""
    if not is_organiser(user):
        return None
    return {} if user.is_admin else {f"{field}_id": user.unit_id}


def manageable_banks(user: Viewer, purpose: str | None = None) -> QuerySet[QuestionBank]:
    scope = organiser_unit_filter(user)
    if scope is None:
        return QuestionBank.objects.none()
    return QuestionBank.objects.filter(**scope, **({"purpose": purpose} if purpose else {}))


def get_bank_for_user(user: Viewer, bank_id: int) -> QuestionBank:
    return first_or_404(
        manageable_banks(user).select_related("owner_unit").filter(pk=bank_id), "Không tìm thấy ngân hàng câu hỏi."
    )


def get_import_for_user(user: Viewer, import_id: int) -> QuestionImport:
    return first_or_404(
        QuestionImport.objects.filter(pk=import_id, bank__in=manageable_banks(user)).select_related("bank"),
        "Không tìm thấy tệp nhập câu hỏi.",
    )


def get_question_for_user(user: Viewer, question_id: int) -> Question:
    return first_or_404(
        Question.objects.filter(pk=question_id, bank__in=manageable_banks(user)).select_related("bank"),
        "Không tìm thấy câu hỏi.",
    )
