from support.server import server_url  # noqa: F401  (fixture)
