"""TopUp POS, the terminal. Layers (docs/ARCHITECTURE.md, held by import-linter): `domain` ← `application`
(use cases and their ports) ← adapters (`store`, `sync`, `printing`, `reports`) ← `runtime` (the
composition root) ← front ends (`ui`, `cli`)."""

# How the platform's per-user folders (data, logs, caches) are named.
APP_NAME = "TopUpPOS"
APP_AUTHOR = "TopUp"
