"""The build hook: the top-level `translations/` and `migrations/` ship inside the package.

The repository keeps both at its top level; the wheel carries them as `portal.translations`
and `portal.migrations` (an editable install maps the same names onto the top-level
directories, so `flask i18n` and `flask db revision` keep writing there). A wheel's `.mo`
catalogues are compiled from the `.po` files at build time, never copied, so a wheel cannot
ship a catalogue older than its `.po`. Everything else is in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

MAPPED = {"portal.translations": "translations", "portal.migrations": "migrations"}


class BuildWithCatalogues(build_py):
    def run(self):
        super().run()
        if not getattr(self, "editable_mode", False):  # editable: the committed .mo are read
            compile_catalogues(Path(self.build_lib) / "portal" / "translations")


def compile_catalogues(directory: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalogue)


# The catalogues' language folders are data, named as (namespace) packages so that setuptools
# does not warn that they would be ignored.
LANGUAGES = [f"portal.translations.{name}" for name in find_namespace_packages("translations")]

setup(
    packages=[
        *find_namespace_packages(include=["portal", "portal.*"]),
        *MAPPED,
        *LANGUAGES,
        "portal.migrations.versions",
    ],
    package_dir=MAPPED,
    cmdclass={"build_py": BuildWithCatalogues},
)
