"""Crash-test worker: drains an enrolled terminal's outbox until killed."""
import sys

from pos_app.runtime import Runtime

svc = Runtime.open(sys.argv[1])
engine = svc.engine
print("ready", flush=True)
while True:
    engine.drain_once(batch_size=int(sys.argv[2]))
