"""Authentication by e-mail address, whatever case it is typed in."""

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """ModelBackend whose username is the e-mail address (see UserManager)."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        return super().authenticate(request, username=username or email, password=password)
