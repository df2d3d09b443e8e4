"""Guardrails the engine cannot switch off: contact rules, tone, privacy, data rights."""
