"""Forms of the question bank pages."""

from __future__ import annotations

from django import forms


class BankForm(forms.Form):
    name = forms.CharField(label="Tên ngân hàng câu hỏi", max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel câu hỏi (.xlsx, theo mẫu)", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )
