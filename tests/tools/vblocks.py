#!/usr/bin/env python3
"""Compare the -V blocks of some layers with tshark's, line for line.

  vblocks.py [--exact] TSHARK_V SYNFIN_V TITLE...
  vblocks.py --subtree LINE TSHARK_V SYNFIN_V TITLE...
  vblocks.py --own-out SYNFIN_V

Both files are -V output of the same capture. For each frame, the k-th
block whose title starts with one of the TITLEs in synfin's output must
have tshark's k-th such block as its match: the same title line, and its
lines a subsequence of tshark's block's lines (synfin prints the lines it
has fields for, in tshark's order, each string for string). Prints each
mismatch and the count; exits 1 when there is one, or when synfin shows no
such block at all (a check that found nothing to compare proves nothing).

With --exact, synfin's block must be tshark's line for line, once synfin's
own lines (the synfin.* fields, which tshark does not have) are left out.

With --subtree LINE, only one sub-tree of those blocks is compared: the
line LINE (exactly, indentation included) and the lines under it, indented
deeper. Each frame's sub-trees must be tshark's line for line, and a frame
that has one on one side only is a mismatch.

With --own-out, the file is printed without synfin's own lines, to be
compared with tshark's whole output.
"""
import sys


def frames(path):
    out, cur = [], None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("Frame ") or line.startswith("PCAPNG ") or line.startswith("Systemd "):
                cur = []
                out.append(cur)
            if cur is not None:
                cur.append(line)
    return out


def hexdump(line):
    """A line of the dump tshark -V writes under a Data block's title."""
    return len(line) > 6 and line[4:6] == "  " and all(c in "0123456789abcdef" for c in line[:4])


def blocks(frame, titles):
    got, cur = [], None
    for line in frame:
        if line and not line.startswith(" ") and not hexdump(line):
            cur = [line] if line.startswith(titles) else None
            if cur is not None:
                got.append(cur)
        elif cur is not None and line:
            cur.append(line)
    return got


# The labels of synfin's own -V lines (the synfin.* rows of field_list.h).
SYNFIN_ONLY = ("    [Step in the connection: ", "    [Client state after this segment: ",
               "    [Server state after this segment: ")


def subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def subtrees(block, head):
    """The sub-trees of a block that start at the line head."""
    got, cur, depth = [], None, len(head) - len(head.lstrip(" "))
    for line in block:
        if line == head:
            cur = [line]
            got.append(cur)
        elif cur is not None and len(line) - len(line.lstrip(" ")) > depth:
            cur.append(line)
        else:
            cur = None
    return got


def both(tshark_v, synfin_v):
    """The two files' frames; exits 1 when their counts differ."""
    tf, sf = frames(tshark_v), frames(synfin_v)
    if len(tf) != len(sf):
        print(f"frames: tshark {len(tf)}, synfin {len(sf)}")
        sys.exit(1)
    return tf, sf


def mismatch(bad, where, synfin, tshark):
    """Show the first five mismatches."""
    if bad <= 5:
        print(f"{where}: synfin")
        print("\n".join("  | " + x for x in synfin))
        print("  tshark")
        print("\n".join("  | " + x for x in tshark))


def compare_subtrees(args):
    if len(args) < 4:
        sys.exit(__doc__)
    head, titles = args[0], tuple(args[3:])
    tf, sf = both(args[1], args[2])
    bad = shown = 0
    for n, (t, s) in enumerate(zip(tf, sf), 1):
        tt = [x for b in blocks(t, titles) for x in subtrees(b, head)]
        st = [x for b in blocks(s, titles) for x in subtrees(b, head)]
        for k in range(max(len(tt), len(st))):
            shown += 1
            a = tt[k] if k < len(tt) else ["(none)"]
            b = st[k] if k < len(st) else ["(none)"]
            if a != b:
                bad += 1
                mismatch(bad, f"frame {n}, sub-tree {k + 1}", b, a)
    print(f"{shown} subtrees compared, {bad} differ")
    sys.exit(1 if bad or not shown else 0)


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--own-out":
        with open(args[1], encoding="utf-8", errors="surrogateescape") as fh:
            sys.stdout.write("".join(x for x in fh if not x.startswith(SYNFIN_ONLY)))
        return
    if args and args[0] == "--subtree":
        compare_subtrees(args[1:])
        return
    exact = bool(args) and args[0] == "--exact"
    if exact:
        args = args[1:]
    if len(args) < 3:
        sys.exit(__doc__)
    titles = tuple(args[2:])
    tf, sf = both(args[0], args[1])
    bad = shown = 0
    for n, (t, s) in enumerate(zip(tf, sf), 1):
        tb, sb = blocks(t, titles), blocks(s, titles)
        for k, b in enumerate(sb):
            shown += 1
            if exact:
                b = [x for x in b if not x.startswith(SYNFIN_ONLY)]
                same = k < len(tb) and tb[k] == b
            else:
                same = k < len(tb) and tb[k][0] == b[0] and subsequence(b[1:], tb[k][1:])
            if not same:
                bad += 1
                mismatch(bad, f"frame {n}, block {k + 1}", b, tb[k] if k < len(tb) else ["(none)"])
    print(f"{shown} blocks compared, {bad} differ")
    sys.exit(1 if bad or not shown else 0)


if __name__ == "__main__":
    main()
