"""Run every benchmark (or those named on the command line) and print their tables.

Each benchmark runs in a process of its own: some configure Django for a database of their own
(a process can be configured once), and none should inherit another's caches or connections.
"""
import pkgutil
import subprocess
import sys
from pathlib import Path

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(Path(benchmarks.__file__).parent)])
                   if m.name.startswith("bench_"))
    unknown = [n for n in argv if n not in names]
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(names)}", file=sys.stderr)
        return 2
    failed = []
    for name in argv or names:
        code = f"import benchmarks.bench_{name} as bench; bench.main()"
        if subprocess.run([sys.executable, "-c", code]).returncode != 0:
            failed.append(name)
        print(flush=True)
    if failed:
        print(f"benchmark(s) failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
