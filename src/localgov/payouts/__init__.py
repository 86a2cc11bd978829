"""Payments to staff who left in the 2025 restructuring (Decree 178/2024 as amended by Decree 67/2025).

`rules`, `retirement`, `config` and `inputs` are pure (no Django import); the rest is the Django app.
"""
