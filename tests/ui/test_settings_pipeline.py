"""The settings screen's "Pipeline" section: the days without contact before an opportunity is stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import i18n
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.ui.test_settings_page import make_page, replace_text, save
from ui.settings.simple_forms import PipelineForm

pytestmark = pytest.mark.usefixtures("drain", "rtl")


def test_stale_days_accept_arabic_indic_digits(qtbot: QtBot, services: AppServices, admin: Actor,
                                               artifacts: Path) -> None:
    i18n.set_language("ar")
    page = make_page(qtbot, services, admin)
    page.show_section("pipeline")
    section = page.sections["pipeline"]
    form = section.editor
    assert isinstance(form, PipelineForm)
    assert form.stale_spin.text() == "١٤"
    replace_text(qtbot, form.stale_spin.lineEdit(), "٢١")
    save(qtbot, section)
    assert services.settings.get("pipeline.stale_days") == 21
    page.grab().save(str(artifacts / "settings_pipeline_ar.png"))
