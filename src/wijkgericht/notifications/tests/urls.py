"""The site's URLs, preceded by stand-in account pages for as long as the accounts app does not route them yet
(the site header links to them). Used by test_pages only when reversing the real ones fails."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from wijkgericht.urls import urlpatterns as site


def _stand_in(request):
    return HttpResponse("stand-in account page")


accounts = ([path("", _stand_in, name="account"), path("inloggen/", _stand_in, name="login"),
             path("uitloggen/", _stand_in, name="logout"), path("nieuw/", _stand_in, name="register")], "accounts")

urlpatterns = [
    *i18n_patterns(path("account/", include(accounts)), prefix_default_language=False),
    *site,
]
