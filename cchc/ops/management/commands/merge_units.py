"""manage.py merge_units: move what units that ended on 30 June 2025 still carry to their successors (dry run by
default; --apply moves, --decide OLD_ID=NEW_ID chooses for a unit without a single successor)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.ops.services import MOVED_LABELS, MergerError, UnitMove, apply_merger, plan_merger


def parse_decisions(values: list[str]) -> dict[int, int]:
    decisions: dict[int, int] = {}
    for value in values:
        old, _, new = value.partition("=")
        if not (old.strip().isdigit() and new.strip().isdigit()):
            raise CommandError(f"--decide cần dạng MÃ_ĐƠN_VỊ_CŨ=MÃ_ĐƠN_VỊ_MỚI (số), không phải «{value}».")
        decisions[int(old)] = int(new)
    return decisions


def describe(move: UnitMove) -> str:
    counts = ", ".join(f"{n} {MOVED_LABELS[k]}" for k, n in move.counts.items() if n)
    if move.needs_decision:
        options = "; ".join(f"{c.pk}: {c.name}" for c in move.candidates) or "không có gợi ý"
        return f"CẦN QUYẾT ĐỊNH  [{move.old.pk}] {move.old.name} — {move.reason} ({counts}). Chọn: {options}"
    target = move.new.name if move.new else ""
    created = " (tạo mới)" if move.create else ""
    return f"CHUYỂN  [{move.old.pk}] {move.old.name} → {target}{created} — {move.reason} ({counts})"


class Command(BaseCommand):
    help = "Chuyển công việc của đơn vị đã sáp nhập, giải thể (01/7/2025) sang đơn vị kế thừa; mặc định chỉ chạy thử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Chuyển thật (mặc định chỉ liệt kê).")
        parser.add_argument("--decide", action="append", default=[], metavar="CŨ=MỚI")

    def handle(self, *args: Any, **options: Any) -> None:
        decisions = parse_decisions(options["decide"])
        try:
            moves = apply_merger(None, decisions) if options["apply"] else plan_merger(decisions)
        except MergerError as exc:
            raise CommandError(str(exc)) from None
        for move in moves:
            self.stdout.write(describe(move))
        pending = [m for m in plan_merger(decisions) if m.needs_decision] if options["apply"] else []
        for move in pending:
            self.stdout.write(describe(move))
        if not moves and not pending:
            self.stdout.write("Không còn gì cần chuyển.")
        elif options["apply"]:
            self.stdout.write(f"Đã chuyển {len(moves)} đơn vị; {len(pending)} đơn vị còn chờ quyết định.")
        else:
            waiting = sum(m.needs_decision for m in moves)
            self.stdout.write(f"Chạy thử: {len(moves) - waiting} đơn vị sẽ chuyển, {waiting} cần quyết định.")
