/* libFuzzer target: the pcapng reader (source/pcapng.h) alone, on any
 * bytes after a Section Header Block's type, read from a regular file (the
 * read-ahead thread) and, for inputs a pipe holds, from a pipe (read(2)):
 * every frame it hands out is read to its last byte, so a length it failed
 * to check reads past the data under ASan. Seeds: fuzz/corpus/fuzz_pcapng
 * (tests/tools/mkpcapng.py's files). */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "source/pcapng.h"

static volatile unsigned sink;

static void read_all(int fd)
{
    struct instream in;
    if (instream_open(&in, fd) < 0) {
        instream_close(&in);
        return;
    }
    uint8_t magic[4];
    size_t got = 0;
    ssize_t r;
    while (got < 4 && (r = instream_read(&in, magic + got, 4 - got)) > 0)
        got += (size_t)r;
    struct pcapng ng;
    char err[256];
    if (got == 4 && pcapng_magic(magic)) {
        if (pcapng_open(&ng, &in, false, err, sizeof err) == 0) {
            struct frame f;
            while (pcapng_next(&ng, &f, err, sizeof err) == 1) {
                for (uint32_t i = 0; i < f.caplen; i++)
                    sink += f.data[i];
                for (int c = 0; c < f.ncomment; c++)     /* and every comment's */
                    for (uint32_t i = 0; i < f.comment[c].n; i++)
                        sink += f.comment[c].p[i];
            }
        }
        pcapng_close(&ng);                 /* after a failed open too: it may have started a thread */
    }
    instream_close(&in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The input follows the magic, so every input is a pcapng file. */
    static const uint8_t shb[4] = { 0x0a, 0x0d, 0x0d, 0x0a };
    int fd = memfd_create("fuzz", 0);
    if (fd < 0 || write(fd, shb, 4) != 4 || (size && write(fd, data, size) != (ssize_t)size) ||
        lseek(fd, 0, SEEK_SET) != 0)
        abort();
    read_all(fd);

    int p[2];
    if (size + 4 <= 65536 && pipe(p) == 0) {
        if (write(p[1], shb, 4) == 4 && (!size || write(p[1], data, size) == (ssize_t)size)) {
            close(p[1]);
            read_all(p[0]);
        } else {
            close(p[1]);
            close(p[0]);
        }
    }
    return 0;
}
