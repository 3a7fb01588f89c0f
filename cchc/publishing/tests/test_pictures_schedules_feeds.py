"""Pictures with their alt text on every channel, A3 posters, the loudspeakers' schedule counted as broadcasts, the
calendar's month, week and list with moving a piece to another day, and the portal's Atom feed and sitemap."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cchc.execution.models import LoggedResult
from cchc.publishing import services
from cchc.publishing.models import Piece, PieceStatus, Publication
from cchc.publishing.services import PublishingError
from cchc.publishing.tests.support import accounts, approved, draft

pytestmark = pytest.mark.django_db


def png(name: str = "hoi-nghi.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


ALT = "Cán bộ xã hướng dẫn người dân nộp hồ sơ trực tuyến tại bộ phận một cửa"


def test_a_picture_goes_out_with_its_alt_text_on_each_channel(
    world_issued: Any, client: Any, fake: Any, plan_day: dt.date, jobs: Any
) -> None:
    cast = world_issued
    accounts(cast)
    piece = draft(cast, ["portal", "facebook", "zalo"])
    image = services.add_image(cast.officer, piece, png(), ALT)
    # Not approved yet: the picture is the unit's own.
    assert client.get(reverse("publishing:image", args=[image.pk])).status_code == 404
    piece = approved(cast, piece)
    with jobs():
        services.publish_piece(cast.officer, piece)
    address = f"https://cchc.example.gov.vn/tin-tuc/anh/{image.pk}/"
    calls = {path: data for path, data, _ in fake.calls}
    photo = calls["/1234567890/photos"]  # Facebook: a photo post, not a link post
    assert photo["url"] == address and photo["alt_text_custom"] == ALT and piece.title in photo["caption"]
    assert {"type": "photo", "url": address, "caption": ALT} in calls["/v2.0/article/create"]["body"]
    page = client.get(reverse("publishing:news_detail", args=[piece.pk])).content.decode()
    assert f'alt="{ALT}"' in page
    served = client.get(reverse("publishing:image", args=[image.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    rss = client.get(reverse("publishing:news_feed")).content.decode()
    assert '<enclosure length="' in rss and f'type="image/png" url="{address}"' in rss


def test_a_picture_needs_its_description_and_must_be_a_real_image(world_issued: Any, settings: Any) -> None:
    cast = world_issued
    piece = draft(cast, ["portal"])
    with pytest.raises(PublishingError, match="mô tả ảnh"):
        services.add_image(cast.officer, piece, png(), "  ảnh ")
    exe = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    with pytest.raises(PublishingError, match="không phải"):
        services.add_image(cast.officer, piece, exe, ALT)
    big = png()
    big.size = 6 * 1024 * 1024
    with pytest.raises(PublishingError, match="quá lớn"):
        services.add_image(cast.officer, piece, big, ALT)
    for _ in range(services.MAX_IMAGES):
        services.add_image(cast.officer, piece, png(), ALT)
    with pytest.raises(PublishingError, match="tối đa 4 ảnh"):
        services.add_image(cast.officer, piece, png(), ALT)
    assert piece.images.count() == services.MAX_IMAGES


def test_changing_the_pictures_of_an_approved_piece_asks_the_leader_again(world_issued: Any, client: Any) -> None:
    cast = world_issued
    piece = approved(cast, draft(cast, ["portal"]))
    client.force_login(cast.officer)
    response = client.post(reverse("publishing:image_add", args=[piece.pk]), {"image": png(), "alt": ALT})
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.status == PieceStatus.SUBMITTED and piece.images.get().alt == ALT
    # Another unit's officer can neither add nor remove it.
    client.force_login(cast.other_officer)
    assert (
        client.post(reverse("publishing:image_add", args=[piece.pk]), {"image": png(), "alt": ALT}).status_code == 404
    )
    assert client.post(reverse("publishing:image_remove", args=[piece.images.get().pk])).status_code == 404
    assert piece.images.count() == 1


def test_an_a3_poster_is_a3_with_its_bleed(world_issued: Any, fake: Any, tmp_path: Path, jobs: Any) -> None:
    piece = approved(world_issued, draft(world_issued, ["poster"], paper="A3"))
    with jobs():
        services.publish_piece(world_issued.officer, piece)
    pdf = tmp_path / "a3.pdf"
    pdf.write_bytes(Publication.objects.get(piece=piece).file.read())
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "858.898 x 1207.56 pts" in size  # A3 (297 x 420 mm) with 3 mm bleed on each side


@pytest.mark.skipif(not shutil.which("espeak-ng") or not shutil.which("sox"), reason="espeak-ng, sox")
def test_the_bulletins_schedule_is_logged_as_its_broadcasts(
    world_issued: Any, fake: Any, plan_day: dt.date, jobs: Any
) -> None:
    cast = world_issued
    times = services.parse_broadcast_times("17h30, 6:00 06:00")
    assert times == ["06:00", "17:30"]
    piece = approved(cast, draft(cast, ["radio"], genre="bulletin", broadcast_times=times, broadcast_days=3))
    with jobs():
        services.publish_piece(cast.officer, piece)
    result = LoggedResult.objects.get(assignment=piece.assignment, kind="loudspeaker")
    assert result.broadcasts == 6 and "06:00, 17:30 mỗi ngày, 3 ngày từ 12/06/2024" in result.note
    with pytest.raises(PublishingError, match="25:00"):
        services.parse_broadcast_times("06:00, 25:00")


def test_the_calendar_shows_a_month_a_week_and_a_list_and_a_piece_moves_by_drag_or_form(
    world_issued: Any, client: Any
) -> None:
    cast = world_issued
    piece = draft(cast, ["portal"], scheduled_for=dt.date(2024, 6, 12))
    client.force_login(cast.officer)
    month = client.get(reverse("publishing:calendar") + "?thang=2024-06").content.decode()
    move = reverse("publishing:piece_reschedule", args=[piece.pk])
    assert f'data-move="{move}"' in month and 'data-day="2024-06-12"' in month and "Thứ Hai" in month
    week = client.get(reverse("publishing:calendar") + "?xem=tuan&tuan=2024-06-13").content.decode()
    assert "tuần 10/06 – 16/06/2024" in week and piece.title in week
    listing = client.get(reverse("publishing:calendar") + "?xem=danh-sach&thang=2024-06").content.decode()
    assert piece.title in listing
    back = reverse("publishing:calendar") + "?thang=2024-06"
    response = client.post(move, {"day": "2024-06-20", "tiep": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Piece.objects.get(pk=piece.pk).scheduled_for == dt.date(2024, 6, 20)
    # Somewhere else than the calendar is not followed; a wrong date changes nothing.
    assert client.post(move, {"day": "2024-06-21", "tiep": "https://evil.example/"})["Location"].endswith(
        f"/xuat-ban/bai/{piece.pk}/"
    )
    client.post(move, {"day": "31/02/2024"})
    assert Piece.objects.get(pk=piece.pk).scheduled_for == dt.date(2024, 6, 21)
    client.force_login(cast.other_officer)
    assert client.post(move, {"day": "2024-06-25"}).status_code == 404


def test_a_published_piece_keeps_its_day(world_issued: Any, fake: Any, jobs: Any) -> None:
    cast = world_issued
    piece = approved(cast, draft(cast, ["portal"]))
    with jobs():
        services.publish_piece(cast.officer, piece)
    with pytest.raises(PublishingError, match="đã đăng"):
        services.reschedule_piece(cast.officer, piece, dt.date(2024, 7, 1))


def test_the_portal_has_a_section_for_questions_and_answers_on_procedures(
    world_issued: Any, client: Any, fake: Any, jobs: Any
) -> None:
    cast = world_issued
    news = approved(cast, draft(cast, ["portal"], title="Hội nghị tập huấn CCHC"))
    qa = approved(cast, draft(cast, ["portal"], title="Hỏi – đáp: khai sinh", genre="procedure_qa"))
    with jobs():
        services.publish_piece(cast.officer, news)
        services.publish_piece(cast.officer, qa)
    section = client.get(reverse("publishing:news") + "?chuyen-muc=hoi-dap").content.decode()
    assert qa.title in section and news.title not in section
    everything = client.get(reverse("publishing:news")).content.decode()
    assert qa.title in everything and news.title in everything


def test_the_portal_has_an_atom_feed_and_a_sitemap(world_issued: Any, client: Any, fake: Any, jobs: Any) -> None:
    cast = world_issued
    piece = approved(cast, draft(cast, ["portal"]))
    hidden = draft(cast, ["portal"], title="Bài chưa duyệt")
    with jobs():
        services.publish_piece(cast.officer, piece)
    atom = client.get(reverse("publishing:news_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert piece.title in atom.content.decode() and hidden.title not in atom.content.decode()
    sitemap = client.get(reverse("publishing:sitemap")).content.decode()
    assert f"<loc>https://cchc.example.gov.vn/tin-tuc/{piece.pk}/</loc>" in sitemap
    assert f"/tin-tuc/{hidden.pk}/" not in sitemap
