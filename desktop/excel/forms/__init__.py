"""The papers a chi bộ prints and signs: Word forms where the form is prose (issue 12)."""
