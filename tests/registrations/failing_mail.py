"""An e-mail backend whose every send fails, as an unreachable mail server does."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server cannot be reached")
