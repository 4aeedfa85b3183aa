#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/packet.h"
#include "present/explain.h"
#include "present/ladder.h"

enum lang lang_from_env(void)
{
    const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
    }
    return LANG_EN;
}

/* The sentences, by what the segment does: [what][lang]. */
enum what { W_SYN, W_SYNACK, W_HS_ACK, W_DATA, W_ACK, W_FIN1, W_FIN_ACK, W_FIN2, W_FIN2_PIGGY, W_LAST_ACK,
            W_REFUSED, W_RESET, W_OTHER };

static const char *const said[][2] = {
    [W_SYN] = { "I want to connect; my numbers start at %u.", "我想建立连接；我的序号从 %u 开始。" },
    [W_SYNACK] = { "I hear you; my numbers start at %u, and I expect your byte %u next.",
                   "收到；我的序号从 %u 开始，下一个等你的第 %u 个字节。" },
    [W_HS_ACK] = { "I got your SYN; we are connected.", "收到你的 SYN，连接建立。" },
    [W_DATA] = { "Here are %u bytes: %s", "这里有 %u 个字节：%s" },
    [W_ACK] = { "I got everything up to byte %u.", "第 %u 个字节之前的我都收到了。" },
    [W_FIN1] = { "I have nothing more to send.", "我没有要发的数据了。" },
    [W_FIN_ACK] = { "I got your FIN.", "收到你的 FIN。" },
    [W_FIN2] = { "I am done too.", "我也发完了。" },
    [W_FIN2_PIGGY] = { "I got your FIN, and I am done too.", "收到你的 FIN，我也发完了。" },
    [W_LAST_ACK] = { "I got your FIN; goodbye.", "收到你的 FIN，再见。" },
    [W_REFUSED] = { "Nobody listens on this port.", "这个端口没有人在听。" },
    [W_RESET] = { "I am dropping this connection now.", "我现在就断开这个连接。" },
    [W_OTHER] = { "", "" },
};

static const char *const notes[][2] = {
    [W_FIN2_PIGGY] = { "The ACK of the first FIN rode on this FIN, so the close took three segments, not four.",
                       "第一个 FIN 的 ACK 搭在了这个 FIN 上，所以这次关闭用了三个报文段，而不是四个。" },
    [W_LAST_ACK] = { "The side that closed first now waits in TIME-WAIT.", "先关闭的一方现在进入 TIME-WAIT 状态。" },
};

static enum what what_is(const struct seg_record *s)
{
    const char *st = s->step;
    if (strcmp(st, "handshake 1/3") == 0) return W_SYN;
    if (strcmp(st, "handshake 2/3") == 0) return W_SYNACK;
    if (strcmp(st, "handshake 3/3") == 0) return W_HS_ACK;
    if (strcmp(st, "teardown 1/4") == 0) return W_FIN1;
    if (strcmp(st, "teardown 2/4") == 0) return W_FIN_ACK;
    if (strcmp(st, "teardown 3/4") == 0) return W_FIN2;
    if (strcmp(st, "teardown 2+3/4") == 0) return W_FIN2_PIGGY;
    if (strcmp(st, "teardown 4/4") == 0) return W_LAST_ACK;
    if (strcmp(st, "refused") == 0) return W_REFUSED;
    if (strncmp(st, "reset", 5) == 0) return W_RESET;
    if (s->len > 0) return W_DATA;
    if (s->flags & TH_ACK) return W_ACK;
    return W_OTHER;
}

bool explain_segment(enum lang lang, const struct seg_record *s, char *buf, size_t n)
{
    static const char *const side[2][2] = { { "client", "server" }, { "客户端", "服务器" } };
    enum what w = what_is(s);
    if (w == W_OTHER)
        return false;
    char fl[48], nums[64], sentence[256];
    flags_text(s->flags, fl, sizeof fl);
    if (s->flags & TH_ACK)
        snprintf(nums, sizeof nums, "seq=%u ack=%u", s->seq, s->ack);
    else
        snprintf(nums, sizeof nums, "seq=%u", s->seq);
    if (s->len)
        snprintf(nums + strlen(nums), sizeof nums - strlen(nums), " len=%u", s->len);
    switch (w) {
    case W_SYN: snprintf(sentence, sizeof sentence, said[w][lang], s->raw_seq); break;
    case W_SYNACK: snprintf(sentence, sizeof sentence, said[w][lang], s->raw_seq, s->ack); break;
    case W_DATA: snprintf(sentence, sizeof sentence, said[w][lang], s->len, s->payload_start); break;
    case W_ACK: snprintf(sentence, sizeof sentence, said[w][lang], s->ack - 1); break;
    default: snprintf(sentence, sizeof sentence, "%s", said[w][lang]); break;
    }
    bool noted = w < (int)(sizeof notes / sizeof notes[0]) && notes[w][lang];
    snprintf(buf, n, "%s %s %s %s, %s: \"%s\"%s%s", side[lang][s->from], "\xe2\x86\x92", side[lang][!s->from], fl,
             nums, sentence, noted ? " " : "", noted ? notes[w][lang] : "");
    return true;
}

void explain_print(struct out *o, enum lang lang, const struct seg_record *segs, size_t n)
{
    char line[768];
    for (size_t i = 0; i < n; i++)
        if (explain_segment(lang, &segs[i], line, sizeof line)) {
            out_str(o, line);
            out_char(o, '\n');
        }
}
