#!/usr/bin/python3
"""Open an HTML file in headless Chromium and report what a browser sees, as
JSON on stdout. Standard library only; run with /usr/bin/python3.

  browse.py [OPTIONS] FILE.html
      --count SEL        count the elements matching SEL, in the DOM after the
                         page's scripts ran and in the DOM with scripts off
                         (repeatable)
      --list SEL[@ATTR]  the text of each element matching SEL, or its ATTR
                         value, in both DOMs (repeatable)
      --shot WxH[,dark][,print][,noscript]=PNG
                         screenshot of a W x H viewport into PNG, with its
                         figures (colours, non-background fraction, blank?);
                         dark: prefers-color-scheme dark; print: print media;
                         noscript: of the page with scripts off (repeatable)
      --fragment F       open FILE#F (the report's #frame-N links)
      --dom-out PATH     write the DOM after scripts (and PATH.noscript the
                         DOM with scripts off)
      --wait-ready       wait (up to --ready-timeout) for <html data-ready="1">,
                         which the report's script sets once initialised
      --ready-timeout S  default 10
      --settle MS        real time to wait after the load event (and after the
                         ready signal), default 100
      --min-colours N    a screenshot with fewer distinct colours is blank (default 4)
      --min-fraction F   ... or with fewer pixels off the background colour (default 0.005)
      --timeout S        kill Chromium and fail after S seconds in all (default 60)
      --chromium PATH    the browser (default $CHROMIUM if set, else
                         /usr/lib/chromium/chromium, else chromium,
                         chromium-browser or google-chrome on PATH)
      --no-noscript      skip the scripts-off pass (unless a shot asks for it)
  browse.py --find              print the browser's path (exit 3 when there is none)
  browse.py --png FILE.png...   the figures of existing PNG files
  browse.py --selftest          check the selector matcher and PNG decoder

The JSON: "error" (null, or why the run failed), "chromium", "version",
"timing" (seconds: startup, scripts, noscript, close, total), then for
"scripts" and "noscript" alike: "counts" {SEL: n}, "lists" {SPEC: [..]},
"ready" and "errors_attr" (<html>'s data-ready and data-errors), "ready_waited",
"dom_bytes", "exceptions", "console_errors", "log_errors", "script_errors"
(exceptions + console errors), "requests" [{url, failed}]; "shots" [{path,
width, height, colours, background, nonbg_fraction, blank, seconds, ...}];
"killed_after_close" and "leftover_processes" (0 unless something is wrong).
BROWSE_TRACE=1 prints each DevTools call and its time on stderr.

One Chromium process (headless, --no-sandbox as root, fresh profile and HOME
in a temporary directory) is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ended by a NUL byte on fds 3 and 4),
so no port and no websocket. No network: http(s), ws(s) and ftp URLs are
blocked in the browser, every name and address resolves to nothing, and the
proxy is a closed local port. Two tabs: one with scripts on (exceptions,
console.error, log errors and every request other than the page itself and
data:/blob: URLs are recorded), one with scripts disabled before it loads.
The DOM is serialised from the DevTools DOM domain, which works with scripts
off too, and parsed with html.parser; selectors are a small subset of CSS
(see Selector). Exit status: 0 when the page was opened (whatever it
contains), 2 on a usage error, 3 when the browser could not be run or the
time ran out; the JSON says why in "error".
"""
import array
import base64
import collections
import html.parser
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

TRACE = bool(os.environ.get('BROWSE_TRACE'))   # each DevTools call and its time, on stderr


# --- selectors ------------------------------------------------------------

class Selector:
    """A small CSS subset: compounds of tag (or *), #id, .class, [attr] and
    [attr=value] (value bare or quoted), joined by spaces (descendant).
    Tag and attribute names compare case-insensitively, as html.parser
    lowercases them; values and classes compare exactly."""
    _part = re.compile(r'''\#([\w-]+)|\.([\w-]+)|\[\s*([\w:-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+))\s*)?\]''')

    def __init__(self, text):
        self.text = text
        self.compounds = []
        for word in self._split(text):
            m = re.match(r'[\w-]+|\*', word)
            tag = None
            pos = 0
            if m:
                tag = None if m.group(0) == '*' else m.group(0).lower()
                pos = m.end()
            conds = []
            while pos < len(word):
                p = self._part.match(word, pos)
                if not p:
                    raise ValueError('selector %r: cannot read %r' % (text, word[pos:]))
                if p.group(1) is not None:
                    conds.append(('id', p.group(1)))
                elif p.group(2) is not None:
                    conds.append(('class', p.group(2)))
                else:
                    val = next((v for v in p.group(4, 5, 6) if v is not None), None)
                    conds.append(('attr', p.group(3).lower(), val))
                pos = p.end()
            if tag is None and not conds and not m:
                raise ValueError('selector %r: empty compound' % text)
            self.compounds.append((tag, conds))
        if not self.compounds:
            raise ValueError('empty selector')

    @staticmethod
    def _split(text):
        # Spaces separate compounds except inside [...].
        words, cur, depth = [], '', 0
        for ch in text.strip():
            if ch == '[':
                depth += 1
            elif ch == ']':
                depth -= 1
            if ch.isspace() and depth == 0:
                if cur:
                    words.append(cur)
                cur = ''
            else:
                cur += ch
        if depth != 0:
            raise ValueError('selector %r: unbalanced [' % text)
        if cur:
            words.append(cur)
        return words

    @staticmethod
    def _match1(compound, tag, attrs):
        want, conds = compound
        if want is not None and want != tag:
            return False
        for c in conds:
            if c[0] == 'id':
                if attrs.get('id') != c[1]:
                    return False
            elif c[0] == 'class':
                if c[1] not in (attrs.get('class') or '').split():
                    return False
            elif c[2] is None:
                if c[1] not in attrs:
                    return False
            elif attrs.get(c[1]) != c[2]:
                return False
        return True

    def matches(self, tag, attrs, ancestors):
        """ancestors: (tag, attrs) pairs from the root down to the parent."""
        if not self._match1(self.compounds[-1], tag, attrs):
            return False
        i = len(self.compounds) - 2
        # Descendant combinators only: matching each compound at the nearest
        # ancestor that fits is enough (greedy is exact here).
        for atag, aattrs in reversed(ancestors):
            if i < 0:
                break
            if self._match1(self.compounds[i], atag, aattrs):
                i -= 1
        return i < 0


VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta',
        'param', 'source', 'track', 'wbr', 'keygen'}


class _Walker(html.parser.HTMLParser):
    """One pass over serialised HTML: counts and lists for every query."""

    def __init__(self, counts, lists):
        super().__init__(convert_charrefs=True)
        self.stack = []           # (tag, attrs, [indexes of open list items])
        self.counts = {s: 0 for s in counts}
        self.csel = [(s, Selector(s)) for s in counts]
        self.lsel = []
        for spec in lists:
            sel, _, attr = spec.partition('@')
            self.lsel.append((spec, Selector(sel), attr.lower() or None))
        self.lists = {spec: [] for spec in lists}
        self.root_attrs = None
        self.open_text = []       # (spec, index) collecting text, per stack level

    def handle_starttag(self, tag, attrlist):
        attrs = {k: (v if v is not None else '') for k, v in attrlist}
        if tag == 'html' and self.root_attrs is None:
            self.root_attrs = attrs
        anc = [(t, a) for t, a, _ in self.stack]
        for spec, sel in self.csel:
            if sel.matches(tag, attrs, anc):
                self.counts[spec] += 1
        mine = []
        for spec, sel, attr in self.lsel:
            if sel.matches(tag, attrs, anc):
                if attr:
                    self.lists[spec].append(attrs.get(attr))
                else:
                    self.lists[spec].append('')
                    mine.append((spec, len(self.lists[spec]) - 1))
        if tag in VOID:
            return
        self.stack.append((tag, attrs, mine))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        for _, _, mine in self.stack:
            for spec, idx in mine:
                self.lists[spec][idx] += data


def query_dom(dom, counts, lists):
    w = _Walker(counts, lists)
    w.feed(dom)
    w.close()
    root = w.root_attrs or {}
    return {'counts': w.counts,
            'lists': {k: [v.strip() if isinstance(v, str) else v for v in vals]
                      for k, vals in w.lists.items()},
            'ready': root.get('data-ready'),
            'errors_attr': root.get('data-errors')}


# --- PNG ------------------------------------------------------------------

def _swar_masks(n):
    lo = int.from_bytes(b'\x7f' * n, 'little')
    return lo, lo ^ int.from_bytes(b'\xff' * n, 'little')


def _add_bytes(a, b, lo, hi):
    # Bytewise a + b mod 256 on integers holding n bytes each: the low seven
    # bits of each byte cannot carry out of it, the top bit is an XOR.
    return ((a & lo) + (b & lo)) ^ ((a ^ b) & hi)


def png_decode(data):
    """(width, height, channels, pixel bytes) of an 8-bit, non-interlaced
    greyscale, RGB, grey+alpha or RGBA PNG. Filters None and Up and Sub work
    on whole rows as big integers; Average and Paeth go byte by byte."""
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, ihdr = 8, [], None
    while pos + 8 <= len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            ihdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
        pos += 12 + n
    if ihdr is None:
        raise ValueError('PNG without IHDR')
    w, h, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        raise ValueError('PNG depth %d colour type %d interlace %d not handled'
                         % (depth, ctype, interlace))
    raw = zlib.decompress(b''.join(idat))
    bpp, stride = channels, w * channels
    if len(raw) < h * (stride + 1):
        raise ValueError('PNG data short')
    lo, hi = _swar_masks(stride)
    full = (1 << (8 * stride)) - 1
    out = bytearray(h * stride)
    prev = bytes(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        if f == 0:
            cur = line
        elif f == 2:
            x = _add_bytes(int.from_bytes(line, 'little'), int.from_bytes(prev, 'little'), lo, hi)
            cur = x.to_bytes(stride, 'little')
        elif f == 1:
            # Running sum at a distance of bpp bytes, by doubling steps.
            x, step = int.from_bytes(line, 'little'), bpp
            while step < stride:
                x = _add_bytes(x, (x << (8 * step)) & full, lo, hi)
                step *= 2
            cur = x.to_bytes(stride, 'little')
        elif f == 3:
            c = bytearray(line)
            for i in range(stride):
                left = c[i - bpp] if i >= bpp else 0
                c[i] = (c[i] + ((left + prev[i]) >> 1)) & 255
            cur = c
        elif f == 4:
            c = bytearray(line)
            for i in range(stride):
                if i >= bpp:
                    a, cc = c[i - bpp], prev[i - bpp]
                else:
                    a = cc = 0
                b = prev[i]
                p = a + b - cc
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
                c[i] = (c[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else cc)) & 255
            cur = c
        else:
            raise ValueError('PNG filter type %d' % f)
        out[y * stride:(y + 1) * stride] = cur
        prev = cur
    return w, h, channels, bytes(out)


def png_figures(data, min_colours=4, min_fraction=0.005):
    """Distinct colours, the most common colour (the background) and the
    fraction of pixels that differ from it; blank if either is too small."""
    w, h, ch, px = png_decode(data)
    n = w * h
    if ch == 4:
        vals = array.array('I', px)
    else:
        # Pack every pixel into 4 bytes so array() reads one int per pixel.
        buf = bytearray(4 * n)
        for c in range(ch):
            buf[c::4] = px[c::ch]
        vals = array.array('I', bytes(buf))
    count = collections.Counter(vals)
    bg, bgn = count.most_common(1)[0] if n else (0, 0)
    bgbytes = struct.pack('<I', bg)[:ch]
    frac = (n - bgn) / n if n else 0.0
    return {'width': w, 'height': h, 'colours': len(count),
            'background': '#' + bgbytes.hex(),
            'nonbg_fraction': round(frac, 6),
            'blank': len(count) < min_colours or frac < min_fraction}


def png_encode(w, h, channels, px, filters):
    """A PNG of the pixel bytes with filter filters[y % len] on row y (for the
    self-test of png_decode)."""
    stride = w * channels
    rows, prev = [], bytes(stride)
    for y in range(h):
        cur = px[y * stride:(y + 1) * stride]
        f = filters[y % len(filters)]
        enc = bytearray(stride)
        for i in range(stride):
            a = cur[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 0:
                pred = 0
            elif f == 1:
                pred = a
            elif f == 2:
                pred = b
            elif f == 3:
                pred = (a + b) >> 1
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
            enc[i] = (cur[i] - pred) & 255
        rows.append(bytes([f]) + bytes(enc))
        prev = cur

    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))
    ctype = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, ctype, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(b''.join(rows))) + chunk(b'IEND', b''))


# --- DevTools protocol over a pipe -----------------------------------------

class Timeout(Exception):
    pass


class Stopped(Exception):
    pass


class Browser:
    def __init__(self, exe, tmp, deadline):
        self.tmp = tmp
        self.deadline = deadline
        self.buf = b''
        self.next_id = 0
        self.events = collections.defaultdict(list)   # sessionId -> [event]
        home = os.path.join(tmp, 'home')
        os.makedirs(home)
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + '/.config',
                   XDG_CACHE_HOME=home + '/.cache', XDG_DATA_HOME=home + '/.local/share')
        env.pop('DBUS_SESSION_BUS_ADDRESS', None)
        args = [exe, '--headless=new', '--remote-debugging-pipe',
                '--user-data-dir=' + os.path.join(tmp, 'profile'),
                '--disable-gpu', '--no-first-run', '--no-default-browser-check',
                '--disable-extensions', '--disable-component-update', '--disable-sync',
                '--disable-background-networking', '--disable-default-apps',
                # The crash handler still starts, in a session of its own
                # (--disable-crashpad-for-testing makes the network service
                # crash: "FD ownership violation"); its database is under our
                # HOME, so close() finds it by its command line.
                '--disable-breakpad', '--no-pings',
                '--disable-features=Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider',
                '--disable-dev-shm-usage', '--mute-audio', '--hide-scrollbars',
                '--force-color-profile=srgb', '--password-store=basic',
                '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
                # No network, in three layers behind open_tab's blocked URLs:
                # every name and address (even 127.0.0.1) resolves to nothing,
                # and the proxy, for loopback too, is a closed local port.
                '--host-resolver-rules=MAP * ~NOTFOUND',
                '--proxy-server=127.0.0.1:9', '--proxy-bypass-list=<-loopback>']
        if os.geteuid() == 0:
            args.append('--no-sandbox')   # Chromium refuses to run as root otherwise
        args.append('about:blank')
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():
            # fds 3 and 4 as Chromium expects; dup first so that dup2 never
            # meets its own fd (which would keep close-on-exec set).
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
        self.stderr_path = os.path.join(tmp, 'stderr')
        with open(self.stderr_path, 'wb') as err:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=err, env=env, close_fds=False,
                                         preexec_fn=fds, start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)

    def _read_message(self):
        while b'\0' not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise Timeout()
            r, _, _ = select.select([self.from_child], [], [], left)
            if not r:
                raise Timeout()
            d = os.read(self.from_child, 1 << 20)
            if not d:
                raise RuntimeError('Chromium closed the DevTools pipe (exit status %s)'
                                   % self.proc.poll())
            self.buf += d
        msg, _, self.buf = self.buf.partition(b'\0')
        return json.loads(msg)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        mid = self.next_id
        m = {'id': mid, 'method': method, 'params': params or {}}
        if session:
            m['sessionId'] = session
        os.write(self.to_child, json.dumps(m).encode() + b'\0')
        t = time.monotonic()
        while True:
            j = self._read_message()
            if j.get('id') == mid:
                if TRACE:
                    print('browse.py: %6.3f s %s' % (time.monotonic() - t, method), file=sys.stderr)
                if 'error' in j:
                    raise RuntimeError('%s: %s' % (method, j['error'].get('message')))
                return j.get('result', {})
            if 'method' in j:
                self.events[j.get('sessionId')].append(j)

    def wait_event(self, session, name, after=0, pred=None):
        """The index of the first event NAME of SESSION at or after index
        `after` for which pred(params) holds, reading until it comes."""
        i = after
        while True:
            evs = self.events[session]
            while i < len(evs):
                if evs[i]['method'] == name and (pred is None or pred(evs[i].get('params', {}))):
                    return i
                i += 1
            j = self._read_message()
            if 'method' in j:
                self.events[j.get('sessionId')].append(j)

    def pump(self, seconds):
        """Read events for a while (real time passing in the page)."""
        end = min(time.monotonic() + seconds, self.deadline)
        while time.monotonic() < end:
            r, _, _ = select.select([self.from_child], [], [], end - time.monotonic())
            if not r:
                break
            d = os.read(self.from_child, 1 << 20)
            if not d:
                raise RuntimeError('Chromium closed the DevTools pipe')
            self.buf += d
            while b'\0' in self.buf:
                msg, _, self.buf = self.buf.partition(b'\0')
                j = json.loads(msg)
                if 'method' in j:
                    self.events[j.get('sessionId')].append(j)

    def close(self):
        """Ask Chromium to quit, then kill whatever is left of it: its process
        group, and any process whose command line names our temporary
        directory (in case a crash handler started in a session of its own).
        Returns how many had to be killed, and how many are still alive."""
        try:
            os.write(self.to_child, json.dumps({'id': 0, 'method': 'Browser.close'}).encode() + b'\0')
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        # Children still exiting get two seconds; the rest are killed.
        end = time.monotonic() + 2
        while self._leftovers() and time.monotonic() < end:
            time.sleep(0.05)
        killed = set()
        for _ in range(20):
            left = self._leftovers()
            if not left:
                break
            for pid in left:
                if TRACE:
                    print('browse.py: killing %d %s' % (pid, _cmdline(pid)), file=sys.stderr)
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.add(pid)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        return len(killed), len(self._leftovers())

    def _leftovers(self):
        """Live (not zombie) processes of ours: in Chromium's process group or
        naming our temporary directory on their command line."""
        pids, me = [], self.tmp.encode()
        for d in os.listdir('/proc'):
            if not d.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % d, 'rb') as f:
                    st = f.read()
                fields = st[st.rindex(b')') + 2:].split()
                state, pgrp = fields[0], int(fields[2])
                if state in (b'Z', b'X'):
                    continue
                if pgrp == self.proc.pid:
                    pids.append(int(d))
                    continue
                with open('/proc/%s/cmdline' % d, 'rb') as f:
                    if me in f.read():
                        pids.append(int(d))
            except (OSError, ValueError):
                continue
        return pids

    def stderr_tail(self, n=15):
        try:
            with open(self.stderr_path, 'rb') as f:
                lines = f.read().decode('utf-8', 'replace').splitlines()
        except OSError:
            return []
        # D-Bus complaints are normal without a session bus.
        return [ln for ln in lines if 'dbus' not in ln.lower()][-n:]


def _cmdline(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return f.read().replace(b'\0', b' ')[:100].decode('utf-8', 'replace')
    except OSError:
        return '?'


def open_tab(br, url, width, height, scripts):
    tid = br.send('Target.createTarget', {'url': 'about:blank'})['targetId']
    sid = br.send('Target.attachToTarget', {'targetId': tid, 'flatten': True})['sessionId']
    for dom in ('Page', 'Runtime', 'Network', 'Log'):
        br.send(dom + '.enable', None, sid)
    # Blocked in the browser itself, before any socket: whatever listens on
    # the proxy's port, nothing leaves (requestWillBeSent still reports it).
    pats = [s + '://*' for s in ('http', 'https', 'ws', 'wss', 'ftp')]
    try:
        br.send('Network.setBlockedURLs', {'urls': pats}, sid)
    except RuntimeError:
        # Newer protocol spelling; failing both, the proxy still stops them.
        try:
            br.send('Network.setBlockedURLs',
                    {'urlPatterns': [{'urlPattern': p, 'block': True} for p in pats]}, sid)
        except RuntimeError:
            pass
    br.send('Emulation.setDeviceMetricsOverride',
            {'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False}, sid)
    if not scripts:
        br.send('Emulation.setScriptExecutionDisabled', {'value': True}, sid)
    start = len(br.events[sid])
    nav = br.send('Page.navigate', {'url': url}, sid)
    if nav.get('errorText'):
        raise RuntimeError('cannot open %s: %s' % (url, nav['errorText']))
    t = time.monotonic()
    # The load event that counts comes after the main frame has navigated
    # to the page (not a late one of about:blank).
    nav = br.wait_event(sid, 'Page.frameNavigated', start, lambda p: not p['frame'].get('parentId')
                        and p['frame'].get('url') != 'about:blank')
    br.wait_event(sid, 'Page.loadEventFired', nav + 1)
    if TRACE:
        print('browse.py: %6.3f s load event' % (time.monotonic() - t), file=sys.stderr)
    return sid


def settle(br, sid, scripts, ms):
    br.pump(ms / 1000.0)
    if scripts:
        # Two animation frames: layout and paint of what the scripts did.
        br.send('Runtime.evaluate', {'expression':
                'new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))',
                'awaitPromise': True}, sid)


def wait_ready(br, sid, seconds):
    end = min(time.monotonic() + seconds, br.deadline)
    while True:
        r = br.send('Runtime.evaluate', {'expression': 'document.documentElement.dataset.ready',
                                         'returnByValue': True}, sid)
        if r.get('result', {}).get('value') == '1':
            return True
        if time.monotonic() >= end:
            return False
        br.pump(0.05)


def dom_of(br, sid):
    doc = br.send('DOM.getDocument', {'depth': 1}, sid)['root']
    out = []
    for ch in doc.get('children', []):
        if ch.get('nodeType') == 10:
            out.append('<!DOCTYPE %s>\n' % ch.get('nodeName', 'html'))
        elif ch.get('nodeType') == 1:
            out.append(br.send('DOM.getOuterHTML', {'nodeId': ch['nodeId']}, sid)['outerHTML'])
    return ''.join(out)


def page_report(br, sid, page_url):
    """Errors and requests recorded for one tab."""
    exc, cons, logs, reqs, failed = [], [], [], [], {}
    for e in br.events[sid]:
        m, p = e['method'], e.get('params', {})
        if m == 'Runtime.exceptionThrown':
            d = p.get('exceptionDetails', {})
            desc = d.get('exception', {}).get('description') or d.get('text', '')
            exc.append('%s (%s:%s)' % (desc.splitlines()[0] if desc else '', d.get('url', ''),
                                       d.get('lineNumber', '')))
        elif m == 'Runtime.consoleAPICalled' and p.get('type') in ('error', 'assert'):
            cons.append(' '.join(str(a.get('value', a.get('description', '')))
                                 for a in p.get('args', [])))
        elif m == 'Log.entryAdded' and p.get('entry', {}).get('level') == 'error':
            en = p['entry']
            logs.append('%s: %s %s' % (en.get('source'), en.get('text'), en.get('url', '')))
        elif m == 'Network.requestWillBeSent':
            u = p.get('request', {}).get('url', '')
            if u.split('#')[0] == page_url.split('#')[0] or u.split(':', 1)[0] in ('data', 'blob', 'about'):
                continue
            reqs.append({'id': p.get('requestId'), 'url': u})
        elif m == 'Network.loadingFailed':
            why = p.get('errorText') or ''
            if not why and p.get('blockedReason'):
                why = 'blocked (%s)' % p['blockedReason']
            failed[p.get('requestId')] = why or 'failed'
    for r in reqs:
        r['failed'] = failed.get(r.pop('id'))
    return {'exceptions': exc, 'console_errors': cons, 'log_errors': logs,
            'script_errors': len(exc) + len(cons), 'requests': reqs}


def find_chromium(given):
    """--chromium or else $CHROMIUM when given (a path, or a name on PATH), else
    Debian's binary itself (not the /usr/bin/chromium wrapper, whose
    /etc/chromium.d adds flags and extensions), else a name on PATH."""
    def exe(p):
        return p if p and os.path.isfile(p) and os.access(p, os.X_OK) else None
    given = given or os.environ.get('CHROMIUM')
    if given:
        return exe(given) or shutil.which(given)
    found = exe('/usr/lib/chromium/chromium')
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        found = found or shutil.which(name)
    return found


def parse_shot(spec):
    m = re.fullmatch(r'(\d+)x(\d+)((?:,(?:dark|print|noscript))*)=(.+)', spec)
    if not m:
        raise ValueError('--shot %r: want WxH[,dark][,print][,noscript]=FILE.png' % spec)
    flags = set(filter(None, m.group(3).split(',')))
    return {'width': int(m.group(1)), 'height': int(m.group(2)), 'path': m.group(4),
            'dark': 'dark' in flags, 'print': 'print' in flags, 'noscript': 'noscript' in flags}


def shoot(br, sid, shot, scripts, opts):
    br.send('Emulation.setDeviceMetricsOverride',
            {'width': shot['width'], 'height': shot['height'], 'deviceScaleFactor': 1,
             'mobile': False}, sid)
    feats = [{'name': 'prefers-color-scheme', 'value': 'dark' if shot['dark'] else 'light'}]
    br.send('Emulation.setEmulatedMedia',
            {'media': 'print' if shot['print'] else '', 'features': feats}, sid)
    settle(br, sid, scripts, opts.settle)
    data = base64.b64decode(br.send('Page.captureScreenshot', {'format': 'png'}, sid)['data'])
    with open(shot['path'], 'wb') as f:
        f.write(data)
    fig = png_figures(data, opts.min_colours, opts.min_fraction)
    fig.update({k: shot[k] for k in ('path', 'dark', 'print', 'noscript')})
    return fig


# --- command line -----------------------------------------------------------

class Opts:
    pass


def parse_args(argv):
    o = Opts()
    o.counts, o.lists, o.shots = [], [], []
    o.dom_out = None
    o.wait_ready = False
    o.ready_timeout = 10.0
    o.settle = 100.0
    o.min_colours, o.min_fraction = 4, 0.005
    o.timeout = 60.0
    o.chromium = None
    o.noscript = True
    o.file = None
    o.png = None
    o.selftest = False
    o.find = False
    o.fragment = None
    it = iter(argv)
    conv = {'--ready-timeout': ('ready_timeout', float), '--settle': ('settle', float),
            '--min-colours': ('min_colours', int), '--min-fraction': ('min_fraction', float),
            '--timeout': ('timeout', float), '--chromium': ('chromium', str),
            '--dom-out': ('dom_out', str), '--fragment': ('fragment', str)}
    for a in it:
        if a in ('--count', '--list', '--shot'):
            v = next(it, None)
            if v is None:
                raise ValueError(a + ' needs a value')
            if a == '--count':
                Selector(v)
                o.counts.append(v)
            elif a == '--list':
                Selector(v.partition('@')[0])
                o.lists.append(v)
            else:
                o.shots.append(parse_shot(v))
        elif a in conv:
            v = next(it, None)
            if v is None:
                raise ValueError(a + ' needs a value')
            setattr(o, conv[a][0], conv[a][1](v))
        elif a == '--wait-ready':
            o.wait_ready = True
        elif a == '--no-noscript':
            o.noscript = False
        elif a == '--png':
            o.png = list(it)
        elif a == '--selftest':
            o.selftest = True
        elif a == '--find':
            o.find = True
        elif a in ('-h', '--help'):
            print(__doc__)
            sys.exit(0)
        elif a.startswith('-'):
            raise ValueError('unknown option ' + a)
        elif o.file is None:
            o.file = a
        else:
            raise ValueError('one HTML file only')
    if o.file is None and o.png is None and not o.selftest and not o.find:
        raise ValueError('no HTML file')
    return o


def run(o):
    start = time.monotonic()
    res = {'file': o.file, 'error': None, 'timing': {}}
    exe = find_chromium(o.chromium)
    res['chromium'] = exe
    if not exe:
        res['error'] = 'no Chromium found (Debian: apt-get install chromium)'
        return res, 3
    if not os.path.isfile(o.file):
        res['error'] = 'no such file: ' + o.file
        return res, 3
    url = Path(o.file).resolve().as_uri() + ('#' + o.fragment if o.fragment else '')
    tmp = tempfile.mkdtemp(prefix='browse.')
    br = None
    status = 0
    try:
        br = Browser(exe, tmp, start + o.timeout)
        res['version'] = br.send('Browser.getVersion').get('product')
        res['timing']['startup'] = round(time.monotonic() - start, 3)
        w, h = (o.shots[0]['width'], o.shots[0]['height']) if o.shots else (1280, 2000)
        modes = [True] + ([False] if o.noscript or any(s['noscript'] for s in o.shots) else [])
        for scripts in modes:
            t = time.monotonic()
            key = 'scripts' if scripts else 'noscript'
            sid = open_tab(br, url, w, h, scripts)
            ready = wait_ready(br, sid, o.ready_timeout) if scripts and o.wait_ready else None
            settle(br, sid, scripts, o.settle)
            dom = dom_of(br, sid)
            if o.dom_out:
                with open(o.dom_out + ('' if scripts else '.noscript'), 'w') as f:
                    f.write(dom)
            r = query_dom(dom, o.counts, o.lists)
            r['dom_bytes'] = len(dom.encode())
            if ready is not None:
                r['ready_waited'] = ready
            res['timing'][key] = round(time.monotonic() - t, 3)
            shots = []
            for s in o.shots:
                if s['noscript'] != (not scripts):
                    continue
                t = time.monotonic()
                fig = shoot(br, sid, s, scripts, o)
                fig['seconds'] = round(time.monotonic() - t, 3)
                shots.append(fig)
            r.update(page_report(br, sid, url))
            res[key] = r
            res.setdefault('shots', []).extend(shots)
    except Timeout:
        res['error'] = 'timeout: Chromium killed after %g s' % o.timeout
        status = 3
    except Stopped as e:
        res['error'] = 'stopped by signal %s' % e
        status = 3
    except (RuntimeError, OSError, ValueError) as e:
        res['error'] = str(e)
        status = 3
    finally:
        if br is not None:
            t = time.monotonic()
            killed, left = br.close()
            res['timing']['close'] = round(time.monotonic() - t, 3)
            res['killed_after_close'] = killed
            res['leftover_processes'] = left
            if status:
                res['stderr_tail'] = br.stderr_tail()
        shutil.rmtree(tmp, ignore_errors=True)
    res['timing']['total'] = round(time.monotonic() - start, 3)
    return res, status


def selftest():
    fails = []

    def check(what, got, want):
        if got != want:
            fails.append('%s: got %r, want %r' % (what, got, want))
    page = ('<html data-ready="1"><body><section class="conn" id="conn-0">'
            '<svg><g class="seg" data-frame="1"><text class="step">handshake 1/3</text></g>'
            '<g class="seg lost" data-frame="2"><line/></g><g class="segment"></g></svg></section>'
            '<section class="conn" id="conn-1"><svg><g class="seg" data-frame="9"></g></svg></section>'
            '<table><tr class="r"><td>a<br>b</td></tr><tr class="r"><td>c</td></tr></table>'
            '<input type="text"><p class=x>q</p>'
            '<svg class="graph" data-kind="tseq" data-dir="c2s"><rect class="pt retrans" data-frame="4">'
            '<title>frame 4</title></rect></svg>'
            '<svg class="graph" data-kind="tseq" data-dir="s2c"><rect class="pt"></rect></svg></body></html>')
    r = query_dom(page, ['g.seg', 'section#conn-0 g.seg', '.lost', 'g[data-frame=2]',
                         'g[data-frame="9"]', 'tr.r', 'section g[data-frame]', 'TR', '*', 'p.x',
                         'table td', 'input[type=text]', 'g.seg.lost', 'svg text.step', '#conn-1 g',
                         'svg.graph[data-kind=tseq][data-dir=c2s] .pt', 'svg[data-kind="tseq"] .pt.retrans',
                         'svg.graph .pt'],
                  ['text.step', 'g.seg@data-frame', 'tr.r', '.pt title'])
    check('counts', r['counts'], {
        'g.seg': 3, 'section#conn-0 g.seg': 2, '.lost': 1, 'g[data-frame=2]': 1,
        'g[data-frame="9"]': 1, 'tr.r': 2, 'section g[data-frame]': 3, 'TR': 2, '*': 25, 'p.x': 1,
        'table td': 2, 'input[type=text]': 1, 'g.seg.lost': 1, 'svg text.step': 1, '#conn-1 g': 1,
        'svg.graph[data-kind=tseq][data-dir=c2s] .pt': 1, 'svg[data-kind="tseq"] .pt.retrans': 1,
        'svg.graph .pt': 2})
    check('lists', r['lists'], {'text.step': ['handshake 1/3'], 'g.seg@data-frame': ['1', '2', '9'],
                                'tr.r': ['ab', 'c'], '.pt title': ['frame 4']})
    check('ready', r['ready'], '1')
    for bad in ('', 'g[x', 'g..a', 'g.seg>'):
        try:
            Selector(bad)
            fails.append('selector %r accepted' % bad)
        except ValueError:
            pass
    # PNG: every filter type, RGB and RGBA, against the pixels encoded.
    for ch in (3, 4):
        w, h = 37, 11
        px = bytes(((x * 7 + y * 13 + c * 101) ^ (x * y)) & 255
                   for y in range(h) for x in range(w) for c in range(ch))
        for filters in ([0], [1], [2], [3], [4], [0, 1, 2, 3, 4]):
            got = png_decode(png_encode(w, h, ch, px, filters))
            check('png ch=%d filters=%s' % (ch, filters), got, (w, h, ch, px))
    blank = png_figures(png_encode(50, 40, 3, b'\xff\xff\xff' * 2000, [0]))
    check('blank png', (blank['colours'], blank['nonbg_fraction'], blank['blank']), (1, 0.0, True))
    drawn = bytearray(b'\xff\xff\xff' * 2000)
    for i in range(0, 600, 3):
        drawn[i * 3:i * 3 + 3] = bytes([i & 255, 0, 255 - (i & 255)])
    d = png_figures(png_encode(50, 40, 3, bytes(drawn), [4, 1]))
    check('drawn png', (d['colours'], d['nonbg_fraction'], d['blank'], d['background']),
          (201, 0.1, False, '#ffffff'))
    for f in fails:
        print('selftest: ' + f, file=sys.stderr)
    print(json.dumps({'selftest': 'failed' if fails else 'ok', 'failures': len(fails)}))
    return 1 if fails else 0


def main():
    try:
        o = parse_args(sys.argv[1:])
    except ValueError as e:
        print('browse.py: %s (see --help)' % e, file=sys.stderr)
        return 2
    if o.selftest:
        return selftest()
    if o.find:
        exe = find_chromium(o.chromium)
        if exe:
            print(exe)
        return 0 if exe else 3
    if o.png is not None:
        out = []
        for p in o.png:
            with open(p, 'rb') as f:
                fig = png_figures(f.read(), o.min_colours, o.min_fraction)
            fig['path'] = p
            out.append(fig)
        print(json.dumps(out, indent=1))
        return 0
    # A signal (a test's own timeout) still closes Chromium in run's finally.
    def stop(signum, frame):
        raise Stopped(signum)
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, stop)
    res, status = run(o)
    print(json.dumps(res, indent=1, ensure_ascii=False))
    return status


if __name__ == '__main__':
    sys.exit(main())
