"""Note at sign-in whether the user still owes the second step."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SECOND_STEP_PENDING
from .models import User


@receiver(user_logged_in, dispatch_uid="accounts.second_step")
def remember_second_step(sender, request, user: User, **kwargs) -> None:
    from django_otp import user_has_device

    if request is not None and hasattr(request, "session"):
        if user_has_device(user):
            request.session[SECOND_STEP_PENDING] = True
        else:
            request.session.pop(SECOND_STEP_PENDING, None)
