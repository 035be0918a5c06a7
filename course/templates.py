"""The Jinja2 environment: strict about undefined names, escaping everything by default."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .theme import Theme


def make_environment(theme: Theme, cache_dir: Path | None = None) -> jinja2.Environment:
    """Templates are looked up in the course's theme first, then the default theme.

    With `cache_dir`, compiled templates are kept there between builds (Jinja checks each
    template's source, so an edited template is compiled again).
    """
    bytecode = None
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir))
        except OSError:
            bytecode = None
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.template_dirs),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Each build makes its own environment, so a template cannot change while one is in
        # use; without this every page's {% extends %} would look at the file's time again.
        auto_reload=False,
    )
