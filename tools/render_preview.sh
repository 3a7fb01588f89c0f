#!/usr/bin/env bash
# Render plan JSON files to .docx, then PDF and PNG pages, to look at them as a reader would.
# Usage: tools/render_preview.sh plan.json [more.json ...]   (output in ${OUT:-/tmp/cchc-preview})
# Needs LibreOffice (soffice) and poppler-utils (pdftoppm); the tests never do.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-/tmp/cchc-preview}"
mkdir -p "$OUT"
"$ROOT/.venv/bin/python" - "$OUT" "$@" <<'PY'
import json, pathlib, sys
from cchc.plans.docx_export import plan_docx
out = pathlib.Path(sys.argv[1])
for name in sys.argv[2:]:
    path = pathlib.Path(name)
    (out / f"{path.stem}.docx").write_bytes(plan_docx(json.loads(path.read_text(encoding="utf-8"))))
    print(out / f"{path.stem}.docx")
PY
cd "$OUT"
for docx in *.docx; do
  soffice --headless --convert-to pdf "$docx" >/dev/null 2>&1
  pdftoppm -png -r "${DPI:-60}" "${docx%.docx}.pdf" "${docx%.docx}"
  echo "$OUT/${docx%.docx}.pdf: $(pdfinfo "${docx%.docx}.pdf" | awk '/^Pages/ {print $2}') pages"
done
