"""Admin pages of the console: dialog script versions, editing, preview, translations."""
