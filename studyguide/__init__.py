"""The study guide's own logic: citations, glossary, timeline, quotation checks.

MkDocs hooks in ``hooks/`` only adapt these functions to MkDocs events, so the
logic survives a change of site generator.
"""
