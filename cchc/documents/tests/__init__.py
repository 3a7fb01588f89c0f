"""Tests of the document rendering engine."""
