"""Locust users for bench/contest_load.py: each takes the round once, as a person on a phone would.

Start: the registration page, the registration (the paper is drawn), the paper. Then an autosave every 30 s with
the answers chosen so far, and the submit at a random moment of the attempt's final minute. Every user appends
what it sent and what the server acknowledged to the record file, the load generator's own record that the bench
checks the database against. Settings come from the environment (set by contest_load.py)."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any

from locust import HttpUser, constant, task
from locust.exception import StopUser

CONFIRM_FIELD = "xac_nhan"  # cchc.core.confirm.CONFIRM_FIELD: "I confirm" on the confirmation page
ROUND = int(os.environ["BENCH_ROUND"])
UNITS = [int(u) for u in os.environ["BENCH_UNITS"].split(",")]
DURATION = float(os.environ["BENCH_DURATION_SECONDS"])
RECORD = os.environ["BENCH_RECORD"]
SAVE_EVERY = float(os.environ.get("BENCH_SAVE_EVERY", "30"))
_numbers = itertools.count(int(os.environ.get("BENCH_FIRST_NUMBER", "1")))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_OPTION = re.compile(r'name="q(\d+)" value="([^"]+)"')
_NUMBER = re.compile(r'<input id="q(\d+)" name="q\1" inputmode="numeric"')


def _cccd(n: int) -> str:
    """A valid-looking CCCD number (province 001–096), written the way people type it: with spaces, or with the
    leading zero dropped."""
    number = f"{1 + n % 96:03d}{n:09d}"
    return number[1:] if n % 3 == 0 else " ".join((number[:3], number[3:6], number[6:]))


class Taker(HttpUser):
    wait_time = constant(0)

    @task
    def take_the_round(self) -> None:
        n = next(_numbers)
        record: dict[str, Any] = {"n": n, "cccd": _cccd(n), "saves": []}
        try:
            self._take(record)
        finally:
            with open(RECORD, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record) + "\n")
        raise StopUser()

    def _take(self, record: dict[str, Any]) -> None:
        enter = f"/cuoc-thi/vong/{ROUND}/"
        page = self.client.get(enter, name="1 trang đăng ký")
        csrf = _CSRF.search(page.text)
        if not csrf:
            record["error"] = f"enter {page.status_code}"
            return
        form = {"csrfmiddlewaretoken": csrf.group(1), "full_name": f"Người dự thi {record['n']}",
                "cccd": record["cccd"], "unit_id": str(random.choice(UNITS)), "phone": "0912345678"}  # fmt: skip
        with self.client.post(enter, data=form, allow_redirects=False, name="2 bắt đầu", catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"bắt đầu: {r.status_code}")
                record["error"] = f"start {r.status_code}"
                return
            take = r.headers["Location"]
        started = time.monotonic()
        record["token"] = take.rstrip("/").rsplit("/", 1)[1]
        paper = self.client.get(take, name="3 đề thi")
        csrf = _CSRF.search(paper.text)
        options: dict[str, list[str]] = {}
        for qid, oid in _OPTION.findall(paper.text):
            options.setdefault(qid, []).append(oid)
        numbers = _NUMBER.findall(paper.text)
        if not csrf or not (options or numbers):
            record["error"] = f"paper {paper.status_code}"
            return
        questions = list(options) + numbers
        answers: dict[str, str] = {}
        submit_at = DURATION - random.uniform(5, 55)  # some moment of the final minute
        seq = 0
        next_save = SAVE_EVERY
        while next_save < submit_at:
            self._sleep_until(started + next_save)
            qid = random.choice(questions)
            answers[qid] = random.choice(options[qid]) if qid in options else str(random.randint(0, 30))
            seq += 1
            data = {"csrfmiddlewaretoken": csrf.group(1), "seq": str(seq), "guess": "120",
                    **{f"q{k}": v for k, v in answers.items()}}  # fmt: skip
            with self.client.post(take + "luu/", data=data, headers={"Accept": "application/json"},
                                  name="4 lưu tự động", catch_response=True) as r:  # fmt: skip
                ok = r.status_code == 200 and r.json().get("saved") is True
                if not ok:
                    r.failure(f"lưu: {r.status_code} {r.text[:100]}")
                record["saves"].append({"seq": seq, "ok": ok})
            next_save += SAVE_EVERY
        self._sleep_until(started + submit_at)
        for qid in questions:
            answers.setdefault(qid, random.choice(options[qid]) if qid in options else "7")
        guess = random.randint(0, 3000)
        data = {"csrfmiddlewaretoken": csrf.group(1), "guess": str(guess), **{f"q{k}": v for k, v in answers.items()}}
        # Handing in asks first (the confirmation page, core.confirm), then the taker confirms: the confirmed
        # POST carries CONFIRM_FIELD and is the submit that counts.
        with self.client.post(take + "nop/", data=data, allow_redirects=False, name="5a trang xác nhận nộp",
                              catch_response=True) as r:  # fmt: skip
            if r.status_code != 200 or "Nộp bài" not in r.text:
                r.failure(f"xác nhận: {r.status_code}")
        with self.client.post(take + "nop/", data={**data, CONFIRM_FIELD: "1"}, allow_redirects=False,
                              name="5 nộp bài", catch_response=True) as r:  # fmt: skip
            record["submitted"] = r.status_code == 302
            if not record["submitted"]:
                r.failure(f"nộp: {r.status_code}")
        record["answers"] = answers
        record["guess"] = guess

    def _sleep_until(self, moment: float) -> None:
        delay = moment - time.monotonic()
        if delay > 0:
            time.sleep(delay)  # gevent-patched: other users run meanwhile
