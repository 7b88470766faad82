"""plx's workbench URLs with the SDK's own (unlocked) page and handler views."""
from workbench.urls import urlpatterns as workbench_urls

from plxblocks.workbench.urls import serves_files
from plxblocks.workbench.urls import urlpatterns as plx_urls

urlpatterns = [plx_urls[0], *(pattern for pattern in workbench_urls if not serves_files(pattern))]
