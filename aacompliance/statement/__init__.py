"""Signed-off PDF compliance statements (French and English).

``model`` gathers one account's documents and their verdicts into a statement;
``pdf`` renders it (Jinja2 + WeasyPrint, PDF/A-3b, inputs and decision attached);
``signing`` signs it (pyHanko, PAdES) and verifies a signed statement. WeasyPrint
and pyHanko are imported only by the commands that need them.
"""
