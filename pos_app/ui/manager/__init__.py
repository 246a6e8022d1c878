"""The store manager's screens: dashboard, X/Z reports and exports, shift open/close with a cash
count, and the audit log with chain verification. Every service call goes through the TaskRunner."""
