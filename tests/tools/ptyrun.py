#!/usr/bin/env python3
"""Run a command on a pseudo-terminal and keep what reaches the terminal.

  ptyrun.py LOG COLS CMD ARG...

CMD runs in a new session whose controlling terminal is the pty (standard
input, output and error on it, in the foreground, COLS columns wide);
redirect inside CMD (sh -c '... > FILE') to take a stream off the terminal.
Every byte written to the terminal goes to LOG, as written (after the
terminal's own output processing: a newline arrives as CR LF). Exits with
CMD's status.
"""
import errno
import fcntl
import os
import pty
import struct
import sys
import termios


def main(argv):
    log, cols, cmd = argv[1], int(argv[2]), argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, cols, 0, 0))
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    got = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError as e:          # EIO: every writer has closed the terminal
            if e.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        got += chunk
    _, status = os.waitpid(pid, 0)
    with open(log, 'wb') as f:
        f.write(got)
    return os.waitstatus_to_exitcode(status)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
