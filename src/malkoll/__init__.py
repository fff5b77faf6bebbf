"""malkoll: a municipality's goals and follow-up as YAML in git, checked and published."""

__version__ = "0.1.0"
