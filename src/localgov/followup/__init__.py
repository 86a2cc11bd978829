"""Follow-up: guidance documents owed, problems raised by localities, directives and
commitments, surplus premises and public assets (docs/followup.md)."""
