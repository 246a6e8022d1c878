"""In-process charging update cost on PostgreSQL (issue 15): N sequential CCR-Updates of one session
through the service layer (no HTTP), with the time per SQL statement from SQLAlchemy cursor events and
the commit time. Run from the repository root: .venv/bin/python bench/charging_micro.py
(PYTHONPATH=OTHER_TREE compares another version of the code in the same minute)."""
import sys, time, os, collections
sys.path.insert(0, "tests"); sys.path.insert(0, "tests/server")
from support.server import postgres_database, unique_msisdn
from charging_support import world
from prepaid_server.services import charging
from sqlalchemy import event
with postgres_database() as url:
    w = world(url)
    n = unique_msisdn()
    w.top_up(n, 1_000_000)
    charging.open_session(w.ctx, w.client, charging.OpenRequest("s1", 0, n, "voice", 61))
    eng = w.ctx.database.engine
    tot = collections.Counter(); cnt = collections.Counter()
    st = {}
    def before(conn, cursor, statement, params, context, executemany):
        st['t'] = time.perf_counter(); st['s'] = statement[:60].replace("\n", " ")
    def after(conn, cursor, statement, params, context, executemany):
        tot[st['s']] += time.perf_counter() - st['t']; cnt[st['s']] += 1
    event.listen(eng, "before_cursor_execute", before)
    event.listen(eng, "after_cursor_execute", after)
    def bc(conn): st['c'] = time.perf_counter()
    def ac(conn): tot['COMMIT'] += time.perf_counter() - st['c']; cnt['COMMIT'] += 1
    event.listen(eng, "commit", bc)
    N = 200
    t = time.perf_counter()
    for i in range(1, N + 1):
        charging.update_session(w.ctx, w.client, "s1", charging.UpdateRequest(i, 1, 1))
        ac(None)
    wall = (time.perf_counter() - t) / N * 1000
    statements = sum(v for k, v in cnt.items() if k != "COMMIT") / N
    print(f"{os.environ.get('TAG', 'this tree')}: {wall:.2f} ms/update, {statements:.1f} statements + commit")
    for k, v in tot.most_common(12):
        print(f"  {v/N*1000:6.2f} ms  x{cnt[k]/N:.1f}  {k}")
