"""Pure server rules (no I/O): ledger postings, sale pricing checks, risk rules."""
