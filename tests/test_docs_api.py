"""docs/api.md runs as written: every Python block, in order, in one namespace, prints what
the `text` block after it shows."""
from __future__ import annotations

import contextlib
import io
import re

from conftest import ROOT

BLOCK = re.compile(r"```(python|text)\n(.*?)```", re.S)


def test_every_example_of_the_api_page_runs_and_prints_what_it_shows():
    blocks = BLOCK.findall((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))
    assert sum(lang == "python" for lang, _ in blocks) >= 3
    namespace: dict = {"ROOT": ROOT, "__name__": "api_md"}
    for index, (lang, code) in enumerate(blocks):
        if lang != "python":
            continue
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"docs/api.md block {index}", "exec"), namespace)  # noqa: S102 - our own docs
        if index + 1 < len(blocks) and blocks[index + 1][0] == "text":
            assert printed.getvalue() == blocks[index + 1][1], f"block {index}"
