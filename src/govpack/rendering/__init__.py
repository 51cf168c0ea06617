"""Rendering: organisations to HTML for the screen and for print, in each language; Markdown and translations."""
