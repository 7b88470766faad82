"""The browser-test tools work: Chromium launches and axe-core finds a known violation."""
from tests.a11y import axe_violations


def test_axe_reports_an_image_without_alt_and_passes_a_clean_page(page):
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert "image-alt" in [v["id"] for v in axe_violations(page)]
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1></main></body></html>')
    assert axe_violations(page) == []
