"""Issue 12 item 14: the Reports screen at 1024x600 in a real window (Xvfb + openbox + xdotool), then
"Print slip" (x y given) so its banner shows; shots to /tmp/polish-shots (reports-before.png and
issue12-reports-banner-1024x600.png). The buttons stay at the same height in both.

    .venv/bin/python scripts/reports_banner_screen.py 912 207
"""
import os, subprocess, sys, time
from pathlib import Path
REPO = Path(__file__).resolve().parents[1]; PY = str(REPO / ".venv/bin/python")
OUTDIR = Path("/tmp/polish-shots"); OUTDIR.mkdir(exist_ok=True)
CLICK = sys.argv[1:]  # x y of the button to click, or nothing
data = Path("/tmp/polish-reports-till"); subprocess.run(["rm", "-rf", str(data)])
subprocess.run([PY, "-m", "pos_app.cli.admin", "--data-dir", str(data), "init", "--demo"], cwd=REPO, capture_output=True)
disp = ":63"; env = {**os.environ, "DISPLAY": disp}; env.pop("QT_QPA_PLATFORM", None)
procs = [subprocess.Popen(["Xvfb", disp, "-screen", "0", "1024x600x24", "-nolisten", "tcp"])]; time.sleep(1)
procs.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)); time.sleep(1)
app = subprocess.Popen([PY, "-m", "pos_app.cli.app", "--data-dir", str(data)], env=env, cwd=REPO)
def x(*a): subprocess.run(["xdotool", *a], env=env)
def keys(t, enter=True):
    if t: x("type", "--delay", "60", t)
    if enter: x("key", "Return")
    time.sleep(0.5)
try:
    time.sleep(7)
    x("search", "--sync", "--name", "TopUp", "windowactivate", "--sync"); time.sleep(2)
    keys("1234"); time.sleep(1.2)
    x("key", "F12"); time.sleep(1)
    x("key", "Down"); keys("9876"); time.sleep(1.5)
    x("key", "alt+m"); time.sleep(0.6); x("key", "Down"); x("key", "Return"); time.sleep(2.5)
    subprocess.run(["import", "-window", "root", str(OUTDIR) + "/reports-before.png"], env=env)
    if CLICK:
        x("mousemove", CLICK[0], CLICK[1], "click", "1"); time.sleep(1.0)
        subprocess.run(["import", "-window", "root", str(OUTDIR) + "/issue12-reports-banner-1024x600.png"], env=env)
finally:
    app.terminate(); app.wait(10)
    for p in reversed(procs): p.terminate()
