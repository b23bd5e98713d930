"""The base every other package stands on: the interchange form (`PlanDraft`, `actionplan/1`) and
the rules for reading timetable words as dates and RAG words and colours as ratings. Plain Python:
imports nothing of ours and nothing of Django's, so readers, the domain and exports share it."""
