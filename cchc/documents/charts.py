"""Rendering of a ChartSpec to a PNG image (matplotlib, Agg backend, DejaVu Sans for Vietnamese letters)."""

from __future__ import annotations

import io

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from cchc.documents import formatting as fmt
from cchc.documents.spec import ChartSpec

FONT_FAMILY = ["DejaVu Sans"]
"""DejaVu Sans ships with matplotlib and covers every Vietnamese letter, so charts never depend on system fonts
(naming a family that is not installed, as "Liberation Sans" was, makes matplotlib warn on every chart)."""
DPI = 200


class ChartError(ValueError):
    """A chart spec that cannot be drawn; the message is Vietnamese."""


def render_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes."""
    _check(spec)
    with matplotlib.rc_context({"font.family": FONT_FAMILY, "font.size": 10, "axes.titlesize": 12}):
        # Constrained layout keeps titles, tick labels and the legend (below the plot) inside the asked size.
        figure = Figure(figsize=(spec.width_in, spec.height_in), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        if spec.kind == "pie":
            _pie(axes, spec)
        elif spec.kind == "line":
            _line(axes, spec)
        else:
            _bars(axes, spec)
        axes.set_title(fmt.clean(spec.title), fontweight="bold")
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _check(spec: ChartSpec) -> None:
    if not spec.categories:
        raise ChartError("Biểu đồ không có danh mục nào để vẽ.")
    if not spec.series:
        raise ChartError("Biểu đồ không có dãy số liệu nào.")
    for series in spec.series:
        if len(series.values) != len(spec.categories):
            raise ChartError(
                f"Dãy số liệu «{fmt.clean(series.name)}» có {len(series.values)} giá trị,"
                f" trong khi biểu đồ có {len(spec.categories)} danh mục."
            )
    if spec.kind == "pie" and (len(spec.series) != 1 or any(v < 0 for v in spec.series[0].values)):
        raise ChartError("Biểu đồ tròn cần đúng một dãy số liệu không âm.")


def _label(spec: ChartSpec, value: float) -> str:
    return spec.value_format.format(value).replace(".", ",")


def _bars(axes: Axes, spec: ChartSpec) -> None:
    count = len(spec.series)
    positions = list(range(len(spec.categories)))
    width = 0.8 if spec.stacked else 0.8 / count
    base = [0.0] * len(positions)
    for index, series in enumerate(spec.series):
        offset = 0.0 if spec.stacked else (index - (count - 1) / 2) * width
        where = [p + offset for p in positions]
        values = list(series.values)
        if spec.kind == "barh":
            bars = axes.barh(where, values, height=width, left=base, label=fmt.clean(series.name))
        else:
            bars = axes.bar(where, values, width=width, bottom=base, label=fmt.clean(series.name))
        value_labels = [_label(spec, v) for v in values]
        if spec.stacked:
            axes.bar_label(bars, labels=value_labels, fontsize=8, label_type="center")
        else:
            axes.bar_label(bars, labels=value_labels, fontsize=8, label_type="edge", padding=2)
        if spec.stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    if spec.kind == "barh":
        axes.margins(x=0.12)
    else:
        axes.margins(y=0.12)
    labels = [fmt.clean(c) for c in spec.categories]
    if spec.kind == "barh":
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
    else:
        axes.set_xticks(positions, labels, rotation=20 if max(map(len, labels)) > 12 else 0, ha="right")
    _axes_labels(axes, spec)


def _line(axes: Axes, spec: ChartSpec) -> None:
    labels = [fmt.clean(c) for c in spec.categories]
    for series in spec.series:
        axes.plot(labels, list(series.values), marker="o", label=fmt.clean(series.name))
    axes.grid(True, alpha=0.3)
    _axes_labels(axes, spec)


def _axes_labels(axes: Axes, spec: ChartSpec) -> None:
    axes.set_xlabel(fmt.clean(spec.x_label))
    axes.set_ylabel(fmt.clean(spec.y_label))
    axes.spines[["top", "right"]].set_visible(False)
    # Value ticks the Vietnamese way: 2,5 and 1.000, never 2.5 or 1,000.
    value_axis = axes.xaxis if spec.kind == "barh" else axes.yaxis
    value_axis.set_major_formatter(FuncFormatter(tick_text))
    if len(spec.series) > 1:
        figure = axes.get_figure()
        assert figure is not None
        figure.legend(frameon=False, loc="outside lower center", ncols=min(len(spec.series), 3))


def tick_text(value: float, _position: float | None = None) -> str:
    """A tick label with Vietnamese separators."""
    return fmt.number_text(round(value, 4))


def _pie(axes: Axes, spec: ChartSpec) -> None:
    values = list(spec.series[0].values)
    total = sum(values) or 1.0
    axes.pie(
        values,
        labels=[fmt.clean(c) for c in spec.categories],
        autopct=lambda pct: _label(spec, pct * total / 100),
        startangle=90,
        counterclock=False,
        textprops={"fontsize": 9},
    )
    axes.axis("equal")
