"""Uploaded files on S3-compatible storage (django-storages), against moto's S3 server on loopback: evidence is
stored in the bucket, downloaded only through the access check and listed for the backup; local disk stays the
default; the X-Accel-Redirect setting, meaningless with a bucket, refuses to start."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from cchc.execution.models import Assignment
from cchc.execution.services import ResultInput, log_result
from cchc.ops.backup import storage_files
from cchc.ops.preflight import configuration_problems
from cchc.settings import STORAGES, s3_storage
from conftest import Cast

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "cchc-tep-tai-len"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint: str) -> Iterator[Any]:
    env = {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_ACCESS_KEY_ID": "khoa-thu",
        "S3_SECRET_ACCESS_KEY": "bi-mat-thu",
        "S3_REGION": "us-east-1",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="khoa-thu",
        aws_secret_access_key="bi-mat-thu",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    with override_settings(STORAGES={**STORAGES, "default": s3_storage(env)}):
        yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client: Any) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_local_disk_is_the_default() -> None:
    assert s3_storage({}) is None
    assert s3_storage({"S3_BUCKET": "b"})["BACKEND"] == "storages.backends.s3.S3Storage"  # type: ignore[index]


def test_evidence_goes_to_the_bucket_and_comes_back_only_through_the_access_check(
    world_issued: Cast, bucket: Any, settings: Any
) -> None:
    cast = world_issued
    mine = Assignment.objects.filter(plan=cast.plan, unit=cast.officer_unit, activity__isnull=False).first()
    assert mine is not None
    outcome = log_result(
        cast.officer,
        mine,
        ResultInput(date=cast.plan.period_start, kind="conference", title="Hội nghị", participants=50),
        evidence=[SimpleUploadedFile("biên bản.pdf", PDF)],
    )
    evidence = outcome.result.evidence.get()
    assert keys(bucket) == [evidence.file.name]
    assert not Path(settings.MEDIA_ROOT, evidence.file.name).exists()
    assert default_storage.open(evidence.file.name).read() == PDF

    url = reverse("execution:evidence", args=[evidence.pk])
    officer, outsider = Client(), Client()
    officer.force_login(cast.officer)
    outsider.force_login(cast.outsider)
    response = officer.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code in {302, 404}

    # The backup lists the files through the storage (here: the bucket's objects); the drill covers the rest.
    assert list(storage_files(default_storage)) == [evidence.file.name]


def test_x_accel_redirect_with_a_bucket_refuses_to_start(bucket: Any, settings: Any) -> None:
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/_protected_media/"
    assert any("S3_BUCKET" in problem for problem in configuration_problems())
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = ""
    assert not any("S3_BUCKET" in problem for problem in configuration_problems())
