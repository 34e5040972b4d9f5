"""Files over 400 lines: each must be listed in scripts/house/long-files.txt with the most
lines it may have, and the list only shrinks (a listed file back under 400 must leave it).
Prints what is wrong; exits 1 then."""
import pathlib
import subprocess
import sys

LIMIT = 400
root = pathlib.Path(__file__).resolve().parents[2]
allowed = {}
for line in (root / "scripts/house/long-files.txt").read_text().splitlines():
    line = line.split("#", 1)[0].strip()
    if line:
        path, most = line.rsplit(" ", 1)
        allowed[path] = int(most)
files = subprocess.run(
    ["git", "ls-files", "*.rs", "*.mjs", "*.sh", "*.py"], cwd=root, capture_output=True, text=True, check=True
).stdout.split()
wrong = []
for f in files:
    p = root / f
    if not p.exists():
        continue
    n = len(p.read_text(errors="replace").splitlines())
    most = allowed.pop(f, None)
    if most is None and n > LIMIT:
        wrong.append(f"{f}: {n} lines (over {LIMIT}: split it)")
    elif most is not None and n > most:
        wrong.append(f"{f}: {n} lines, more than the {most} it may have (split it)")
    elif most is not None and n <= LIMIT:
        wrong.append(f"{f}: {n} lines now: remove it from scripts/house/long-files.txt")
for f in allowed:
    wrong.append(f"{f}: listed but gone: remove it from scripts/house/long-files.txt")
print("\n".join(wrong))
sys.exit(1 if wrong else 0)
