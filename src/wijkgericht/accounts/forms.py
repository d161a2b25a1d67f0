"""Forms of the account pages, with Dutch labels and NL Design System (Utrecht) classes on their widgets."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkgericht.accounts import services
from wijkgericht.accounts.models import MailPreference, User
from wijkgericht.accounts.pseudonyms import pseudonym_clean

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
PASSWORD_HELP = _("Minstens 10 tekens; geen veelgebruikt wachtwoord, niet alleen cijfers en niet lijkend op uw "
                  "e-mailadres.")
# Django's Dutch catalogue lags behind its validators' messages; ours, by the validators' error codes.
PASSWORD_MESSAGES = {
    "password_too_short": _("Dit wachtwoord is te kort: gebruik minstens 10 tekens."),
    "password_too_common": _("Dit wachtwoord wordt te vaak gebruikt; kies een ander."),
    "password_entirely_numeric": _("Een wachtwoord van alleen cijfers is te makkelijk te raden."),
    "password_too_similar": _("Dit wachtwoord lijkt te veel op uw e-mailadres."),
}


def validate_password(password: str, user: User) -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), with Dutch messages."""
    try:
        password_validation.validate_password(password, user)
    except forms.ValidationError as error:
        raise forms.ValidationError([
            forms.ValidationError(PASSWORD_MESSAGES.get(e.code, e.messages[0]), code=e.code) for e in error.error_list
        ]) from None


class UtrechtMixin:
    """Give each widget the Utrecht class for its kind."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(widget, forms.Select):
                css = "utrecht-select utrecht-select--html-select"
            else:
                css = TEXTBOX
            widget.attrs["class"] = css


def _email_field(label=None) -> forms.EmailField:
    return forms.EmailField(
        label=label or _("E-mailadres"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class RegistrationForm(UtrechtMixin, forms.Form):
    email = _email_field()
    password1 = forms.CharField(
        label=_("Wachtwoord"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nog een keer"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("Ik heb gelezen hoe de gemeente met mijn gegevens omgaat en ga daarmee akkoord."),
        error_messages={"required": _("Zonder uw akkoord kunnen wij geen account voor u maken.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif one:
            try:
                validate_password(one, User(email=data.get("email", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class EmailAuthenticationForm(UtrechtMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in uw "
                           "wachtwoord, of vraag een inloglink of een nieuw wachtwoord aan."),
        "inactive": _("Dit account is uitgeschakeld."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = _email_field()
        self.fields["username"].widget.attrs["autofocus"] = True
        self.fields["password"].label = _("Wachtwoord")
        self._style()

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class MagicLinkForm(UtrechtMixin, forms.Form):
    email = _email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DutchPasswordResetForm(UtrechtMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"] = _email_field()
        self._style()

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        """Django's message, sent after commit and logged like every account mail (services.mail_after_commit)."""
        if services.is_placeholder_email(to_email):
            return
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(subject, loader.render_to_string(email_template_name, context),
                                         from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(loader.render_to_string(html_email_template_name, context), "text/html")
        services.mail_after_commit(message, what="password_reset", user_id=context["user"].pk)


class DutchSetPasswordForm(UtrechtMixin, SetPasswordForm):
    """A new password through the reset link: that link proves the address, so it also confirms it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nieuw wachtwoord nog een keer")
        self.error_messages = {**self.error_messages, "password_mismatch": _("De twee wachtwoorden zijn niet gelijk.")}
        self._style()

    def validate_password_for_user(self, user, password_field_name="new_password2"):
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error(password_field_name, error)

    def save(self, commit=True):
        user = super().save(commit=False)
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
        if commit:
            user.save()
        return user


class ProfileForm(UtrechtMixin, forms.ModelForm):
    # Longer than the column: extra spaces and invisible characters are removed before the length is checked.
    pseudonym = forms.CharField(label=_("Schuilnaam"), max_length=80,
                                help_text=_("Zo ziet een ander u op de site. Uw naam en e-mailadres blijven privé."))

    class Meta:
        model = User
        fields = ["pseudonym", "mail_preference"]
        labels = {"mail_preference": _("E-mail over uw berichten")}
        help_texts = {
            "mail_preference": _("Berichten over wat u volgt staan altijd op de site; kies of u ze ook per e-mail "
                                 "wilt krijgen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mail_preference"].choices = MailPreference.choices
        self.fields["pseudonym"].widget.attrs["autocomplete"] = "nickname"
        self._style()

    def clean_pseudonym(self) -> str:
        return pseudonym_clean(self.cleaned_data["pseudonym"], user=self.instance)


class DeleteAccountForm(UtrechtMixin, forms.Form):
    """Confirm with the password; an account without one types its e-mail address (or, for an account made by
    DigiD without an address, the word VERWIJDEREN)."""

    confirmation = forms.CharField(strip=False)
    keep_unpublished = forms.BooleanField(
        required=False,
        label=_("Wat nog op controle wacht, mag daarna zonder naam (als ‘Voormalig inwoner’) verschijnen"),
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["confirmation"]
        if user.has_usable_password():
            field.label = _("Uw wachtwoord")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        elif services.is_placeholder_email(user.email):
            field.label = _("Typ VERWIJDEREN")
            field.widget = forms.TextInput(attrs={"autocomplete": "off"})
        else:
            field.label = _("Typ uw e-mailadres")
            field.widget = forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        self._style()

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            ok = self.user.check_password(value)
            message = _("Dit wachtwoord klopt niet.")
        elif services.is_placeholder_email(self.user.email):
            ok = value.strip().upper() == "VERWIJDEREN"
            message = _("Typ het woord VERWIJDEREN om te bevestigen.")
        else:
            ok = value.strip().lower() == self.user.email.lower()
            message = _("Dit is niet het e-mailadres van uw account.")
        if not ok:
            raise forms.ValidationError(message)
        return value


class TokenForm(UtrechtMixin, forms.Form):
    """The second factor: six digits from the authenticator app, or one recovery code."""

    token = forms.CharField(
        label=_("Code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false",
                                      "autocapitalize": "off"}),
    )

    def __init__(self, *args, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["token"].help_text = help_text
        self._style()
