"""Documents of the reporting app, one module per document:

- `unit_report`: a unit's report for one reporting period (.docx);
- `consolidated`: the consolidated report of a period (.docx) and its annex (.xlsx);
- `ranking`: the units' scores and ranking for a year (.docx, .xlsx);
- `common`: what they share (wording, numbered sections, the issuing body's header and signature, tables).

The plan itself is printed by `cchc.plans.docx_export.print_plan`, the one plan printer. Callers use
`from cchc.reporting import printing` and the names below.
"""

from cchc.core.files import file_stem
from cchc.reporting.printing.common import PrintError, period_phrase, report_title
from cchc.reporting.printing.consolidated import (
    ConsolidatedData,
    UnitLine,
    consolidated_data,
    consolidated_docx,
    consolidated_html,
    consolidated_spec,
    consolidated_xlsx,
)
from cchc.reporting.printing.ranking import ranking_docx, ranking_spec, ranking_xlsx
from cchc.reporting.printing.unit_report import unit_report_docx, unit_report_spec

__all__ = [
    "ConsolidatedData",
    "PrintError",
    "UnitLine",
    "consolidated_data",
    "consolidated_docx",
    "consolidated_html",
    "consolidated_spec",
    "consolidated_xlsx",
    "file_stem",
    "period_phrase",
    "ranking_docx",
    "ranking_spec",
    "ranking_xlsx",
    "report_title",
    "unit_report_docx",
    "unit_report_spec",
]
