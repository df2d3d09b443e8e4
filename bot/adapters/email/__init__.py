"""Email as a two-way channel: compose and send over SMTP, read inbound mail.

:mod:`.compose` renders a reply as multipart text + HTML with threading and
unsubscribe headers, :mod:`.smtp` sends it (:class:`EmailAdapter`),
:mod:`.inbound` reads a raw message (sender, Message-ID, the new text without
quoted history, bounces), :mod:`.quotes` separates the reply from the quote,
:mod:`.unsubscribe` signs one-click unsubscribe links.
"""

PLATFORM = "email"
