"""Benchmarks: ``make bench`` (``python -m benchmarks [name...]``) prints one table per benchmark.

Each module ``bench_<name>.py`` has a ``main()`` that measures and prints its table. Timings are
medians of repeated runs on a shared, noisy machine: compare ratios, not single figures.
"""
