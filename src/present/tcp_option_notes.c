/* Notes on TCP option lengths: see tcp_option_notes.h. */
#include <stdio.h>

#include "decode/decode.h"
#include "present/tcp_option_notes.h"

int tcp_options_noted(const struct tcp_layer *t)
{
    for (int i = 0; i < t->nopt; i++) {
        const struct tcp_option *o = &t->opt[i];
        if (t->malformed_option && i == t->nopt - 1 && !(o->kind == TCPOPT_SACK && o->len >= 3))
            return i;
        if (o->bad_len || o->cut)
            return i;
    }
    return t->nopt;
}

bool tcp_sack_unended(const struct tcp_option *o)
{
    return o->kind == TCPOPT_SACK && o->len >= 2 && (o->len - 2) % 8 != 0;
}

bool tcp_option_length_note(const struct tcp_option *o, char *text, size_t n)
{
    if (o->wrong_len)
        snprintf(text, n, "option length should be %u", tcp_option_fixed_len(o->kind));
    else if ((o->kind == TCPOPT_ACC_ECN_0 || o->kind == TCPOPT_ACC_ECN_1) && o->len != 2 && o->len != 5 &&
             o->len != 8 && o->len != 11)
        snprintf(text, n, "option length should be 2, 5, 8, or 11 instead of %u", o->len);
    else if ((o->kind == TCPOPT_EXP_FD || o->kind == TCPOPT_EXP_FE) && o->len < 4)
        snprintf(text, n, "option length %u smaller than 4", o->len);
    else
        return false;
    return true;
}

const char *tcp_options_threw(const struct tcp_layer *t)
{
    if (!t->malformed_option || t->nopt == 0)
        return NULL;
    return t->opt[t->nopt - 1].kind == TCPOPT_MPTCP ? "MPTCP" : "TCP";
}
