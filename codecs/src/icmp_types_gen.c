/* icmp_types_gen.c — generated — do not edit.
 *
 * Made by tools/gen/gen_icmp_types.py from the IANA registry
 * snapshots in codecs/data/; edit those and rerun the script.
 * NULL marks types x/net does not name (its String() prints
 * "<nil>"): unassigned, reserved, deprecated, experimental.
 */
#include "xnet/icmp.h"

#include <stddef.h>

/* From codecs/data/icmp-parameters.csv. */
static const char *const icmp4_names[256] = {
    [0] = "echo reply",
    [3] = "destination unreachable",
    [5] = "redirect",
    [8] = "echo",
    [9] = "router advertisement",
    [10] = "router solicitation",
    [11] = "time exceeded",
    [12] = "parameter problem",
    [13] = "timestamp",
    [14] = "timestamp reply",
    [40] = "photuris",
    [42] = "extended echo request",
    [43] = "extended echo reply",
};

/* From codecs/data/icmpv6-parameters.csv. */
static const char *const icmp6_names[256] = {
    [1] = "destination unreachable",
    [2] = "packet too big",
    [3] = "time exceeded",
    [4] = "parameter problem",
    [128] = "echo request",
    [129] = "echo reply",
    [130] = "multicast listener query",
    [131] = "multicast listener report",
    [132] = "multicast listener done",
    [133] = "router solicitation",
    [134] = "router advertisement",
    [135] = "neighbor solicitation",
    [136] = "neighbor advertisement",
    [137] = "redirect message",
    [138] = "router renumbering",
    [139] = "icmp node information query",
    [140] = "icmp node information response",
    [141] = "inverse neighbor discovery solicitation message",
    [142] = "inverse neighbor discovery advertisement message",
    [143] = "version 2 multicast listener report",
    [144] = "home agent address discovery request message",
    [145] = "home agent address discovery reply message",
    [146] = "mobile prefix solicitation",
    [147] = "mobile prefix advertisement",
    [148] = "certification path solicitation message",
    [149] = "certification path advertisement message",
    [151] = "multicast router advertisement",
    [152] = "multicast router solicitation",
    [153] = "multicast router termination",
    [154] = "fmipv6 messages",
    [155] = "rpl control message",
    [156] = "ilnpv6 locator update message",
    [157] = "duplicate address request",
    [158] = "duplicate address confirmation",
    [159] = "mpl control message",
    [160] = "extended echo request",
    [161] = "extended echo reply",
};

/* Go: ipv4.ICMPType.String. */
const char *xnet_icmp4_type_name(int type) {
  if (type < 0 || type > 255)
    return NULL;
  return icmp4_names[type];
}

/* Go: ipv6.ICMPType.String. */
const char *xnet_icmp6_type_name(int type) {
  if (type < 0 || type > 255)
    return NULL;
  return icmp6_names[type];
}
