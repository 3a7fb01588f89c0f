"""Rendering engine: document specs to .docx (Nghị định 30/2020/NĐ-CP layout), .xlsx workbooks and PNG charts; pure."""
