import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
application = get_wsgi_application()

from motcua.catalog.search import warm_up  # noqa: E402

warm_up()
