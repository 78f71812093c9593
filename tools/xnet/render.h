/* render.h — the two printed forms of a decoded frame.
 *
 * render_text: one readable line per frame, layers joined by " | ", an ICMP
 * error's quoted packet in brackets, at most RENDER_TEXT_MAX_CHUNKS SCTP
 * chunks (the JSON form lists them all).
 * render_json: one JSON object per frame on one line; the keys are the
 * contract documented in tools/xnet/README.md and `xnet decode --help`.
 *
 * Thread-safety: reentrant.
 */
#ifndef XNET_TOOL_RENDER_H
#define XNET_TOOL_RENDER_H

#include <stdio.h>

#include "frame.h"

#define RENDER_TEXT_MAX_CHUNKS 16

void render_text(FILE *out, const frame *f);
void render_json(FILE *out, const frame *f);

#endif /* XNET_TOOL_RENDER_H */
