"""The filters of the public list of plans."""

from __future__ import annotations

from typing import Any

from django import forms


class PublicPlanFilter(forms.Form):
    dia_ban = forms.ChoiceField(label="Địa bàn", required=False)
    cap = forms.ChoiceField(label="Cấp", required=False)
    nam = forms.ChoiceField(label="Năm", required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = [("", "Tất cả"), *options]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        """The chosen value, or '' when nothing (or something not offered) was chosen."""
        return str(self.cleaned_data.get(name) or "") if self.is_valid() else ""
