"""PyInstaller entry point: the frozen `topup-pos` executable is `pos-app`."""
import multiprocessing
import sys

from pos_app.cli.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
