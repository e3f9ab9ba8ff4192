"""Maintaining the catalog: ``python -m app.i18n_tools extract|compile|check``.

- ``extract`` collects every translatable string of ``app/`` and ``ui/`` into
  ``i18n/sila.pot`` and merges it into ``i18n/ar.po`` (new strings arrive
  untranslated, removed ones become obsolete).
- ``compile`` writes ``app/locale/<lang>/LC_MESSAGES/sila.mo`` for a checkout
  (a wheel gets its own from setup.py).
- ``check`` fails when a string lacks its Arabic translation or a translation
  drops or invents a ``{placeholder}``.

Strings are found in calls of ``_``, ``N_``, ``ngettext``, ``pgettext`` and in
the message argument of ``UserError`` and its subclasses (``Plural`` for messages
whose wording depends on a number). Babel is a
development dependency; the application itself only reads the ``.mo`` files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from app import paths

ROOT = paths.catalog_sources_dir().parent
SOURCES = ("app", "ui")
KEYWORDS = {
    "_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
    "UserError": (2,), "PermissionDenied": (2,), "NotFound": (2,), "Plural": (1, 2),
}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog_path(lang: str) -> Path:
    return paths.catalog_sources_dir() / f"{lang}.po"


def extract_messages() -> object:
    """A Babel catalog of every source string, with its locations."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Sila", msgid_bugs_address="", charset="utf-8")
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("Translators:",),
        ):
            if isinstance(message, tuple) and not message[-1]:
                message = message[:-1] if len(message) > 2 else message[0]
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments,
                        context=context)
    return catalog


def extract() -> None:
    from babel.messages.pofile import read_po, write_po

    template = extract_messages()
    pot = paths.catalog_sources_dir() / "sila.pot"
    with pot.open("wb") as f:
        write_po(f, template, width=100, omit_header=False)  # type: ignore[arg-type]
    po_path = _catalog_path("ar")
    if po_path.exists():
        with po_path.open("rb") as f:
            catalog = read_po(f, locale="ar")
    else:
        from babel.messages.catalog import Catalog

        catalog = Catalog(locale="ar", project="Sila", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)  # type: ignore[arg-type]
    with po_path.open("wb") as f:
        write_po(f, catalog, width=100, ignore_obsolete=True)


def compile_catalogs() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(paths.catalog_sources_dir().glob("*.po")):
        target = paths.locale_dir() / po.stem / "LC_MESSAGES" / "sila.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as src, target.open("wb") as out:
            write_mo(out, read_po(src, locale=po.stem))


def _placeholders(text: str) -> set[str]:
    return {m.group(1) for m in PLACEHOLDER.finditer(text)}


def problems(lang: str = "ar") -> list[str]:
    """Every source string without a proper translation in ``lang``."""
    from babel.messages.pofile import read_po

    with _catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    found: list[str] = []
    for message in extract_messages():  # type: ignore[attr-defined]
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        where = message.locations[0][0] if message.locations else "?"
        if entry is None or entry.fuzzy:
            found.append(f"missing: {ids[0]!r} ({where})")
            continue
        strings = tuple(entry.string) if isinstance(entry.string, tuple | list) else (entry.string or "",)
        if not all(strings):
            found.append(f"untranslated: {ids[0]!r} ({where})")
            continue
        expected = set().union(*(_placeholders(i) for i in ids))
        for s in strings:
            if _placeholders(s) - expected or (_placeholders(s) != expected and len(ids) == 1):
                found.append(f"placeholders differ: {ids[0]!r} → {s!r}")
    return found


def import_translations(files: list[Path], lang: str = "ar") -> int:
    """Fill the catalog from JSON files {"English source": "translation" or [plural forms]}.

    For translators who work outside the .po file; run ``extract`` first so the
    messages exist. Returns how many entries were filled.
    """
    import json

    from babel.messages.pofile import read_po, write_po

    po_path = _catalog_path(lang)
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    filled = 0
    for file in files:
        for source, translation in json.loads(file.read_text(encoding="utf-8")).items():
            entry = catalog.get(source)
            if entry is None:
                continue
            entry.string = tuple(translation) if isinstance(translation, list) else translation
            entry.flags.discard("fuzzy")
            filled += 1
    with po_path.open("wb") as f:
        write_po(f, catalog, width=100, ignore_obsolete=True)
    return filled


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    elif command == "compile":
        compile_catalogs()
    elif command == "import":
        print(import_translations([Path(a) for a in argv[1:]]))
    elif command == "check":
        issues = problems()
        for line in issues:
            print(line)
        return 1 if issues else 0
    else:
        print("usage: python -m app.i18n_tools extract|compile|check|import FILE.json...", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
