"""SMS as a two-way channel through one provider.

:mod:`.segments` counts GSM-7 / UCS-2 segments and fits a reply into the
configured number of them; :mod:`.keywords` reads carrier keywords (STOP,
HELP, START, 退订, TD); :mod:`.adapter` is the channel (start/send/stop);
:mod:`.twilio` and :mod:`.tencent` are the providers behind
:class:`~.provider.Provider`.
"""

PLATFORM = "sms"
