#include "serve/http_chunked.h"

enum {
    CH_SIZE,         /* hex digits of a chunk size */
    CH_EXT,          /* after the size: extension or whitespace, up to LF */
    CH_SIZE_LF,      /* CR seen after the size line */
    CH_DATA,         /* chunk data */
    CH_DATA_END,     /* the CRLF after the data */
    CH_DATA_LF,      /* CR seen after the data */
    CH_TRAILER,      /* start of a trailer line (or of the final empty line) */
    CH_TRAILER_LINE, /* inside a trailer line, up to LF */
    CH_END_LF,       /* CR of the final empty line seen */
    CH_DONE,
};

void http_chunked_init(struct http_chunked *ch)
{
    ch->state = CH_SIZE;
    ch->digits = 0;
    ch->left = 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Where to go once the size line has ended. */
static int after_size_line(const struct http_chunked *ch)
{
    return ch->left ? CH_DATA : CH_TRAILER;
}

long http_chunked_skip(struct http_chunked *ch, const char *buf, size_t len, bool *done)
{
    size_t i = 0;
    *done = false;
    while (i < len && ch->state != CH_DONE) {
        char c = buf[i];
        switch (ch->state) {
        case CH_SIZE: {
            int v = hex_value(c);
            if (v >= 0) {
                if (++ch->digits > 15)
                    return -1;
                ch->left = ch->left * 16 + (uint64_t)v;
                i++;
                break;
            }
            if (ch->digits == 0)
                return -1;
            if (c == ';' || c == ' ' || c == '\t')
                ch->state = CH_EXT;
            else if (c == '\r')
                ch->state = CH_SIZE_LF;
            else if (c == '\n')
                ch->state = after_size_line(ch);
            else
                return -1;
            i++;
            break;
        }
        case CH_EXT:
            if (c == '\r')
                ch->state = CH_SIZE_LF;
            else if (c == '\n')
                ch->state = after_size_line(ch);
            i++;
            break;
        case CH_SIZE_LF:
            if (c != '\n')
                return -1;
            ch->state = after_size_line(ch);
            i++;
            break;
        case CH_DATA: {
            uint64_t n = len - i < ch->left ? len - i : ch->left;
            i += n;
            ch->left -= n;
            if (ch->left == 0)
                ch->state = CH_DATA_END;
            break;
        }
        case CH_DATA_END:
            if (c == '\r')
                ch->state = CH_DATA_LF;
            else if (c == '\n')
                ch->state = CH_SIZE;
            else
                return -1;
            ch->digits = 0;
            i++;
            break;
        case CH_DATA_LF:
            if (c != '\n')
                return -1;
            ch->state = CH_SIZE;
            i++;
            break;
        case CH_TRAILER:
            if (c == '\r')
                ch->state = CH_END_LF;
            else if (c == '\n')
                ch->state = CH_DONE;
            else
                ch->state = CH_TRAILER_LINE;
            i++;
            break;
        case CH_TRAILER_LINE:
            if (c == '\n')
                ch->state = CH_TRAILER;
            i++;
            break;
        case CH_END_LF:
            if (c != '\n')
                return -1;
            ch->state = CH_DONE;
            i++;
            break;
        }
    }
    *done = ch->state == CH_DONE;
    return (long)i;
}
