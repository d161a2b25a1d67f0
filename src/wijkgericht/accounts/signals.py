"""What accounts tells the apps above it (which it may not import): a signal each, sent by the account pages.

`registered` (sender User; `request`, `user`): the registration form was sent from this request (the visitor is not
signed in yet); `user` is the new account, or None when the address had one already (its owner was mailed how to
sign in) — receivers must answer both cases alike, so the page does not tell whether an address has an account. Participation keeps the visitor's unsent item with the new account, to submit it once the address is
confirmed ("write first, sign in after").
"""

from __future__ import annotations

from django.dispatch import Signal

registered = Signal()
