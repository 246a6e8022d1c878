"""The PySide6 desktop front end. Screens live one folder each (login/, sale/, history/); shared
widgets in widgets/; every service call goes through the task runner in tasks.py."""
