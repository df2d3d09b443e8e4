"""Negotiation: repayment plans, offers and counter-offers (see :mod:`bot.negotiation.plans`)."""
