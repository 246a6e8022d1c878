"""Pure business rules of a top-up sale: money, catalog, promotions, numbers, payment.

Nothing in this package may import Qt, SQLAlchemy, requests, escpos or reportlab
(tests/domain/test_purity.py enforces it), so every rule here runs and tests without I/O.
"""
