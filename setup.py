"""Packaging step: the checkout keeps templates/ and migrations/ at the top level (product layout);
the wheel carries copies of them inside the package, at llp_gov/_bundled/, where
llp_gov.config.resource_dir finds them when the application runs from an installation."""

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("templates", "migrations")


def compile_catalogs(package_dir: Path) -> None:
    """Compile every messages.po of the built package into its .mo (the checkout ignores .mo)."""
    for po in package_dir.rglob("messages.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)


class BuildPyWithResources(build_py):
    def run(self):
        super().run()
        compile_catalogs(Path(self.build_lib) / "llp_gov")
        for name in BUNDLED:
            source = ROOT / name
            target = Path(self.build_lib) / "llp_gov" / "_bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithResources})
