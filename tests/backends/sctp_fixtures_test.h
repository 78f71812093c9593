/* sctp_fixtures_test.h — the crafted SCTP captures of
 * fixtures/replay/make_sctp.py and the host's addresses in each, for the
 * suites that replay them (backends.replay_sctp on the vtable,
 * core.sctp_replay on the public API). Test code only. */
#ifndef XNET_SCTP_FIXTURES_TEST_H
#define XNET_SCTP_FIXTURES_TEST_H

#include <stdio.h>
#include <string.h>

#include "xnet/xnet.h"

static const struct {
  const char *file;
  const char *local[2]; /* NULL: one address */
} sctp_fixtures[] = {
    {"sctp_server.pcap", {"10.3.0.1", "10.3.1.1"}},
    {"sctp_client.pcap", {"10.4.0.1", "10.4.1.1"}},
    {"sctp_abort.pcap", {"10.5.0.1", NULL}},
    {"sctp_dial_fail.pcap", {"10.6.0.1", NULL}},
    {"sctp_local_abort.pcap", {"10.7.0.1", NULL}},
    {"sctp_malformed.pcap", {"10.8.0.1", NULL}},
    {"sctp_client6.pcap", {"2001:db8::1", NULL}},
};

/* The path of fixtures/replay/<file> in path, and options replaying it
 * as its host with the writes mode in o. XNET_EINVAL: not one of the
 * captures above. */
static inline int sctp_fixture(const char *file, int writes,
                               xnet_replay_options *o, char *path,
                               size_t cap) {
  memset(o, 0, sizeof *o);
  o->writes = writes;
  for (size_t f = 0; f < sizeof sctp_fixtures / sizeof sctp_fixtures[0];
       f++) {
    if (strcmp(sctp_fixtures[f].file, file) != 0) continue;
    for (size_t i = 0; i < 2 && sctp_fixtures[f].local[i]; i++) {
      const char *ip = sctp_fixtures[f].local[i];
      if (xnet_ip_parse(ip, strlen(ip), &o->local[i]) < 0) return XNET_EINVAL;
      o->local_count = i + 1;
    }
    snprintf(path, cap, "%s/replay/%s", XNET_FIXTURES_DIR, file);
    return 0;
  }
  return XNET_EINVAL;
}

#endif /* XNET_SCTP_FIXTURES_TEST_H */
