"""The satisfaction surveys area: programmes, printed forms, keyed entry, analysis and templates."""
