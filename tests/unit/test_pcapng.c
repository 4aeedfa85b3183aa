/* The pcapng reader (source/pcapng.h) on every cut of a crafted file that
 * holds every kind of block, in both byte orders and several sections
 * (tests/tools/mkpcapng.py all), read from a regular file (the read-ahead
 * thread) and from a pipe (read(2)): never a crash or a read past the data
 * (the sanitizer builds run this too), the frames before the cut handed out
 * whole, in order, and the cut said unless it falls between two blocks.
 * Then cuts of a file with a block too large to hold at once. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "source/pcapng.h"

static int fails;
static volatile unsigned sink;

static void expect(bool ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    fails += !ok;
}

/* The file's bytes, from the generator. */
static uint8_t *make_file(const char *kind, size_t *size)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "python3 tests/tools/mkpcapng.py %s", kind);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, p)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (pclose(p) != 0 || n == 0) {
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

/* Read the first n bytes through a regular file (memfd) or a pipe: how many
 * frames, the last status, and whether anything was wrong with the frames. */
struct result {
    int frames, rc;
    bool bad_frame;
    char err[256];
};

static struct result read_prefix(const uint8_t *data, size_t n, bool pipe_it)
{
    struct result res = { 0, 0, false, "" };
    int fd;
    pid_t writer = -1;
    if (pipe_it) {
        /* What the pipe holds is written here; more by a child. */
        int p[2];
        if (pipe(p) < 0)
            abort();
        if (n <= 65536) {
            if (write(p[1], data, n) != (ssize_t)n)
                abort();
        } else {
            writer = fork();
            if (writer == 0) {
                close(p[0]);
                _exit(write(p[1], data, n) == (ssize_t)n ? 0 : 1);
            }
            if (writer < 0)
                abort();
        }
        close(p[1]);
        fd = p[0];
    } else {
        fd = memfd_create("cut", 0);
        if (fd < 0 || write(fd, data, n) != (ssize_t)n || lseek(fd, 0, SEEK_SET) != 0)
            abort();
    }
    struct instream in;
    if (instream_open(&in, fd) < 0)
        abort();
    uint8_t magic[4];
    ssize_t got = 0;
    while (got < 4) {
        ssize_t r = instream_read(&in, magic + got, (size_t)(4 - got));
        if (r <= 0)
            break;
        got += r;
    }
    if (got < 4) {
        res.rc = -2;                       /* too short to be a file: not the reader's */
        instream_close(&in);
        if (writer > 0)
            waitpid(writer, NULL, 0);
        return res;
    }
    struct pcapng r;
    if (pcapng_open(&r, &in, false, res.err, sizeof res.err) < 0) {
        res.rc = -1;
    } else {
        struct frame f;
        while ((res.rc = pcapng_next(&r, &f, res.err, sizeof res.err)) == 1) {
            res.frames++;
            /* Every byte of the frame is read, so ASan sees any past the data. */
            for (uint32_t i = 0; i < f.caplen; i++)
                sink += f.data[i];
            for (int c = 0; c < f.ncomment; c++)      /* and of every comment */
                for (uint32_t i = 0; i < f.comment[c].n; i++)
                    sink += f.comment[c].p[i];
            if (f.iface) {                            /* and of its interface's names */
                for (uint32_t i = 0; i < f.iface->name.n; i++)
                    sink += f.iface->name.p[i];
                for (uint32_t i = 0; i < f.iface->desc.n; i++)
                    sink += f.iface->desc.p[i];
            }
            if (f.section == 0)
                res.bad_frame = true;
            if (f.caplen > f.len || f.caplen == 0)
                res.bad_frame = true;
        }
    }
    pcapng_close(&r);
    instream_close(&in);
    if (writer > 0)
        waitpid(writer, NULL, 0);
    return res;
}

static bool printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

int main(void)
{
    size_t size;
    uint8_t *data = make_file("all", &size);
    if (!data) {
        printf("# skip: no python3 to make the pcapng file\n");
        return 0;
    }
    for (int way = 0; way < 2; way++) {
        struct result whole = read_prefix(data, size, way);
        char what[512];
        snprintf(what, sizeof what, "%s: the whole file: 70 frames, a clean end (%d, %d: %s)",
                 way ? "pipe" : "file", whole.frames, whole.rc, whole.err);
        expect(whole.frames == 70 && whole.rc == 0 && !whole.bad_frame, what);
        int last = 0, bad = 0, ends = 0;
        size_t first_bad = 0;
        for (size_t n = 0; n < size; n++) {
            struct result res = read_prefix(data, n, way);
            if (res.rc == -2)
                continue;
            bool ok = res.frames >= last && res.frames <= whole.frames && !res.bad_frame &&
                      (res.rc == 0 || (res.rc == -1 && res.err[0] && printable(res.err)));
            ends += res.rc == 0;
            if (!ok && !bad++)
                first_bad = n;
            last = res.frames;
        }
        snprintf(what, sizeof what,
                 "%s: cut at each of %zu bytes: frames in order, whole, the cut said (%d bad, first at %zu; %d clean ends)",
                 way ? "pipe" : "file", size, bad, first_bad, ends);
        expect(bad == 0 && ends > 0, what);
    }
    free(data);

    /* A block larger than a packet block may be is skipped in pieces (the
     * read-ahead blocks are 256 KiB; the map and the pipe have it whole):
     * cuts inside it, and in the last bytes. */
    data = make_file("skip", &size);
    if (!data) {
        expect(false, "mkpcapng.py skip");
        return 1;
    }
    for (int way = 0; way < 2; way++) {
        int bad = 0, cuts = 0;
        struct result whole = read_prefix(data, size, way);
        for (size_t n = 4; n < size; n += n + 64 < size ? 4999 : 1) {
            struct result res = read_prefix(data, n, way);
            cuts++;
            bad += res.frames > whole.frames || (res.rc != 0 && (res.rc != -1 || !res.err[0]));
        }
        char what[160];
        snprintf(what, sizeof what, "%s: a 600,000-byte block skipped: 5 frames (2 custom blocks); %d cuts in it and after, %d bad",
                 way ? "pipe" : "file", cuts, bad);
        expect(whole.frames == 5 && whole.rc == 0 && bad == 0, what);
    }
    free(data);

    /* One larger than a read-ahead block (256 KiB) or the read buffer (4
     * MiB): skipped across several, whole and cut inside it. */
    data = make_file("skip-huge", &size);
    if (!data) {
        expect(false, "mkpcapng.py skip-huge");
        return 1;
    }
    for (int way = 0; way < 2; way++) {
        struct result whole = read_prefix(data, size, way);
        struct result cut = read_prefix(data, size - 100000, way);
        char what[600];
        snprintf(what, sizeof what, "%s: a 6 MB block skipped: 5 frames (%d, %d: %s); cut in it: 4 and the cut (%d: %s)",
                 way ? "pipe" : "file", whole.frames, whole.rc, whole.err, cut.frames, cut.err);
        expect(whole.frames == 5 && whole.rc == 0 && cut.frames == 4 && cut.rc == -1 &&
               strstr(cut.err, "ends in the middle of a block of"), what);
    }
    free(data);
    return fails > 0;
}
