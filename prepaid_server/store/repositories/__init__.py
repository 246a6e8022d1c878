"""Repositories: every SQL statement of the server, one module per kind of record. They work inside
a unit of work (store/uow.py), never commit, and return plain records (dataclasses, tuples, ints)."""
