"""Talking to the prepaid server: request signing, the HTTP client and the outbox worker."""
