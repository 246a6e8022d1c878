"""Drive the real till in Xvfb + openbox with xdotool and take screenshots with ImageMagick's
`import -window root` (issue 12: the receipt failure path and Settings -> Printer, as a clerk would).

    python3 scripts/real_window.py 1024 600 docs/screenshots printer|settings|banner|reports|dashboard|counter

Needs: apt-get install xvfb openbox xdotool imagemagick; scripts/bootstrap.sh."""
import os, socket, subprocess, sys, time  # noqa: E401
from pathlib import Path
W, H, OUT, SCEN = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
OUT.mkdir(parents=True, exist_ok=True)
REPO = Path(__file__).resolve().parents[1]; PY = str(REPO / ".venv/bin/python")
disp = f":{90 + (W % 7)}"
env = {**os.environ, "DISPLAY": disp}
env.pop("QT_QPA_PLATFORM", None)
data = Path(f"/tmp/topup-realwin-{SCEN}-{W}")
subprocess.run(["rm", "-rf", str(data)])
def admin(*args, stdin=""):
    p = subprocess.run([PY, "-m", "pos_app.cli.admin", "--data-dir", str(data), *args], input=stdin, text=True,
                       capture_output=True, cwd=REPO)
    print("pos-admin", *args, "->", p.returncode, p.stdout.strip(), p.stderr.strip()); return p
admin("init", "--demo")
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
sys.path.insert(0, str(REPO / "tests"))
from printing.printer_emulator import PrinterEmulator
if SCEN == "counter":  # issue 12 (counter): two clerks, nobody preselected, PIN-only login
    admin("user", "add", "bob", "--role", "clerk", "--name", "Bob Kamau", "--as", "admin", stdin="0000\n4321\n")
if SCEN not in ("plain", "counter"):
    admin("printer", "use", f"tcp://127.0.0.1:{port}", "--as", "admin", stdin="0000\n")
procs = [subprocess.Popen(["Xvfb", disp, "-screen", "0", f"{W}x{H}x24", "-nolisten", "tcp"])]
time.sleep(1.0)
procs.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
time.sleep(1.0)
app = subprocess.Popen([PY, "-m", "pos_app.cli.app", "--data-dir", str(data)], env=env, cwd=REPO,
                       stdout=open(f"/tmp/topup-realwin-{SCEN}-{W}.log", "w"), stderr=subprocess.STDOUT)
def x(*a): subprocess.run(["xdotool", *a], env=env)
def shot(name):
    time.sleep(0.6)
    path = OUT / f"{name}-{W}x{H}.png"
    subprocess.run(["import", "-window", "root", str(path)], env=env); print(path)
def keys(text, enter=True):
    if text: x("type", "--delay", "60", text)
    if enter: x("key", "Return")
    time.sleep(0.5)
try:
    for _ in range(60):
        r = subprocess.run(["xdotool", "search", "--name", "TopUp POS"], env=env, capture_output=True, text=True)
        if r.stdout.strip(): break
        time.sleep(0.5)
    time.sleep(3)
    wid = r.stdout.split()[-1]
    x("windowactivate", "--sync", wid); x("windowsize", wid, str(W), str(H)); x("windowmove", wid, "0", "0")
    time.sleep(1)
    if SCEN == "printer":
        shot("issue12-login-preselected")
        keys("1234")
        time.sleep(1.5)
        keys("0712345678"); keys("100"); keys("200"); time.sleep(0.8); keys("")
        time.sleep(2.2)
        shot("issue12-receipt-not-printed")
        x("key", "alt+a"); time.sleep(1.2)
        keys("192.168.1.50"); time.sleep(1.0)
        shot("issue12-another-printer-error")
        x("key", "Escape"); time.sleep(0.8)
        time.sleep(2)
        x("key", "F8"); time.sleep(1.5)
        x("key", "ctrl+Tab"); time.sleep(1.5)
        shot("issue12-needs-attention-receipts")
        printer = PrinterEmulator(port=port)
        time.sleep(6)
        shot("issue12-needs-attention-printer-back")
        x("key", "Escape"); time.sleep(1.5)
        shot("issue12-receipt-printed-by-itself")
        print("complete receipts:", printer.complete_receipts(b"NBO1-000001"), "COPY" in printer.received().decode("latin1"))
        printer.stop()
    elif SCEN == "banner":
        keys("1234"); time.sleep(1.5)
        x("key", "F5"); time.sleep(1.5)  # nothing to repeat yet; then a real banner: the repeat one
        keys("0712345678"); keys("100"); keys("200"); time.sleep(0.8); keys(""); time.sleep(1.5)
        keys(""); time.sleep(1)
        x("key", "F5"); time.sleep(1.2)
        shot("issue12-banner-over-the-top-bar")
    elif SCEN == "reports":
        keys("1234"); time.sleep(1.2)
        keys("0712345678"); keys("100"); keys("200"); time.sleep(0.8); keys(""); time.sleep(1.5); keys("")
        x("key", "F12"); time.sleep(1)
        x("key", "Down"); keys("9876"); time.sleep(1.5)
        x("key", "alt+m"); time.sleep(0.6); x("key", "Down"); x("key", "Return"); time.sleep(2.5)
        shot("issue12-x-report-monospace")
    elif SCEN == "dashboard":
        keys("1234"); time.sleep(1.2)
        for number in ("0712345678", "0733123456"):
            keys(number); keys("100"); keys("200"); time.sleep(0.8); keys(""); time.sleep(1.5); keys("")
        x("key", "F12"); time.sleep(1)
        x("key", "Down"); keys("9876"); time.sleep(1.5)
        x("key", "ctrl+m"); time.sleep(2.5)
        shot("issue12-dashboard")
    elif SCEN == "counter":  # issue 12 (counter): PIN-only, pasted letters, DISPUTED, side column, Z names
        import sqlite3
        shot("issue12-login-no-name-chosen")
        keys("4321"); time.sleep(1.5)  # PIN-only: Bob has this PIN
        subprocess.run(["xclip", "-selection", "clipboard"], input="07l2 abc 678", text=True, env=env)
        x("key", "ctrl+v"); time.sleep(0.8)
        shot("issue12-number-pasted-letters")
        x("key", "ctrl+a"); x("key", "BackSpace")
        keys("0712345678"); keys("100"); keys("200"); time.sleep(0.8); keys(""); time.sleep(1.5)
        db = sqlite3.connect(data / "pos.sqlite3")
        db.execute("UPDATE sales SET status='DISPUTED', reject_code='duplicate_other_terminal', reject_message=? "
                   "WHERE seq=(SELECT MAX(seq) FROM sales)", ("Sale id already accepted from terminal NBO0. "
                                                             "Server record: status accepted, server_ref SRV-42.",))
        db.commit(); db.close()
        time.sleep(2.5)
        shot("issue12-result-disputed")
        keys(""); time.sleep(1)
        keys("0712345678", enter=False); time.sleep(1.5)
        shot("issue12-sale-side-column")
        x("key", "Escape"); time.sleep(0.5)
        x("key", "F12"); time.sleep(1)
        x("key", "Down"); keys("9876"); time.sleep(1.5)
        x("key", "alt+m"); time.sleep(0.6); x("key", "Down"); x("key", "Return"); time.sleep(2.5)
        big = W >= 1920  # the reports bar sits a little higher on the big screen
        x("mousemove", "498" if big else "410", "152" if big else "163", "click", "1"); time.sleep(0.4)
        x("mousemove", "360" if big else "300", "152" if big else "163", "click", "1"); time.sleep(1.5)
        shot("issue12-z-carry-over-reason")
        keys("line down at closing"); time.sleep(3)
        shot("issue12-z-report-names")
        x("mousemove", "86" if big else "78", "100" if big else "114", "click", "1"); time.sleep(2.5)
        shot("issue12-dashboard-after-z")
    elif SCEN == "settings":
        x("key", "Up"); keys("0000"); time.sleep(1.5)
        x("key", "ctrl+comma"); time.sleep(2)
        x("key", "ctrl+Tab"); x("key", "ctrl+Tab"); time.sleep(0.5)
        x("key", "alt+a"); x("key", "ctrl+a"); keys("192.168.1.50"); time.sleep(1.5)
        shot("issue12-settings-printer-wrong-address")
        x("key", "Escape"); time.sleep(0.8)
        x("key", "F12"); time.sleep(1)
        x("key", "Down"); x("key", "Down"); keys("9876"); time.sleep(1.5)
        x("key", "ctrl+comma"); time.sleep(2)
        x("key", "ctrl+Tab"); x("key", "ctrl+Tab"); time.sleep(1)
        shot("issue12-settings-printer-manager")
        x("key", "Escape"); time.sleep(0.5)
finally:
    app.terminate(); app.wait(10)
    for p in reversed(procs): p.terminate()
