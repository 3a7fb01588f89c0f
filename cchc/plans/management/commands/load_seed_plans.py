"""manage.py load_seed_plans: the five seed plans with their localities and units."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.plans.seeds import load_seed_plans


class Command(BaseCommand):
    help = "Nạp năm kế hoạch mẫu (Bắc Kạn, Chợ Đồn, Tuyên Quang, Bắc Ninh, Nam Định) cùng đơn vị của chúng."

    def handle(self, *args: Any, **options: Any) -> None:
        for result in load_seed_plans(None):
            state = "tạo mới" if result.created else "cập nhật"
            self.stdout.write(f"{result.plan.pk}\t{state}\t{result.plan.issuer}\t{result.plan.title[:60]}")
