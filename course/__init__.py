"""Judicial course builder: Markdown lessons and YAML quizzes in, a static SCORM-ready course out."""

__version__ = "1.0.0"
