#ifndef SYNFIN_TCP_OPTION_NOTES_H
#define SYNFIN_TCP_OPTION_NOTES_H
/* The note (Note/Sequence) Wireshark 4.0 hangs under a TCP option's
 * length when the length is wrong for the kind: -V shows it there,
 * -z expert counts it. */
#include <stdbool.h>
#include <stddef.h>

#include "decode/packet.h"

/* How many of t's options Wireshark's dissector reads far enough to hang
 * their notes on: up to one of a bad length or cut short, or to the one
 * that throws (but a SACK too short for a block is noted before it throws). */
int tcp_options_noted(const struct tcp_layer *t);

/* Whether o is a SACK option with a block begun and not ended: "suboption
 * would go past end of option" (Error/Malformed). */
bool tcp_sack_unended(const struct tcp_option *o);

/* Writes the note's text into text (n bytes); false if o has none. */
bool tcp_option_length_note(const struct tcp_option *o, char *text, size_t n);

/* The protocol whose dissector threw on t's last option ("TCP", or
 * "MPTCP" for a Multipath TCP option), ending the TCP dissection there
 * ("[Malformed Packet: TCP]"); NULL if none did. */
const char *tcp_options_threw(const struct tcp_layer *t);

#endif
