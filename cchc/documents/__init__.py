"""Rendering of .docx/.xlsx documents and charts from document specs."""
