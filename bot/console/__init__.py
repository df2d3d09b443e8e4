"""Services behind the agents' console: sign-in throttles, API tokens, the inbox.

The web layer (:mod:`bot.web`) calls these; they own the rows they write.
"""
