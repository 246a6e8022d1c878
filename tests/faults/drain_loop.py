"""Crash-test worker: drains an enrolled terminal's outbox until killed, with the pipelined drain
the sync worker uses (issue 13: a batch on the wire while the previous answers are applied and
the next batch is picked), so a kill lands between any two of those steps."""
import sys

from pos_app.sync.client import NetworkError

from pos_app.runtime import Runtime

svc = Runtime.open(sys.argv[1])
engine = svc.engine
print("ready", flush=True)
while True:
    try:
        engine.drain(max_seconds=600, batch_size=int(sys.argv[2]))
    except NetworkError:
        pass
