"""The local SQLite store: engine with durability pragmas, models, migrations, unit of work."""
