"""Crash-test worker: records sales forever, printing each id once its transaction committed."""
import sys

from pos_app.domain.sale import SaleRequest
from pos_app.runtime import Runtime

NUMBERS = ["0712345123", "0733123456", "0771234567", "0722000111"]
PRODUCTS = [("SAF-AIRTIME", 10000), ("AIR-AIRTIME", 5500), ("TKL-FIXED", 5000), ("SAF-FIXED", 2000)]


def main(data_dir: str) -> None:
    svc = Runtime.open(data_dir)
    clerk = svc.auth.login("alice", "1234")
    print("ready", flush=True)
    i = 0
    while True:
        product, face = PRODUCTS[i % len(PRODUCTS)]
        record = svc.sell.record(clerk, SaleRequest(NUMBERS[i % len(NUMBERS)], product, face, "cash", face + 100))
        print(record.id, record.seq, flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1])
