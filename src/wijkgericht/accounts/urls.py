from django.urls import path

from wijkgericht.accounts import oidc_auth, views, views_otp

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("registreren/", views.register, name="register"),
    path("registreren/verstuurd/", views.register_done, name="register_done"),
    path("bevestigen/<str:token>/", views.verify_email, name="verify_email"),
    path("bevestigingsmail/", views.resend_verification, name="resend_verification"),
    path("inloggen/", views.SignInView.as_view(), name="login"),
    path("uitloggen/", views.SignOutView.as_view(), name="logout"),
    # The second factor for staff (docs/sign-in.md).
    path("tweede-stap/instellen/", views_otp.otp_setup, name="otp_setup"),
    path("tweede-stap/", views_otp.otp_verify, name="otp_verify"),
    path("inloglink/", views.magic_link_request, name="magic_link_request"),
    path("inloglink/verstuurd/", views.magic_link_sent, name="magic_link_sent"),
    path("inloglink/<str:token>/", views.magic_link, name="magic_link"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("wachtwoord-herstellen/klaar/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("wachtwoord-herstellen/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("gegevens.json", views.export, name="export"),
    path("verwijderen/", views.delete, name="delete"),
    path("verwijderd/", views.deleted, name="deleted"),
    # Sign-in through an OpenID Connect broker (DigiD); 404 unless WIJKGERICHT_OIDC_ISSUER is set.
    path("digid/", oidc_auth.OIDCLoginView.as_view(), name="oidc_login"),
    path("digid/terug/", oidc_auth.oidc_callback, name="oidc_callback"),
]
