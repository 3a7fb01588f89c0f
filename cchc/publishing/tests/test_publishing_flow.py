"""A district officer writes one piece for an assignment, a leader approves it, and it goes out to the portal, a
Facebook Page and a Zalo Official Account (local fake servers speaking their APIs), as a radio bulletin and as a
poster; each publication is logged against the assignment. Failures stay on their channel."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from cchc.execution.models import LoggedResult
from cchc.publishing import services
from cchc.publishing.models import ChannelKind, Piece, PieceStatus, Publication, PublicationStatus
from cchc.publishing.services import PieceInput, PublishingError
from cchc.publishing.tests.support import accounts, approved, draft

pytestmark = pytest.mark.django_db
CHANNELS = ["portal", "facebook", "zalo", "radio", "poster"]
needs_speech = pytest.mark.skipif(not shutil.which("espeak-ng") or not shutil.which("sox"), reason="espeak-ng, sox")


@needs_speech
def test_one_piece_goes_out_on_every_channel_and_each_is_logged(
    world_issued: Any, client: Any, fake: Any, plan_day: dt.date, jobs: Any
) -> None:
    cast = world_issued
    accounts(cast)
    piece = approved(cast, draft(cast, CHANNELS))
    client.force_login(cast.officer)
    step = reverse("publishing:piece_step", args=[piece.pk, "dang"])
    asked = client.post(step)  # first the confirmation naming the channels; nothing is sent yet
    assert asked.status_code == 200 and "Đăng bài" in asked.content.decode()
    assert not Publication.objects.filter(piece=piece).exists()
    with jobs():
        response = client.post(step, {"xac_nhan": "1"})
    assert response.status_code == 302
    sent = {p.channel: p for p in Publication.objects.filter(piece=piece)}
    assert {k: p.status for k, p in sent.items()} == dict.fromkeys(CHANNELS, PublicationStatus.SENT)
    # Facebook got the page's feed call with the decrypted token; Zalo the article with its header.
    (fb_path, fb_data, _), (zalo_path, zalo_data, zalo_headers) = sorted(fake.calls, key=lambda c: c[0])
    assert fb_path == "/1234567890/feed" and fb_data["access_token"] == "token-facebook"
    assert fb_data["message"].startswith("Đăng ký khai sinh trực tuyến") and fb_data["link"] == piece.link
    assert zalo_path == "/v2.0/article/create" and zalo_headers["access_token"] == "token-zalo"
    assert zalo_data["title"] == piece.title and zalo_data["body"][1]["content"] == "Lệ phí: miễn phí."
    assert sent["facebook"].remote_id.startswith("page_") and sent["zalo"].remote_id.startswith("zalo-")
    # Each publication is a result of the assignment, dated the day it went out; the poster is its evidence.
    results = LoggedResult.objects.filter(assignment=piece.assignment, date=plan_day)
    assert sorted(results.values_list("kind", flat=True)) == sorted(
        ["portal_news", "social_post", "social_post", "loudspeaker", "visual"]
    )
    assert results.get(kind="portal_news").link == f"https://cchc.example.gov.vn/tin-tuc/{piece.pk}/"
    assert results.get(kind="visual").evidence.count() == 1
    piece.refresh_from_db()
    assert piece.status == PieceStatus.PUBLISHED
    # The portal shows it to anyone, in its list, page and RSS feed.
    client.logout()
    assert piece.title in client.get(reverse("publishing:news")).content.decode()
    assert "miễn phí" in client.get(reverse("publishing:news_detail", args=[piece.pk])).content.decode()
    assert piece.title in client.get(reverse("publishing:news_feed")).content.decode()
    # Publishing again sends nothing twice.
    with jobs():
        services.publish_piece(cast.officer, piece)
    assert len(fake.calls) == 2 and results.count() == 5


def test_the_poster_qr_code_decodes_to_the_pieces_link(world_issued: Any, fake: Any, tmp_path: Path, jobs: Any) -> None:
    import zxingcpp
    from PIL import Image

    piece = approved(world_issued, draft(world_issued, ["poster"]))
    with jobs():
        services.publish_piece(world_issued.officer, piece)
    publication = Publication.objects.get(piece=piece)
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(publication.file.read())
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    (found,) = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert found.text == piece.link
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "612.283 x 858.898 pts" in size  # A4 (595 x 842 pt) with 3 mm bleed on each side


@needs_speech
def test_the_radio_bulletin_is_spoken_audio(world_issued: Any, fake: Any, tmp_path: Path, jobs: Any) -> None:
    piece = approved(world_issued, draft(world_issued, ["radio"], genre="bulletin"))
    with jobs():
        services.publish_piece(world_issued.officer, piece)
    publication = Publication.objects.get(piece=piece)
    audio = tmp_path / "ban-tin.ogg"
    audio.write_bytes(publication.file.read())
    seconds = float(subprocess.run(["soxi", "-D", str(audio)], capture_output=True, text=True, check=True).stdout)
    assert seconds > 5 and publication.status == PublicationStatus.SENT


def test_a_channel_that_refuses_does_not_stop_the_others_and_is_not_logged(
    world_issued: Any, fake: Any, plan_day: dt.date, jobs: Any
) -> None:
    cast = world_issued
    accounts(cast)
    fake.answers["/1234567890/feed"] = (400, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
    piece = approved(cast, draft(cast, ["portal", "facebook", "zalo"]))
    with jobs():
        services.publish_piece(cast.officer, piece)
    status = dict(Publication.objects.filter(piece=piece).values_list("channel", "status"))
    assert status == {"portal": "sent", "facebook": "failed", "zalo": "sent"}
    facebook = Publication.objects.get(piece=piece, channel="facebook")
    assert "khóa truy cập đã hết hạn" in facebook.error and facebook.result is None
    assert LoggedResult.objects.filter(assignment=piece.assignment).count() == 2
    # Once the token is renewed, sending again reaches Facebook only.
    fake.answers.clear()
    with jobs():
        services.publish_piece(cast.officer, piece)
    assert Publication.objects.get(pk=facebook.pk).status == "sent"
    assert [c[0] for c in fake.calls].count("/v2.0/article/create") == 1


def test_an_unreachable_channel_fails_with_a_message(
    world_issued: Any, settings: Any, tmp_path: Path, jobs: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.ZALO_API_URL = "http://127.0.0.1:9"  # nothing listens there
    accounts(world_issued)
    piece = approved(world_issued, draft(world_issued, ["zalo"]))
    with jobs():
        services.publish_piece(world_issued.officer, piece)
    publication = Publication.objects.get(piece=piece)
    assert publication.status == "failed" and "Không kết nối được Zalo" in publication.error


def test_what_a_channel_would_refuse_is_said_before_approval(world_issued: Any) -> None:
    cast = world_issued
    long_title = draft(cast, ["zalo"], title="Thông báo " * 20)
    with pytest.raises(PublishingError, match=r"tiêu đề dài quá 150 ký tự.*chưa khai báo tài khoản"):
        services.submit_piece(cast.officer, long_title)
    emoji = draft(cast, ["radio"], body="Kính mời bà con 😀 dự hội nghị ★")
    with pytest.raises(PublishingError, match=r"không đọc được: 😀 ★"):
        services.submit_piece(cast.officer, emoji)
    assert Piece.objects.get(pk=emoji.pk).status == PieceStatus.DRAFT


def test_nothing_goes_out_without_a_leaders_approval(world_issued: Any, client: Any) -> None:
    cast = world_issued
    piece = draft(cast, ["portal"])
    with pytest.raises(PublishingError, match="chưa được lãnh đạo duyệt"):
        services.publish_piece(cast.officer, piece)
    services.submit_piece(cast.officer, piece)
    client.force_login(cast.officer)  # the writer cannot approve their own piece
    assert client.post(reverse("publishing:piece_step", args=[piece.pk, "duyet"])).status_code == 403
    client.force_login(cast.leader)
    assert client.post(reverse("publishing:piece_step", args=[piece.pk, "duyet"])).status_code == 302
    assert Piece.objects.get(pk=piece.pk).status == PieceStatus.APPROVED


def test_editing_keeps_the_previous_text_and_sends_an_approved_piece_back(world_issued: Any) -> None:
    cast = world_issued
    piece = approved(cast, draft(cast, ["portal"]))
    changed = PieceInput("Tiêu đề mới", "Nội dung mới", piece.scheduled_for, ["portal"])
    piece = services.update_piece(cast.officer, piece, changed)
    assert piece.status == PieceStatus.SUBMITTED and piece.version == 2
    assert piece.versions.get().title == "Đăng ký khai sinh trực tuyến tại xã"


def test_another_unit_and_another_province_reach_nothing(world_issued: Any, client: Any) -> None:
    cast = world_issued
    piece = draft(cast, ["portal"])
    for user in (cast.other_officer, cast.outsider, cast.public):
        client.force_login(user)
        assert client.get(reverse("publishing:piece", args=[piece.pk])).status_code == 404
        assert client.post(reverse("publishing:piece_step", args=[piece.pk, "gui-duyet"])).status_code == 404
        assert piece.title not in client.get(reverse("publishing:calendar") + "?thang=2024-06").content.decode()
    client.force_login(cast.officer)
    page = client.get(reverse("publishing:calendar") + "?thang=2024-06").content.decode()
    assert piece.title in page
    # Not published: not on the public pages.
    client.logout()
    assert client.get(reverse("publishing:news_detail", args=[piece.pk])).status_code == 404


def test_the_form_refuses_an_empty_piece_with_vietnamese_messages(world_issued: Any, client: Any) -> None:
    client.force_login(world_issued.officer)
    response = client.post(reverse("publishing:piece_new"), {"title": "", "body": "", "scheduled_for": "31/02/2024"})
    assert response.status_code == 400 and Piece.objects.count() == 0
    assert "Trường này là bắt buộc" in response.content.decode() or "bắt buộc" in response.content.decode()


def test_the_newsletter_reaches_only_confirmed_subscribers_and_each_can_stop_it(
    world_issued: Any, client: Any, fake: Any, jobs: Any, mailoutbox: Any
) -> None:
    cast = world_issued
    news = approved(cast, draft(cast, ["portal"]))
    with jobs():
        services.publish_piece(cast.officer, news)
    with jobs():
        for address in ("Dan@Example.vn", "chuaxacnhan@example.vn", "dan@example.vn"):
            client.post(reverse("publishing:subscribe", args=[news.pk]), {"email": address})
    assert len(mailoutbox) == 2  # the same address twice within the hour: one confirmation
    link = next(line for line in mailoutbox[0].body.splitlines() if "/tin-tuc/xac-nhan/" in line).split(": ", 1)[1]
    assert "Đã xác nhận" in client.get(link.replace("https://cchc.example.gov.vn", "")).content.decode()
    mailoutbox.clear()
    letter = approved(cast, draft(cast, ["newsletter"], title="Bản tin CCHC tháng 6"))
    with jobs():
        services.publish_piece(cast.officer, letter)
    (sent,) = mailoutbox
    assert sent.to == ["dan@example.vn"] and sent.subject == "Bản tin CCHC tháng 6"
    stop = sent.extra_headers["List-Unsubscribe"].strip("<>").replace("https://cchc.example.gov.vn", "")
    assert client.get(stop).status_code == 200  # a mail scanner following the link stops nothing
    assert services.Subscriber.objects.get(email="dan@example.vn").unsubscribed_at is None
    assert "Đã thôi gửi" in client.post(stop).content.decode()
    assert Publication.objects.get(piece=letter).remote_id == "1 người nhận"


def test_a_webhook_portal_gets_the_piece_signed_with_the_units_secret(
    world_issued: Any, fake: Any, jobs: Any, settings: Any
) -> None:
    import hashlib
    import hmac

    cast = world_issued
    url = f"{settings.ZALO_API_URL}/nhan-tin"
    services.save_channel_account(cast.officer, cast.officer_unit, ChannelKind.WEBHOOK, url, "bi-mat")
    fake.answers["/nhan-tin"] = (201, {"id": "cong-xa-77", "url": "https://xa.example.vn/tin/77"})
    piece = approved(cast, draft(cast, ["webhook"]))
    with jobs():
        services.publish_piece(cast.officer, piece)
    (path, data, headers) = fake.calls[0]
    assert path == "/nhan-tin" and data["title"] == piece.title
    raw = json.dumps(data, ensure_ascii=False).encode()
    assert headers["x-cchc-signature"] == "sha256=" + hmac.new(b"bi-mat", raw, hashlib.sha256).hexdigest()
    publication = Publication.objects.get(piece=piece)
    assert (publication.status, publication.remote_id) == ("sent", "cong-xa-77")
    with pytest.raises(PublishingError, match="https://"):
        services.save_channel_account(cast.officer, cast.officer_unit, ChannelKind.WEBHOOK, "ftp://x", "k")


def test_the_calendar_feed_lists_the_units_pieces(world_issued: Any, client: Any, monkeypatch: Any) -> None:
    cast = world_issued
    piece = draft(cast, ["portal"], scheduled_for=dt.date(2024, 6, 20), title="Tin; có dấu, phẩy")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2024, 6, 1))
    client.force_login(cast.officer)
    feed = client.get(reverse("publishing:calendar_ics")).content.decode()
    assert f"UID:piece-{piece.pk}@cchc" in feed and "DTSTART;VALUE=DATE:20240620" in feed
    assert "SUMMARY:Tin\\; có dấu\\, phẩy" in feed
    client.force_login(cast.outsider)
    assert f"piece-{piece.pk}" not in client.get(reverse("publishing:calendar_ics")).content.decode()


def test_a_genre_starts_from_its_skeleton(world_issued: Any, client: Any) -> None:
    client.force_login(world_issued.officer)
    form = client.get(reverse("publishing:piece_new") + "?the-loai=bulletin").content.decode()
    assert "Kính thưa bà con nhân dân!" in form and re.search(r'value="radio"[^>]*checked', form)


def test_the_newsletter_goes_through_a_real_smtp_server_and_a_refusing_one_fails_the_channel(
    world_issued: Any, settings: Any, tmp_path: Path, jobs: Any
) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        received: list[Any] = []

        def handle_message(self, message: Any) -> None:
            self.received.append(message)

    cast = world_issued
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with socket.socket() as probe:  # a free port (aiosmtpd checks its server by connecting to the port it was given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(Inbox(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        territory = cast.officer_unit.territorial_root()
        reader = services.Subscriber.objects.create(territory=territory, email="dan@example.vn", token="t" * 43,
                                                    confirmed_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))  # fmt: skip
        letter = approved(cast, draft(cast, ["newsletter"], title="Bản tin CCHC tháng 6"))
        with jobs():
            services.publish_piece(cast.officer, letter)
        (message,) = Inbox.received
        assert message["To"] == reader.email and message["List-Unsubscribe"].endswith(f"/{reader.token}/>")
        assert "Lệ phí: miễn phí." in message.get_payload(decode=True).decode()
        assert Publication.objects.get(piece=letter).status == PublicationStatus.SENT
    finally:
        server.stop()
    # The mail server gone: the channel fails with the reason, nothing logged as sent.
    second = approved(cast, draft(cast, ["newsletter"], title="Bản tin CCHC tháng 7"))
    with jobs():
        services.publish_piece(cast.officer, second)
    failed = Publication.objects.get(piece=second)
    assert failed.status == PublicationStatus.FAILED and "Máy chủ thư điện tử không nhận thư" in failed.error
    assert failed.result is None
