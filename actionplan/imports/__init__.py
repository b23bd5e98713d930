"""Importing a document through the web: stage the uploaded bytes (nothing written to the plan),
preview the plan as it will be saved with every warning beside its row, let the user correct the
column mapping, then save in one transaction (a new plan) or merge into an existing plan."""
