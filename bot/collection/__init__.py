"""After the agreement: one plan per debt, how to pay, payments in, reminders."""
