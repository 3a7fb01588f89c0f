"""What the communication cost, as the unit report and the consolidated report print it: the estimates of the
activities each unit leads beside what its results of the period spent, by funding source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cchc.documents import formatting as fmt
from cchc.documents.spec import Block, Column, Paragraph, Row, Table
from cchc.plans.models import FundingSource

NO_SOURCE = "Chưa ghi nguồn"


def _sources(spent: Sequence[Mapping[str, int]]) -> list[str]:
    """The source keys present, in the order FundingSource lists them, the unspecified last."""
    present = {key for amounts in spent for key, amount in amounts.items() if amount}
    return [key for key in (*FundingSource.values, "") if key in present]


def _label(key: str) -> str:
    return FundingSource(key).label if key else NO_SOURCE


def _dong(amount: int) -> str:
    return f"{fmt.number_text(amount)} đồng"


def spending_sentence(estimate: int, spent: Mapping[str, int]) -> str:
    """ "Dự toán … ; đã chi …, gồm: …" for one unit, or for all of them added up."""
    total = sum(spent.values())
    parts = [f"{_label(key)}: {_dong(spent[key])}" for key in _sources([spent])]
    text = f"Dự toán kinh phí các nhiệm vụ chủ trì: {_dong(estimate)}; " if estimate else ""
    text += f"kinh phí đã chi trong kỳ: {_dong(total)}" if total else "chưa ghi nhận kinh phí đã chi trong kỳ"
    text += f" ({'; '.join(parts)})" if parts else ""
    if estimate and total:
        text += f", bằng {fmt.number_text(round(100 * total / estimate, 1))}% dự toán"
    return text[:1].upper() + text[1:] + "."


def unit_funding_blocks(figures: Mapping[str, object]) -> list[Block]:
    """The unit report's funding paragraph (nothing when the unit has neither an estimate nor a spending)."""
    estimate = int(figures.get("estimate") or 0)  # type: ignore[call-overload]
    spent = dict(figures.get("spent") or {})  # type: ignore[call-overload]
    if not estimate and not any(spent.values()):
        return []
    return [Paragraph(spending_sentence(estimate, spent))]


def spending_table(lines: Sequence[tuple[str, int, Mapping[str, int]]]) -> Table:
    """Per unit: the estimate of what it leads, what it spent in the period by source, the total spent."""
    sources = _sources([spent for _, _, spent in lines])
    shown = [(name, estimate, spent) for name, estimate, spent in lines if estimate or any(spent.values())]
    return Table(
        title="Kinh phí đã chi",
        columns=(
            Column("Cơ quan, đơn vị", 60),
            Column("Dự toán nhiệm vụ chủ trì (đồng)", 32, "right"),
            *(Column(f"Đã chi: {_label(key)}", 30, "right") for key in sources),
            Column("Cộng đã chi (đồng)", 30, "right"),
        ),
        rows=(
            *(
                Row((fmt.clean(name), estimate or None, *(spent.get(key) or None for key in sources),
                     sum(spent.values()) or None))
                for name, estimate, spent in shown
            ),
            Row(
                (
                    "Tổng cộng",
                    sum(estimate for _, estimate, _ in shown) or None,
                    *(sum(spent.get(key, 0) for _, _, spent in shown) for key in sources),
                    sum(sum(spent.values()) for _, _, spent in shown),
                ),
                total=True,
            ),
        ),
    )  # fmt: skip
