"""One page, requested again and again with no pause by each simulated client, signed in with the
session cookie the benchmark got from the sign-in form. Run by bench/load.py; loopback only.

Environment: BENCH_PATH (the page), BENCH_COOKIE ("sessionid=...; csrftoken=..."), BENCH_EXPECT
(text the page must contain, so a sign-in page or an error never counts as a fast answer)."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
COOKIE = os.environ.get("BENCH_COOKIE", "")
EXPECT = os.environ.get("BENCH_EXPECT", "").encode()


class PageReader(FastHttpUser):
    wait_time = constant(0)
    connection_timeout = 30.0
    network_timeout = 60.0

    @task
    def page(self):
        headers = {"Cookie": COOKIE} if COOKIE else {}
        with self.client.get(
            PATH, headers=headers, name=PATH, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            elif EXPECT and EXPECT not in (r.content or b""):
                r.failure("the page did not contain what it should")
            else:
                r.success()
