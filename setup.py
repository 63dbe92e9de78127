"""Build hook: the wheel carries the terms.

``contracts/`` and ``policies/`` stay top-level folders of the repository (legal edits
them there, git diffs them there); at build time they are copied into the wheel as
``aacompliance/_bundled/contracts`` and ``aacompliance/_bundled/policies``, where
``aacompliance.util.home`` finds them once installed. The sdist carries them as
top-level folders (MANIFEST.in), so a wheel built from the sdist carries them too.
Everything else about the package is declared in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: Top-level folders of the repository shipped inside the package.
BUNDLED = ("contracts", "policies")


class build_py_with_terms(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the folders of the source tree itself
        root = Path(__file__).resolve().parent
        for name in BUNDLED:
            source = root / name
            if not source.is_dir():
                raise SystemExit(f"cannot build aacompliance: {source} is missing "
                                 "(build from a clone of the repository or from its sdist)")
            target = Path(self.build_lib) / "aacompliance" / "_bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.py[co]", ".*"))


setup(cmdclass={"build_py": build_py_with_terms})
