"""Several stateless server processes on one PostgreSQL keep exactly-once (brief §14): the same
1,000 sale ids sent to two `pos-server` processes at once, from several clients, as single sales
and in batches. Each id is accepted exactly once, every other answer is `duplicate` with the same
server reference, and the float moved by exactly the cost of 1,000 sales."""
from __future__ import annotations

import random
import threading
from collections import defaultdict

from sqlalchemy import create_engine, text

from support.server import TerminalClient, postgres_database, run_cli, start_server

SALES = 1000
CLIENTS_PER_SERVER = 3


def test_same_ids_to_two_server_processes_are_taken_once():
    with postgres_database() as url:
        first = start_server(url)
        second = start_server(url, seed=False)
        try:
            agent = first.cli("create-agent", "Twin Agent", "--prefix", "TWN").stdout.strip()
            first.cli("deposit", agent, str(10**10))
            first.cli("risk-rule", "repeat_msisdn", "off")
            owner = TerminalClient.enroll(first.url, first.issue_code(agent), "Owner")
            docs = [owner.sale(face=1_000 + 100 * (i % 50)) for i in range(SALES)]
            answers: dict[str, list[dict]] = defaultdict(list)
            lock = threading.Lock()
            errors: list[BaseException] = []
            barrier = threading.Barrier(2 * CLIENTS_PER_SERVER)

            def client(base_url: str, seed: int) -> None:
                try:
                    me = TerminalClient(base_url, owner.terminal_id, owner.secret)  # same terminal, own session
                    order = docs[:]
                    random.Random(seed).shuffle(order)
                    barrier.wait()
                    i = 0
                    while i < len(order):
                        if seed % 2:  # this client sends batches
                            chunk, i = order[i:i + 50], i + 50
                            reply = me.send_batch(chunk)
                            assert reply.status_code == 200, reply.text
                            got = list(zip(chunk, reply.json()["results"]))
                        else:  # this one single sales
                            doc, i = order[i], i + 1
                            reply = me.post("/api/v1/sales", doc)
                            assert reply.status_code == 200, reply.text
                            got = [(doc, reply.json())]
                        with lock:
                            for doc, answer in got:
                                answers[doc["id"]].append(answer)
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=client, args=(server.url, n))
                       for n, server in enumerate([first, second] * CLIENTS_PER_SERVER)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(300)
            assert not errors, errors[:3]
            assert len(answers) == SALES
            for sale_id, replies in answers.items():
                statuses = sorted(r["status"] for r in replies)
                assert statuses.count("accepted") == 1, (sale_id, statuses)
                assert set(statuses) <= {"accepted", "duplicate"}, (sale_id, statuses)
                assert len({r["server_ref"] for r in replies}) == 1, (sale_id, replies)

            engine = create_engine(url)
            try:
                with engine.connect() as conn:
                    count, cost = conn.execute(text(
                        "SELECT COUNT(*), SUM(float_cost) FROM sales WHERE agent_id = :a AND status = 'accepted'"),
                        {"a": agent}).one()
                    balance = conn.execute(text("SELECT balance FROM accounts WHERE id = :a"),
                                           {"a": f"float:{agent}"}).scalar()
            finally:
                engine.dispose()
            assert count == SALES
            assert cost == sum(d["float_cost"] for d in docs)
            assert balance == 10**10 - cost
        finally:
            first.stop()
            second.stop()
        check = run_cli(url, "ledger-check", check=False)
        assert check.returncode == 0, check.stderr
