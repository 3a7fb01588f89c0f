"""The only way a request reaches pieces and their publications: a unit sees and writes its own, a leader reads and
approves those of the units under theirs; citizens see what went out on the portal."""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import Q, QuerySet
from django.http import Http404

from cchc.accounts.models import Role, User
from cchc.accounts.types import Viewer
from cchc.core.access import first_or_404
from cchc.execution.access import loggable_assignments
from cchc.execution.models import Assignment
from cchc.publishing.models import ChannelKind, Piece, PieceImage, PieceStatus, Publication, PublicationStatus
from cchc.units.models import Unit


def _staff(user: Viewer) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated and (user.is_admin or user.unit is not None)


def readable_pieces(user: Viewer) -> QuerySet[Piece]:
    pieces = Piece.objects.select_related("unit", "assignment")
    if not _staff(user):
        return pieces.none()
    if user.is_admin:
        return pieces
    assert user.unit is not None
    if user.role == Role.LEADER:
        return pieces.filter(unit__path__startswith=user.unit.path)
    if user.role in (Role.OFFICER, Role.OWNER):
        return pieces.filter(Q(unit=user.unit) | Q(assignment__plan__owner_unit=user.unit))
    return pieces.none()


def _writer(user: Viewer, unit_id: int) -> bool:
    """An administrator, or an officer or owner office of the unit."""
    return _staff(user) and (user.is_admin or (user.role in (Role.OFFICER, Role.OWNER) and user.unit_id == unit_id))


def writable_unit_ids(user: Viewer) -> list[int]:
    """Units a user may write pieces for: their own."""
    return [user.unit_id] if _staff(user) and user.unit_id and _writer(user, user.unit_id) else []


def can_edit(user: Viewer, piece: Piece) -> bool:
    """The unit that writes the piece edits it until it is published."""
    return piece.status != PieceStatus.PUBLISHED and _writer(user, piece.unit_id)


def can_approve(user: Viewer, piece: Piece) -> bool:
    """A leader of the piece's unit or of a unit above it (or an administrator) approves what goes out."""
    if piece.status != PieceStatus.SUBMITTED or not _staff(user):
        return False
    return user.is_admin or (
        user.role == Role.LEADER and user.unit is not None and piece.unit.path.startswith(user.unit.path)
    )


def can_publish(user: Viewer, piece: Piece) -> bool:
    """The writing unit sends an approved piece (and sends again to the channels that failed)."""
    return piece.status in (PieceStatus.APPROVED, PieceStatus.PUBLISHED) and _writer(user, piece.unit_id)


def get_piece_for_user(user: Viewer, piece_id: int) -> Piece:
    return first_or_404(readable_pieces(user).filter(pk=piece_id), "Không tìm thấy bài đăng.")


def get_publication_for_user(user: Viewer, publication_id: int) -> Publication:
    return first_or_404(
        Publication.objects.filter(pk=publication_id, piece__in=readable_pieces(user)), "Không tìm thấy tệp."
    )


def get_image_for_user(user: Viewer, image_id: int) -> PieceImage:
    """A piece's picture: its readers see it at any time; anyone once a leader approved the piece, since the
    channels (Zalo, Facebook, the newsletter's readers) fetch it from its address."""
    out = (PieceStatus.APPROVED, PieceStatus.PUBLISHED)
    return first_or_404(
        PieceImage.objects.filter(Q(piece__in=readable_pieces(user)) | Q(piece__status__in=out), pk=image_id),
        "Không tìm thấy ảnh.",
    )


def get_image_to_edit(user: Viewer, image_id: int) -> PieceImage:
    image = PieceImage.objects.filter(pk=image_id, piece__in=readable_pieces(user)).select_related("piece").first()
    if image is None or not can_edit(user, image.piece):
        raise Http404("Không tìm thấy ảnh.")
    return image


def public_news() -> QuerySet[Piece]:
    """Pieces that went out on the portal: anyone may read them."""
    sent = Publication.objects.filter(channel=ChannelKind.PORTAL, status=PublicationStatus.SENT)
    return Piece.objects.filter(publications__in=sent).select_related("unit").order_by("-publications__published_at")


def get_public_news(piece_id: int) -> Piece:
    return first_or_404(public_news().filter(pk=piece_id), "Không tìm thấy tin.")


def writing_unit(user: Viewer) -> Unit | None:
    """The unit the user writes pieces for (the first of `writable_unit_ids`), None for someone who writes none."""
    ids = writable_unit_ids(user)
    return Unit.objects.get(pk=ids[0]) if ids else None


def attachable_assignments(user: Viewer, unit: Unit) -> QuerySet[Assignment]:
    """The assignments a piece of the unit may report on: the unit's active ones the user records results for."""
    return loggable_assignments(user).filter(unit=unit, is_active=True)


def attachable_assignment(user: Viewer, unit: Unit, assignment_id: int) -> Assignment | None:
    return attachable_assignments(user, unit).filter(pk=assignment_id).first()
