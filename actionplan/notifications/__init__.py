"""Chasing updates without chasing: update requests, reminders, overdue notices and the managers'
digest by email, and the signed one-link update form for lead officers (docs/reminders.md)."""
