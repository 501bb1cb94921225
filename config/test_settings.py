"""The settings the test suite runs with: Lantern's settings with LANTERN_TESTING switched on, set
before they are read so that a bare ``pytest`` works as well as ``scripts/test``."""

import os

os.environ.setdefault("LANTERN_TESTING", "true")

from config.settings import *  # noqa: F403
