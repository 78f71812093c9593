/* cat.h — the copying engine of `xnet cat` (cat_pump.c), used by cat.c.
 *
 * Thread-safety: cat_pump runs one conn; it starts one helper thread of its
 * own and joins it before returning.
 */
#ifndef XNET_TOOL_CAT_H
#define XNET_TOOL_CAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xnet/conn.h"

/* How one conn is copied, decided by cat.c from the network and -l/-w. */
typedef struct cat_mode {
  bool messages;   /* each stdin line is one datagram/message, and each one
                      received is printed as a line (all but tcp, unix) */
  bool packet;     /* no end of stream: udp*, ip*, unixgram */
  bool reply_last; /* unconnected (-l on a packet network): write to the
                      last sender, waiting for the first one */
  int64_t idle;    /* ns without traffic that ends the copy (-w); 0 none */
} cat_mode;

/* Longest datagram read, and longest line sent as one datagram. */
#define CAT_MAX_MESSAGE 65536

/* cat_pump copies `in` to c and c to `out` at the same time until both
 * directions are done (see cat.c's help text for what "done" means per
 * network) and returns the exit status (XNET_TOOL_EXIT_*). A failure is
 * printed as one line on err. `in` is read through its descriptor when it
 * has one (so a blocked read can be abandoned); it must hold no buffered
 * input. c stays open (the caller closes it). */
int cat_pump(xnet_conn *c, const cat_mode *mode, FILE *in, FILE *out, FILE *err);

#endif /* XNET_TOOL_CAT_H */
