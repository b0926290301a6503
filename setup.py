"""The wheel carries the data the package reads at run time: the POD fixtures, the committed
OpenAPI document and the lab map. They live at the repository's root (where people edit and review them), so the
build copies them into the package as ``mockserver/_data``; a checkout reads them in place."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class build_py_with_data(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's files
        target = Path(self.build_lib) / "mockserver" / "_data"
        shutil.copytree(ROOT / "fixtures", target / "fixtures", dirs_exist_ok=True)
        (target / "openapi").mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "openapi" / "openapi.json", target / "openapi" / "openapi.json")
        (target / "docs").mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "docs" / "labs.md", target / "docs" / "labs.md")  # served at /labs


setup(cmdclass={"build_py": build_py_with_data})
