"""Build hook: ship resources and compiled catalogs inside the ``app`` package.

The repository keeps ``resources/`` and ``i18n/`` at its root (DESIGN.md); a
wheel has to carry them, so ``build_py`` copies the resources to
``app/_data/resources`` and compiles each ``i18n/<lang>.po`` to
``app/_data/locale/<lang>/LC_MESSAGES/sila.mo``. ``app.paths`` finds either.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads the checkout's folders directly
        data = Path(self.build_lib) / "app" / "_data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(ROOT / "resources", data / "resources")
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((ROOT / "i18n").glob("*.po")):
            lang = po.stem
            target = data / "locale" / lang / "LC_MESSAGES" / "sila.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as src, target.open("wb") as out:
                write_mo(out, read_po(src, locale=lang))


setup(cmdclass={"build_py": BuildWithData})
