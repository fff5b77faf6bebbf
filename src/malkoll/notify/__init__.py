"""Reminding people: `malkoll paminn` builds reminders from `status` (`reminders`) and
writes them as drafts or a CSV, or sends them over SMTP (`delivery`)."""
