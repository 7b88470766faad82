"""Journal tests use the block tests' in-process workbench."""
from tests.blocks.conftest import *  # noqa: F403 - the same fixtures
