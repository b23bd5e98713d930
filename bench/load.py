"""Server latency under load: `actionplan serve` (gunicorn gthread + whitenoise, production settings
but plain HTTP) in a subprocess on a free loopback port, signed in through the sign-in form, each
page driven by locust (headless, closed loop, no think time) at 1 and at 8 concurrent clients, and
the same server's bare /bench/hello view in the same run as the floor every page is compared with.

    python -m bench.load [--clients 1,8] [--seconds 8,12]

Loopback only; every run is bounded in time and the server is stopped at the end."""

from __future__ import annotations

import argparse
import csv
import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import BENCH, PY, ROOT, emit, free_port, load_info, pages, say

HELLO = {"key": "hello", "name": "hello (floor)", "path": "/bench/hello", "user": None}


class Server:
    """`actionplan serve` on 127.0.0.1 and a free port, stopped on exit."""

    def __init__(self, env: dict, log_path: Path):
        self.env, self.log_path = env, log_path
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def __enter__(self):
        script = Path(PY).with_name("actionplan")
        argv = [str(script)] if script.exists() else [PY, "-m", "actionplan.cli"]
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.proc = subprocess.Popen(
            [*argv, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 120) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the server did not answer within {timeout} s")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


def sign_in(base: str, username: str, password: str) -> str:
    """Sign in through the form as a person would; return the cookies as a Cookie header."""
    import requests

    session = requests.Session()
    page = session.get(base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    response = session.post(
        base + "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token[1] if token else ""},
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"signing in as {username} failed ({response.status_code})")
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def warm(base: str, path: str, cookie: str | None, count: int = 12) -> None:
    """A few requests from several threads so every worker has loaded code and templates."""
    import requests

    def hit(_):
        headers = {"Cookie": cookie} if cookie else {}
        return requests.get(base + path, headers=headers, allow_redirects=False, timeout=120).status_code

    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(hit, range(count)))
    if any(code != 200 for code in codes):
        raise RuntimeError(f"{path} answered {sorted(set(codes))} while warming up")


def server_cpu_seconds(master: int) -> float:
    """CPU time used so far by the gunicorn master and its workers (Linux /proc): the server's own
    cost per request, which, unlike latency, other work on a shared machine hardly moves."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == master or ppid == master:
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def run_locust(
    base: str, page: dict, cookie: str | None, clients: int, seconds: int, work: Path, master: int
) -> dict:
    prefix = work / f"locust-{page['key']}-{clients}"
    env = dict(
        os.environ,
        BENCH_PATH=page["path"],
        BENCH_COOKIE=cookie or "",
        BENCH_EXPECT="hello" if page["key"] == "hello" else "</html>",
    )
    load_before = os.getloadavg()[0]
    cpu_before = server_cpu_seconds(master)
    subprocess.run(
        [
            PY,
            "-m",
            "locust",
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "-u",
            str(clients),
            "-r",
            str(clients),
            "-t",
            f"{seconds}s",
            "-H",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--stop-timeout",
            "30",
            "--exit-code-on-error",
            "0",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=seconds + 90,
        check=True,
    )
    cpu_used = server_cpu_seconds(master) - cpu_before
    with open(f"{prefix}_stats.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == page["path"])

    def ms(key):
        return float(row[key]) if row[key] not in ("", "N/A") else None

    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "median_ms": ms("50%"),
        "p95_ms": ms("95%"),
        "p99_ms": ms("99%"),
        "max_ms": ms("Max Response Time"),
        "avg_ms": round(ms("Average Response Time"), 1),
        "load_average": round(load_before, 2),
        "server_cpu_ms": round(1000 * cpu_used / max(int(row["Request Count"]), 1), 1),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--clients", default="1,8")
    parser.add_argument("--seconds", default="8,12", help="run time per page at each client count")
    parser.add_argument("--only", default="", help="comma-separated page keys (default: all)")
    args = parser.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",")]
    seconds = [int(s) for s in args.seconds.split(",")]
    data_dir = Path(os.environ["ACTIONPLAN_DATA_DIR"])
    info = load_info(data_dir)
    measured = [HELLO, *pages(info)]
    if args.only:
        measured = [p for p in measured if p["key"] in args.only.split(",") or p["key"] == "hello"]
    work = data_dir / "load"
    work.mkdir(exist_ok=True)
    result = {
        "server": {
            "workers": os.environ.get("ACTIONPLAN_WORKERS", "3"),
            "threads": os.environ.get("ACTIONPLAN_THREADS", "4"),
        },
        "pages": {},
    }
    with Server(dict(os.environ), data_dir / "server.log") as server:
        cookies = {None: None}
        for page in measured:
            if page["user"] not in cookies:
                cookies[page["user"]] = sign_in(server.base, page["user"], info["password"])
            warm(server.base, page["path"], cookies[page["user"]])
        for n, secs in zip(clients, seconds * len(clients), strict=False):
            for page in measured:
                figures = run_locust(server.base, page, cookies[page["user"]], n, secs, work, server.proc.pid)
                result["pages"].setdefault(page["key"], {"name": page["name"], "path": page["path"]})[
                    str(n)
                ] = figures
                say(
                    f"load {page['name']} x{n}: p50 {figures['median_ms']} ms, p95 {figures['p95_ms']} ms, "
                    f"{figures['requests']} requests, {figures['failures']} failed"
                )
    for page in result["pages"].values():  # each page's latency as a ratio to hello's at the same load
        for n in map(str, clients):
            hello, figures = result["pages"]["hello"].get(n), page.get(n)
            if hello and figures and hello["median_ms"] and figures["median_ms"] is not None:
                figures["ratio_median"] = round(figures["median_ms"] / hello["median_ms"], 1)
                figures["ratio_p95"] = (
                    round(figures["p95_ms"] / hello["p95_ms"], 1) if hello["p95_ms"] else None
                )
    emit({"load": result})


if __name__ == "__main__":
    main()
