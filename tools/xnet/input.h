/* input.h — packets from a capture file or from hex text.
 *
 * The format is chosen by content, not by name: a pcap or pcapng magic
 * number in the first four bytes means a capture (read with libpcap);
 * otherwise printable text means hex lines: one packet per line, hex digits
 * with optional spaces, tabs or colons between them, `#` starting a comment
 * to the end of the line, blank lines ignored. Hex packets are raw IP
 * (LINKTYPE_RAW: IPv4 or IPv6 by the version nibble).
 *
 * A stream (stdin) is read into memory first so its first bytes can be
 * looked at and handed to libpcap as a fresh stream; a file is read as it
 * goes.
 *
 * Owns: an input owns its buffers and its FILE (never the caller's stream).
 * Thread-safety: one input per thread.
 */
#ifndef XNET_TOOL_INPUT_H
#define XNET_TOOL_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct input input;

typedef struct input_packet {
  uint32_t linktype; /* LINKTYPE_ value */
  const uint8_t *data; /* borrowed until the next input_next */
  size_t caplen;
  /* Non-NULL when this record could not be read as a packet (a bad hex
   * line): the reason, and data is NULL. The input goes on. */
  const char *error;
} input_packet;

/* The longest packet a hex line may hold (libpcap's largest snap length). */
#define INPUT_HEX_MAX 262144

/* input_open opens path, or reads the stream `in` when path is NULL or "-".
 * Returns 0, or -1 with a message in msg[0..cap). */
int input_open(input **out, const char *path, FILE *in, char *msg, size_t cap);

/* input_next reads the next packet: 1 and *pkt filled, 0 at the end, -1 when
 * the input is damaged (message from input_error; the packets before it
 * were returned). */
int input_next(input *in, input_packet *pkt);

/* The message of the last failure. */
const char *input_error(const input *in);

/* "pcap", "pcapng" or "hex". */
const char *input_format(const input *in);

/* A name for a link type, for messages ("IEEE802_11"), or NULL. */
const char *input_linktype_name(uint32_t linktype);

void input_close(input *in);

#endif /* XNET_TOOL_INPUT_H */
