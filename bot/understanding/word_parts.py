"""Pieces shared by the word tables: "you" and "don't" in their typed forms."""

from __future__ import annotations

YOU = r"(?:you|u|ya|ur|you're|youre|you are|u r)"
NOT = r"(?:don't|dont|do not|doesn't|doesnt|didn't|didnt|never|can't|cant|cannot|can not)"
