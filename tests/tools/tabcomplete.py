#!/usr/bin/env python3
"""Press TAB in a real interactive bash and print the line it leaves.

  tabcomplete.py ROOT LINE

Runs `bash -i` on a pseudo-terminal with PATH=ROOT/usr/bin:... and
XDG_DATA_DIRS=ROOT/usr/share, loads bash-completion as ~/.bashrc would
(/usr/share/bash-completion/bash_completion), types LINE and one TAB, and
prints the command line as readline then shows it (the text after the last
prompt, control bytes dropped). So it checks what a user gets: bash-completion
finding ROOT/usr/share/bash-completion/completions/synfin on its own, and
readline inserting the candidates. Every wait is bounded: exits 1 after 10 s
without the expected output.
"""
import os
import pty
import re
import select
import sys
import time

MARK = "@@synfin-ready@@"


def read_until(fd, pattern, seconds):
    """Read until the regex matches what arrived (or the time is up)."""
    got = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            if pattern is None:
                return got            # quiet for 50 ms: readline is done
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
        if pattern is not None and re.search(pattern, got):
            return got
    return got if pattern is None else None


def main(argv):
    root, line = argv[1], argv[2]
    env = {
        "PATH": root + "/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "XDG_DATA_DIRS": root + "/usr/share",
        "HOME": root,              # no user completions from the real home
        "TERM": "dumb",
        "INPUTRC": "/dev/null",
        "LANG": "C.UTF-8",
    }
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve("/bin/bash", ["bash", "--norc", "--noprofile", "-i"], env)
        finally:
            os._exit(127)
    # The mark is printed by a command built from two halves, so the echo of
    # the typed command does not match it.
    os.write(fd, ("PS1='$ '; . /usr/share/bash-completion/bash_completion; m=@@synfin-; echo ${m}ready@@\n").encode())
    if read_until(fd, re.escape(MARK).encode() + rb"\r?\n", 10) is None:
        print("tabcomplete: bash did not start", file=sys.stderr)
        return 1
    read_until(fd, None, 1)          # the prompt after it
    os.write(fd, line.encode())
    if read_until(fd, re.escape(line[-8:].encode()), 10) is None:
        print("tabcomplete: the typed line did not echo", file=sys.stderr)
        return 1
    os.write(fd, b"\t")
    # The completion runs synfin -G fields or -D: wait for its first byte
    # (up to 10 s), then until the terminal is quiet.
    first = read_until(fd, rb".", 10) or b""
    shown = (line.encode() + first + read_until(fd, None, 10)).decode(errors="replace")
    os.write(fd, b"\x03exit\n")
    read_until(fd, None, 1)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    shown = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", shown)
    print(shown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
