"""The central prepaid server: authoritative float, ledger and sales for TopUp POS terminals."""
