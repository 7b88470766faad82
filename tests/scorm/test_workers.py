"""``plx scorm`` of a large course makes its units' sections on both cores (issue 13): a forked
worker makes them from the last unit back while the package's own process makes them from the
first. The package is byte for byte the one made in one process, whoever made each section."""
from __future__ import annotations

import pytest

from benchmarks.generate_course import generate
from plxblocks import workers
from scorm import build_package
from scorm import pages as pages_module
from scorm.package import package_specs

from .conftest import load

UNITS = 60  # three modules of 20


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return load(generate(UNITS, tmp_path_factory.mktemp("scorm-workers") / "generated"))


@pytest.fixture
def made_by_worker(monkeypatch) -> list[int]:
    """A worker for a package of any size; the indexes of the units whose sections it made."""
    made: list[int] = []
    in_order = workers.in_order

    def recording(items, weights, work, context, *, threshold):
        for item, result in in_order(items, weights, work, context, threshold=threshold):
            if result is not None:
                made.append(item)
            yield item, result

    monkeypatch.setattr(pages_module, "PARALLEL_UNITS", 1)
    monkeypatch.setattr(workers, "_workers", lambda: 1)
    monkeypatch.setattr(workers, "in_order", recording)
    return made


def in_one_process(spec, out, remote) -> bytes:
    with workers.one_process():
        return build_package(spec, out, remote).read_bytes()


@pytest.mark.parametrize("lang", [None, "cy"])
def test_a_package_made_with_a_worker_is_the_one_made_in_one_process(generated, tmp_path, remote, made_by_worker,
                                                                    lang):
    spec = package_specs(generated, "2004", lang)[0]
    parallel = build_package(spec, tmp_path / spec.file_name, remote).read_bytes()
    assert made_by_worker, "the worker made no section"
    assert parallel == in_one_process(spec, tmp_path / "serial.zip", remote)


def test_the_worker_may_make_every_section(generated, tmp_path, remote, made_by_worker, monkeypatch):
    monkeypatch.setattr(workers, "_results", lambda future, count: future.result())  # never cancelled
    spec = package_specs(generated, "1.2")[0]
    parallel = build_package(spec, tmp_path / spec.file_name, remote).read_bytes()
    assert made_by_worker == list(range(UNITS))
    assert parallel == in_one_process(spec, tmp_path / "serial.zip", remote)


def test_a_build_with_a_cache_makes_its_sections_here(generated, tmp_path, remote, made_by_worker):
    """plx build's packages share views through the cache, which a worker's copy would not fill."""
    from plxblocks.rendercache import UnitCache

    spec = package_specs(generated, "1.2")[0]
    cached = build_package(spec, tmp_path / spec.file_name, remote, UnitCache()).read_bytes()
    assert made_by_worker == []
    assert cached == in_one_process(spec, tmp_path / "serial.zip", remote)
