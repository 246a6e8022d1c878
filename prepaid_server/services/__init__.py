"""Use cases of the prepaid server. Each public function runs in one database transaction."""
