"""The Jinja2 environment: strict about undefined names, escaping everything by default."""

from __future__ import annotations

import jinja2

from .theme import Theme


def make_environment(theme: Theme) -> jinja2.Environment:
    """Templates are looked up in the course's theme first, then the default theme."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.template_dirs),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
