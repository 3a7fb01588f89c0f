"""A logged result's fields are listed once (`RESULT_INPUT_FIELDS`): the form, the API, the Excel sheet and the
service's input follow that list, so a new field is added in one place."""

from __future__ import annotations

import dataclasses

from cchc.execution import excel
from cchc.execution.api import ResultIn, ResultOut
from cchc.execution.forms import ResultForm
from cchc.execution.models import RESULT_INPUT_FIELDS, RESULT_LABELS
from cchc.execution.services import ResultInput


def test_the_service_input_has_exactly_the_listed_fields() -> None:
    names = tuple(f.name for f in dataclasses.fields(ResultInput))
    assert names == (*RESULT_INPUT_FIELDS, "occurrence_id")


def test_the_form_the_api_and_the_excel_sheet_follow_the_list() -> None:
    form_fields = [name for name in ResultForm().fields if name in RESULT_INPUT_FIELDS]
    assert set(form_fields) == set(RESULT_INPUT_FIELDS)
    assert set(RESULT_INPUT_FIELDS) <= set(ResultIn.model_fields) and set(RESULT_INPUT_FIELDS) <= set(
        ResultOut.model_fields
    )
    sheet = [name for name, _, _ in excel.COLUMNS]
    assert tuple(sheet[-len(RESULT_INPUT_FIELDS) :]) == RESULT_INPUT_FIELDS


def test_labels_come_from_the_model_in_vietnamese() -> None:
    assert RESULT_LABELS["reach"] == "Lượt xem, lượt tiếp cận"
    assert ResultForm().fields["rate"].label == "Tỷ lệ hài lòng (%)"
    assert dict((name, label) for name, label, _ in excel.COLUMNS)["date"] == "Ngày thực hiện (dd/mm/yyyy)"


def test_values_read_anywhere_become_the_same_input() -> None:
    data = ResultInput.from_values({"date": None, "kind": "conference", "title": "Hội nghị", "link": None})
    assert (data.link, data.note, data.participants) == ("", "", None)
