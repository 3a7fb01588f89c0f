"""Question bank pages (organisers): banks, a bank's questions, the Excel import, revising a question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from cchc.accounts.types import AuthenticatedRequest
from cchc.core.files import XLSX
from cchc.core.steps import submit, tell
from cchc.documents import sheets
from cchc.questions import access, excel, selectors, services
from cchc.questions.forms import BankForm, ImportForm


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def banks(request: AuthenticatedRequest) -> HttpResponse:
    if not access.is_organiser(request.user):
        raise Http404("Không tìm thấy trang.")
    form = BankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = request.user.unit
        if unit is None:
            form.add_error(
                "name", "Tài khoản quản trị không gắn với đơn vị: hãy tạo ngân hàng từ tài khoản của đơn vị."
            )
        else:
            created = submit(
                request,
                form,
                lambda: services.create_bank(request.user, form.cleaned_data["name"], unit),
                lambda bank: redirect("questions:bank", bank.pk),
                refused=services.QuestionError,
                field="name",
            )
            if created is not None:
                return created
    items = access.manageable_banks(request.user).select_related("owner_unit")
    return render(request, "questions/banks.html", {"banks": items, "form": form})


@login_required
def bank(request: AuthenticatedRequest, bank_id: int) -> HttpResponse:
    item = access.get_bank_for_user(request.user, bank_id)
    return render(
        request,
        "questions/bank.html",
        {
            "bank": item,
            "questions": selectors.current_questions(item)[:1000],
            "summary": selectors.bank_summary(item),
            "imports": item.imports.all()[:10],
            "form": ImportForm(),
        },
    )


@login_required
def template(request: AuthenticatedRequest, bank_id: int) -> HttpResponse:
    access.get_bank_for_user(request.user, bank_id)
    return _xlsx(excel.build_template(), "mau-ngan-hang-cau-hoi.xlsx")


@login_required
def upload(request: AuthenticatedRequest, bank_id: int) -> HttpResponse:
    item = access.get_bank_for_user(request.user, bank_id)
    if request.method != "POST":
        return redirect("questions:bank", item.pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            checked = services.check_bank_import(request.user, item, form.cleaned_data["file"])
        except services.QuestionError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("questions:import", checked.pk)
    else:
        messages.error(request, "Hãy chọn tệp Excel (.xlsx) theo mẫu.")
    return redirect("questions:bank", item.pk)


@login_required
def import_detail(request: AuthenticatedRequest, bank_import_id: int) -> HttpResponse:
    item = access.get_import_for_user(request.user, bank_import_id)
    if request.method == "POST":
        if tell(
            request,
            lambda: services.commit_bank_import(request.user, item),
            lambda count: f"Đã thêm {count} câu hỏi vào ngân hàng «{item.bank.name}».",
            services.QuestionError,
        ):
            return redirect("questions:bank", item.bank_id)
        return redirect("questions:import", item.pk)
    return render(request, "questions/import.html", {"imp": item, "bank": item.bank})


@login_required
def import_errors(request: AuthenticatedRequest, bank_import_id: int) -> HttpResponse:
    item = access.get_import_for_user(request.user, bank_import_id)
    return _xlsx(sheets.errors_workbook(item.errors), f"loi-nhap-cau-hoi-{item.pk}.xlsx")


@login_required
def revise(request: AuthenticatedRequest, question_id: int) -> HttpResponse:
    question = access.get_question_for_user(request.user, question_id)
    if request.method == "POST":
        options = {str(o["id"]): request.POST.get(f"option_{o['id']}", "") for o in question.options}
        text, correct = request.POST.get("text", ""), request.POST.getlist("correct")
        if tell(
            request,
            lambda: services.revise_question(request.user, question, text=text, options=options, correct=correct),
            lambda revised: f"Đã lưu phiên bản {revised.version} của câu {revised.key}.",
            services.QuestionError,
        ):
            return redirect("questions:bank", question.bank_id)  # a revision stays in its question's bank
    return render(request, "questions/revise.html", {"q": question, "bank": question.bank})
