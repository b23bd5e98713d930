"""The product's settings with the bench's URLs (bench/urls.py adds /bench/hello). The bench runs
every subprocess with DJANGO_SETTINGS_MODULE=bench.settings (bench/common.py)."""

from actionplan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
