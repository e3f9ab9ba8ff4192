"""Marketing campaigns (الحملات التسويقية): the annual plan and each campaign's procedure."""
