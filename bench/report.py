"""The bench drivers' shared report code.

Reads what bench/lib.sh's bench_case wrote to BUILD_DIR/bench (TAG.programs, TAG.rc,
TAG.rounds/round-K.json, TAG.rss, TAG.ir) and prints Markdown ready to paste into
docs/benchmarks.md: one table per case, the same columns everywhere.

Imported by each driver's report script (bench_report in lib.sh sets PYTHONPATH and the
BENCH_* variables read here); `report.py check OUT TAG` is lib.sh checking the exit codes of
a case's timed runs.
"""
import glob
import json
import os
import platform
import statistics
import subprocess
import sys


class Program:
    def __init__(self, name, label, command):
        self.name, self.label, self.command = name, label, command
        self.times = []       # wall seconds, one per timed round
        self.cpu = []         # user + system seconds, one per timed round
        self.exit_codes = []
        self.rss_kib = None
        self.instructions = None

    @property
    def median_ms(self):
        return statistics.median(self.times) * 1e3

    @property
    def cpu_ms(self):
        return statistics.median(self.cpu) * 1e3


class Case:
    """One comparison: the programs doing the same work, in the order the driver gave them."""

    def __init__(self, out, tag):
        self.tag = tag
        stem = os.path.join(out, tag)
        self.programs = []
        with open(stem + ".programs") as f:
            for line in f:
                name, label, command = line.rstrip("\n").split("\t")
                self.programs.append(Program(name, label, command.strip()))
        with open(stem + ".rc") as f:
            self.want = int(f.read())
        by_name = {p.name: p for p in self.programs}
        rounds = sorted(glob.glob(os.path.join(stem + ".rounds", "round-*.json")))
        if not rounds:
            raise SystemExit("%s: no timed rounds in %s.rounds" % (tag, stem))
        for path in rounds:
            with open(path) as f:
                for r in json.load(f)["results"]:
                    p = by_name[r["command"]]
                    p.times += r["times"]
                    p.cpu.append(r["user"] + r["system"])
                    p.exit_codes += r["exit_codes"]
        for kind, attr in (("rss", "rss_kib"), ("ir", "instructions")):
            if os.path.exists(stem + "." + kind):
                with open(stem + "." + kind) as f:
                    for line in f:
                        name, value = line.split()
                        setattr(by_name[name], attr, int(value))
        self.rounds = len(rounds)
        self.by_name = by_name

    def __getitem__(self, name):
        return self.by_name[name]

    def wrong_exit_codes(self):
        return ["%s: exit codes %s, expected %d" % (p.name, sorted(set(p.exit_codes)), self.want)
                for p in self.programs if set(p.exit_codes) != {self.want}]


def out_dir():
    return os.environ["BENCH_OUT"]


def load(tag):
    return Case(out_dir(), tag)


def ratio(a, b):
    return a / b if a is not None and b else None


def cell(value, fmt):
    return "–" if value is None else fmt.format(value)


def table(case, ref="floor", ref_label="floor"):
    """The standard table: one row per program, ratios against the program named ref."""
    base = case[ref]
    rows = ["| program | wall median ms | instructions M | max RSS MiB | × %s (wall) | × %s (instr.) |"
            % (ref_label, ref_label),
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for p in case.programs:
        rows.append("| %s | %.2f | %s | %s | %.2f× | %s |" % (
            p.label, p.median_ms,
            cell(p.instructions and p.instructions / 1e6, "{:,.2f}"),
            cell(p.rss_kib and p.rss_kib / 1024, "{:.1f}"),
            p.median_ms / base.median_ms,
            cell(ratio(p.instructions, base.instructions), "{:.3f}×")))
    return "\n".join(rows) + "\n"


def measured():
    """The line under each table's heading: when and how it was measured."""
    return "Measured %s with `%s`.\n" % (os.environ["BENCH_DATE"], os.environ["BENCH_COMMAND"])


def method(extra=""):
    """The paragraph that opens a driver's section: the host and how the columns were measured."""
    load_start, load_end = os.environ["BENCH_LOAD"].split("|")
    libvirt = subprocess.run(["pkg-config", "--modversion", "libvirt"], capture_output=True, text=True).stdout.strip()
    text = ("Wall time: median of %s interleaved rounds (each runs every program once, `hyperfine -N`, the order "
            "rotating), after %s warmup rounds. Instructions: one run under `valgrind --tool=callgrind` "
            "(with its children), which other load does not disturb. Max RSS: largest of %s runs. "
            "Host: %s, %d CPUs, load average %s at the start, %s at the end; libvirt %s%s; %s s in all.\n"
            % (os.environ["BENCH_ROUNDS"], os.environ["BENCH_WARMUP_ROUNDS"], os.environ["BENCH_RSS"],
               platform.node(), os.cpu_count(), load_start, load_end, libvirt, extra, os.environ["BENCH_ELAPSED"]))
    if os.environ.get("BENCH_IR") != "1":
        text += "\nInstructions were not counted (`BENCH_CALLGRIND=0`).\n"
    if os.environ.get("BENCH_REBUILT"):
        text += "\n**Warning: %s.**\n" % os.environ["BENCH_REBUILT"]
    return text


class Targets:
    """PASS/MISS lines; finish() lists what was missed and exits 4 if anything was."""

    def __init__(self):
        self.missed = []

    def check(self, text, ok, figure):
        if not ok:
            self.missed.append("%s — %s" % (text, figure))
        return "- %s: **%s** — %s" % (text, "PASS" if ok else "MISS", figure)

    def finish(self):
        if self.missed:
            print("### Missed\n")
            for line in self.missed:
                print("- " + line)
            print()
        sys.exit(4 if self.missed else 0)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "check":
        sys.exit("usage: report.py check OUT TAG")
    wrong = Case(sys.argv[2], sys.argv[3]).wrong_exit_codes()
    for line in wrong:
        print("%s: %s" % (sys.argv[3], line), file=sys.stderr)
    sys.exit(1 if wrong else 0)
