#!/bin/sh
# Print the path of a Python >= 3.12 interpreter: first on PATH, then in pyenv.
# Exit 1 with a clear message when there is none (DESIGN.md: Django 6 and
# vietnam-provinces need Python >= 3.12).
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for name in python3.13 python3.12 python3 python; do
    p=$(command -v "$name" 2>/dev/null) || continue
    if ok "$p"; then echo "$p"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])' | sort -rV); do
        p="$(pyenv prefix "$v" 2>/dev/null)/bin/python"
        if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
    done
fi
for p in "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python; do
    if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
done
echo "localgov needs Python >= 3.12 and none was found on PATH or in pyenv." >&2
echo "Install one (e.g. 'pyenv install 3.13' or 'apt-get install python3.13') and run make again." >&2
exit 1
