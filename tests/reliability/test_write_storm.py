"""Twenty people post updates to the same few actions at once, against the real server, for
RELIABILITY_STORM_SECONDS (15 s by default). Afterwards the database holds exactly the notes the
server acknowledged (302), none that it refused, and nobody saw a server error or "database is
locked". A 409 (someone saved first) is a fair refusal: the client reloads and tries again."""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from tests.reliability.conftest import CURRENT_RAG, VERSION, Browser, LiveServer, token_in

CLIENTS = 20
SHARED_ACTIONS = 8  # 20 clients on 8 actions: plenty of races for the same row
STORM_SECONDS = float(os.environ.get("RELIABILITY_STORM_SECONDS", "15"))


@dataclass
class Tally:
    acknowledged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def storm(browser: Browser, name: str, plan: int, actions: list[int], until: float, tally: Tally, seed: int):
    rng = random.Random(seed)
    n = 0
    while time.monotonic() < until:
        action = rng.choice(actions)
        url = f"/plans/{plan}/actions/{action}/"
        try:
            page = browser.get(url)
            tally.statuses[f"GET {page.status}"] += 1
            if page.status != 200:
                tally.problems.append(f"GET {url}: {page.status} {page.text[:200]}")
                continue
            n += 1
            text = f"storm {name} #{n} on action {action}"
            current = CURRENT_RAG.search(page.text)[1] or "none"
            fields = {
                "csrfmiddlewaretoken": token_in(page.text),
                "text": text,
                "rag": current,
                "reason": "",
                "version": VERSION.search(page.text)[1],
            }
            if rng.random() < 0.1:  # now and then a RAG change too, with its reason
                fields["rag"] = rng.choice([r for r in ("red", "amber", "green") if r != current])
                fields["reason"] = f"storm {name} moved it"
            response = browser.post(url, fields)
        except OSError as exc:  # a dropped connection leaves the outcome unknown: the test fails
            tally.problems.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        tally.statuses[f"POST {response.status}"] += 1
        if "database is locked" in response.text.lower():
            tally.problems.append(f"{name}: 'database is locked' shown to the user ({response.status})")
        if response.status == 302:
            tally.acknowledged.append(text)
        elif response.status == 409:
            tally.refused.append(text)  # stale version: reload (next loop) and try again
        else:
            tally.problems.append(f"POST {url}: {response.status} {response.text[:300]}")


def test_concurrent_updates_lose_nothing_and_show_no_errors(store, tmp_path):
    info = store.setup(users=CLIENTS)
    plan, actions = info["plan"], info["actions"][:SHARED_ACTIONS]
    with LiveServer(store, tmp_path / "server.log") as server:
        browsers = [Browser(server.port) for _ in range(CLIENTS)]
        pairs = list(zip(browsers, info["users"], strict=True))
        signing_in = [threading.Thread(target=b.sign_in, args=(u,)) for b, u in pairs]
        for thread in signing_in:
            thread.start()
        for thread in signing_in:
            thread.join(120)
        assert all("sessionid" in b.cookies for b in browsers), "every client signs in"
        tallies = [Tally() for _ in browsers]
        until = time.monotonic() + STORM_SECONDS
        threads = [
            threading.Thread(target=storm, args=(b, u, plan, actions, until, t, i), daemon=True)
            for i, (b, u, t) in enumerate(zip(browsers, info["users"], tallies, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(STORM_SECONDS + 120)
        assert not any(thread.is_alive() for thread in threads), "every client finished"
        log = server.log_text()

    statuses = sum((t.statuses for t in tallies), Counter())
    problems = [p for t in tallies for p in t.problems]
    acknowledged = [text for t in tallies for text in t.acknowledged]
    refused = [text for t in tallies for text in t.refused]
    print(
        f"\n{store.vendor}: {dict(statuses)}; {len(acknowledged)} acknowledged, {len(refused)} refused (409)"
    )
    assert not problems, problems[:10]
    assert not [s for s in statuses if s.split()[1].startswith("5")], statuses
    assert "database is locked" not in log.lower()
    assert len(acknowledged) >= CLIENTS, f"the storm did some work: {statuses}"

    stored = Counter(
        text for (text,) in store.query("SELECT text FROM plans_progressnote WHERE text LIKE ?", ("storm %",))
    )
    assert stored == Counter(acknowledged), "exactly the acknowledged notes, each once"
    assert not set(refused) & set(stored), "nothing refused was saved"
    # Each saved note has its audit entry.
    events = store.query(
        "SELECT COUNT(*) FROM plans_changeevent WHERE kind = 'note' AND plan_id = ?", (plan,)
    )
    assert events[0][0] == len(acknowledged)
