"""Charts render to PNG images with Vietnamese labels, and bad chart specs get a Vietnamese message."""

from __future__ import annotations

import io
import logging

import pytest
from PIL import Image

from cchc.documents.charts import ChartError, render_chart, tick_text
from cchc.documents.spec import ChartSpec, Series

QUARTERS = ("Quý I", "Quý II", "Quý III", "Quý IV")


# matplotlib's first two series colours (C0, C1).
SERIES_COLOURS = ((31, 119, 180), (255, 127, 14))


@pytest.mark.parametrize("kind", ["bar", "barh", "line"])
def test_bar_and_line_charts_draw_each_series_as_bars_or_lines_on_a_png_of_the_asked_size(kind: str) -> None:
    spec = ChartSpec(
        kind=kind,  # type: ignore[arg-type]
        title="Số hoạt động đã thực hiện",
        categories=QUARTERS,
        series=(Series("Kế hoạch", (4, 5, 6, 5)), Series("Đã thực hiện", (3, 5, 4.5, 0))),
        y_label="Số hoạt động",
        width_in=6,
        height_in=3,
    )
    image = Image.open(io.BytesIO(render_chart(spec)))
    assert image.format == "PNG"
    assert image.size == (1200, 600)  # 6 × 3 inches at 200 dpi
    pixels = {colour: count for count, colour in image.convert("RGB").getcolors(1 << 20)}
    painted = [pixels.get(colour, 0) for colour in SERIES_COLOURS]
    # Bars fill areas (tens of thousands of pixels per series); lines with markers are thin (a few thousand).
    if kind == "line":
        assert all(500 < count < 20_000 for count in painted), painted
    else:
        assert all(count > 40_000 for count in painted), painted


def test_pie_charts_take_one_series() -> None:
    spec = ChartSpec(
        kind="pie",
        title="Hình thức tuyên truyền",
        categories=("Trực tuyến", "Truyền thống"),
        series=(Series("Tỷ lệ", (60, 40)),),
    )
    assert render_chart(spec).startswith(b"\x89PNG")


def test_vietnamese_letters_render_without_missing_glyph_warnings(recwarn: pytest.WarningsRecorder) -> None:
    spec = ChartSpec(
        kind="bar",
        title="Ứng dụng dịch vụ công trực tuyến ở xã, phường, đặc khu",
        categories=("Ủy ban nhân dân", "Hội Nông dân"),
        series=(Series("Số lượng", (2, 3)),),
    )
    render_chart(spec)
    assert not [w for w in recwarn if "missing from" in str(w.message) or "Glyph" in str(w.message)]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (ChartSpec(kind="bar", title="", categories=(), series=(Series("a", ()),)), "không có danh mục"),
        (ChartSpec(kind="bar", title="", categories=("a",), series=()), "không có dãy số liệu"),
        (ChartSpec(kind="line", title="", categories=("a", "b"), series=(Series("Tin", (1,)),)), "có 1 giá trị"),
        (ChartSpec(kind="pie", title="", categories=("a",), series=(Series("x", (-1,)),)), "không âm"),
    ],
)
def test_bad_chart_specs_get_a_vietnamese_error(spec: ChartSpec, message: str) -> None:
    with pytest.raises(ChartError, match=message):
        render_chart(spec)


def test_charts_draw_without_font_warnings_and_write_ticks_the_vietnamese_way(caplog: pytest.LogCaptureFixture) -> None:
    spec = ChartSpec(
        kind="bar",
        title="Tỷ lệ hoàn thành",
        categories=QUARTERS,
        series=(Series("Kế hoạch đề ra cho từng quý", (0.25, 2.5, 1.75, 3)), Series("Đã thực hiện", (1, 2, 0.5, 3))),
        width_in=6,
        height_in=3,
    )
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        render_chart(spec)
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert [tick_text(v) for v in (0.25, 2.5, 1000, 1234.5)] == ["0,25", "2,5", "1.000", "1.234,5"]
