"""Test settings: fast hashing, no lockouts unless a test turns them on."""

import os

os.environ.setdefault("MOTCUA_VAR_DIR", os.path.join(os.getcwd(), "var", "test"))

from motcua.conf.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
