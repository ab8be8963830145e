from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from motcua.api import api
from motcua.core import views as core_views

urlpatterns = [
    # A local simulator of the national population database (same protocol as the client).
    path("api/sim/population/", include("motcua.population.urls")),
    path("api/", api.urls),
    re_path(r"^api/", core_views.api_not_found),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    # Dossier file downloads: one address whatever the language (access checked per file).
    path("files/", include("motcua.attachments.urls")),
    path("pki/", include("motcua.signing.pki_urls")),  # CRL and RFC 3161 timestamps
    # Payments: gateway return/IPN addresses and the gateway simulator (/sim/payments/).
    path("", include("motcua.payments.urls")),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("procedures/", include("motcua.catalog.urls")),
    path("units/", include("motcua.org.urls")),
    path("authority/", include("motcua.authority.urls")),
    path("backoffice/", include("motcua.dossiers.urls")),
    path("portal/", include("motcua.portal.urls")),
    path("documents/", include("motcua.documents.urls")),
    path("feedback/", include("motcua.feedback.urls")),
    path("verify/", include("motcua.signing.urls")),
    path("results/", include("motcua.results.urls")),
    path("alerts/", include("motcua.alerts.urls")),
    path("indicators/", include("motcua.indicators.urls")),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

admin.site.site_header = _("motcua — Quản trị")
admin.site.site_title = "motcua"
admin.site.index_title = _("Dữ liệu danh mục")
