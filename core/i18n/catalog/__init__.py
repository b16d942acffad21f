"""Catalogue modules, one per area; see ``core.i18n``."""
