"""Conversion summaries made readable: terminal tables and the funnel chart (outside the core)."""
