from tests.workbench_django import workbench_django  # noqa: F401
