"""Helpers shared by test layers (real servers, emulators, table counts)."""
