"""Crash-test worker: drains an enrolled terminal's outbox until killed."""
import sys

from pos_app.services import PosServices
from pos_app.sync.engine import SyncEngine

svc = PosServices.open(sys.argv[1])
engine = SyncEngine(svc)
print("ready", flush=True)
while True:
    engine.drain_once(batch_size=int(sys.argv[2]))
