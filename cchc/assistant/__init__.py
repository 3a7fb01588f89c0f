"""Procedure corpus, retrieval and cited answers for citizens."""
