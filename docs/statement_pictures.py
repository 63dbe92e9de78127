"""Render the statement pictures of the README and docs/statements.md (needs pdftoppm,
Debian's poppler-utils): the first page of a Japanese statement for a customer with a
Japanese name, and of a Spanish one.

    python docs/statement_pictures.py
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLES = ROOT / "examples"
PICTURES = {"statement-sample.png": ("ja", "ノルトリヒト・ロジスティク株式会社"),
            "statement-es.png": ("es", "Logística del Norte S.A.")}


def main() -> None:
    from aacompliance.statement import model, pdf

    with tempfile.TemporaryDirectory() as tmp:
        for picture, (lang, customer) in PICTURES.items():
            paths = []
            for name in ("order-form-silver-missing-region.yaml", "roster-silver.yaml", "benefit-usage-silver.yaml"):
                text = (EXAMPLES / name).read_text().replace("Nordlicht Logistik GmbH", customer)
                (Path(tmp) / name).write_text(text)
                paths.append(str(Path(tmp) / name))
            statement = model.build(paths, lang=lang, signed_off_by="Claire Martin", role="Customer Success Manager",
                                    date=dt.date(2025, 7, 1))
            data, _ = pdf.render_pdf(statement)
            source = Path(tmp) / f"{lang}.pdf"
            source.write_bytes(data)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source),
                            str(Path(tmp) / lang)], check=True)
            shutil.copyfile(Path(tmp) / f"{lang}.png", ROOT / "docs" / picture)
            print(f"docs/{picture}: first page, {lang}, customer {customer}")


if __name__ == "__main__":
    main()
