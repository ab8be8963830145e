"""Developer defaults: debug on unless told otherwise."""

import os

os.environ.setdefault("MOTCUA_DEBUG", "1")

from motcua.conf.base import *  # noqa: F403
