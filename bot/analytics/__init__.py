"""Collection analytics: metrics defined once, the report, experiments and their statistics."""
