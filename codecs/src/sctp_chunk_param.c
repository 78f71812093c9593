/* sctp_chunk_param.c — SCTP parameter and error-cause values: names, the
 * address / number / host-name decoders, and the address builders.
 *
 * The TLV walk itself is in sctp_packet.c, shared with the chunk walk.
 */
#include <stdint.h>
#include <string.h>

#include "xnet/error.h"
#include "xnet/sctp_chunk.h"

#include "bytes_int.h"

/* Names as Wireshark shows them in its protocol tree, where it has one. */
const char *xnet_sctp_param_type_name(uint16_t type) {
  switch (type) {
  case XNET_SCTP_PARAM_HEARTBEAT_INFO: return "Heartbeat info";
  case XNET_SCTP_PARAM_IPV4_ADDRESS: return "IPv4 address";
  case XNET_SCTP_PARAM_IPV6_ADDRESS: return "IPv6 address";
  case XNET_SCTP_PARAM_STATE_COOKIE: return "State cookie";
  case XNET_SCTP_PARAM_UNRECOGNIZED: return "Unrecognized parameters";
  case XNET_SCTP_PARAM_COOKIE_PRESERVATIVE: return "Cookie preservative";
  case XNET_SCTP_PARAM_HOST_NAME_ADDRESS: return "Hostname address";
  case XNET_SCTP_PARAM_SUPPORTED_ADDRESS_TYPES: return "Supported address types";
  case XNET_SCTP_PARAM_OUTGOING_SSN_RESET: return "Outgoing SSN reset request";
  case XNET_SCTP_PARAM_INCOMING_SSN_RESET: return "Incoming SSN reset request";
  case XNET_SCTP_PARAM_SSN_TSN_RESET: return "SSN/TSN reset request";
  case XNET_SCTP_PARAM_RECONFIG_RESPONSE: return "Re-configuration response";
  case XNET_SCTP_PARAM_ADD_OUTGOING_STREAMS: return "Add outgoing streams request";
  case XNET_SCTP_PARAM_ADD_INCOMING_STREAMS: return "Add incoming streams request";
  case XNET_SCTP_PARAM_ECN_CAPABLE: return "ECN";
  case XNET_SCTP_PARAM_ZERO_CHECKSUM_ACCEPTABLE: return "Zero checksum acceptable";
  case XNET_SCTP_PARAM_RANDOM: return "Random";
  case XNET_SCTP_PARAM_CHUNK_LIST: return "Authenticated Chunk list";
  case XNET_SCTP_PARAM_REQUESTED_HMAC_ALGORITHM: return "Requested HMAC Algorithm";
  case XNET_SCTP_PARAM_PADDING: return "Padding";
  case XNET_SCTP_PARAM_SUPPORTED_EXTENSIONS: return "Supported Extensions";
  case XNET_SCTP_PARAM_FORWARD_TSN_SUPPORTED: return "Forward TSN supported";
  case XNET_SCTP_PARAM_ADD_IP_ADDRESS: return "Add IP address";
  case XNET_SCTP_PARAM_DELETE_IP_ADDRESS: return "Delete IP address";
  case XNET_SCTP_PARAM_ERROR_CAUSE_INDICATION: return "Error cause indication";
  case XNET_SCTP_PARAM_SET_PRIMARY_ADDRESS: return "Set primary address";
  case XNET_SCTP_PARAM_SUCCESS_INDICATION: return "Success report";
  case XNET_SCTP_PARAM_ADAPTATION_LAYER_INDICATION:
    return "Adaptation Layer Indication";
  default: return NULL;
  }
}

const char *xnet_sctp_cause_code_name(uint16_t code) {
  switch (code) {
  case XNET_SCTP_CAUSE_INVALID_STREAM_ID: return "Invalid stream identifier";
  case XNET_SCTP_CAUSE_MISSING_MANDATORY_PARAM:
    return "Missing mandatory parameter";
  case XNET_SCTP_CAUSE_STALE_COOKIE: return "Stale cookie error";
  case XNET_SCTP_CAUSE_OUT_OF_RESOURCE: return "Out of resource";
  case XNET_SCTP_CAUSE_UNRESOLVABLE_ADDRESS: return "Unresolvable address";
  case XNET_SCTP_CAUSE_UNRECOGNIZED_CHUNK_TYPE: return "Unrecognized chunk type";
  case XNET_SCTP_CAUSE_INVALID_MANDATORY_PARAM:
    return "Invalid mandatory parameter";
  case XNET_SCTP_CAUSE_UNRECOGNIZED_PARAMS: return "Unrecognized parameters";
  case XNET_SCTP_CAUSE_NO_USER_DATA: return "No user data";
  case XNET_SCTP_CAUSE_COOKIE_WHILE_SHUTTING_DOWN:
    return "Cookie received while shutting down";
  case XNET_SCTP_CAUSE_RESTART_WITH_NEW_ADDRESSES:
    return "Restart of an association with new addresses";
  case XNET_SCTP_CAUSE_USER_INITIATED_ABORT: return "User initiated ABORT";
  case XNET_SCTP_CAUSE_PROTOCOL_VIOLATION: return "Protocol violation";
  case XNET_SCTP_CAUSE_DELETE_LAST_ADDRESS:
    return "Request to delete last remaining IP address";
  case XNET_SCTP_CAUSE_RESOURCE_SHORTAGE:
    return "Operation refused due to resource shortage";
  case XNET_SCTP_CAUSE_DELETE_SOURCE_ADDRESS:
    return "Request to delete source IP address";
  case XNET_SCTP_CAUSE_ILLEGAL_ASCONF_ACK:
    return "Association Aborted due to illegal ASCONF-ACK";
  case XNET_SCTP_CAUSE_NO_AUTHORIZATION:
    return "Request refused - no authorization";
  case XNET_SCTP_CAUSE_UNSUPPORTED_HMAC_ID: return "Unsupported HMAC identifier";
  default: return NULL;
  }
}

/* Arguments and type check shared by the value decoders. */
static int check_param(const xnet_sctp_param *p, const void *out,
                       uint16_t type) {
  if (p == NULL || out == NULL || (p->value == NULL && p->value_len > 0))
    return XNET_EINVAL;
  return p->type == type ? 0 : XNET_EBADTYPE;
}

int xnet_sctp_param_ipv4_parse(const xnet_sctp_param *p, uint8_t addr[4]) {
  if (addr != NULL)
    memset(addr, 0, 4);
  int rc = check_param(p, addr, XNET_SCTP_PARAM_IPV4_ADDRESS);
  if (rc != 0)
    return rc;
  if (p->value_len != 4)
    return XNET_EBADLEN;
  memcpy(addr, p->value, 4);
  return 0;
}

int xnet_sctp_param_ipv6_parse(const xnet_sctp_param *p, uint8_t addr[16]) {
  if (addr != NULL)
    memset(addr, 0, 16);
  int rc = check_param(p, addr, XNET_SCTP_PARAM_IPV6_ADDRESS);
  if (rc != 0)
    return rc;
  if (p->value_len != 16)
    return XNET_EBADLEN;
  memcpy(addr, p->value, 16);
  return 0;
}

int xnet_sctp_param_u32_parse(const xnet_sctp_param *p, uint32_t *value) {
  if (value != NULL)
    *value = 0;
  if (p == NULL || value == NULL || (p->value == NULL && p->value_len > 0))
    return XNET_EINVAL;
  if (p->type != XNET_SCTP_PARAM_COOKIE_PRESERVATIVE &&
      p->type != XNET_SCTP_PARAM_ADAPTATION_LAYER_INDICATION)
    return XNET_EBADTYPE;
  if (p->value_len != 4)
    return XNET_EBADLEN;
  *value = xnet__get_be32(p->value);
  return 0;
}

int xnet_sctp_param_host_name_parse(const xnet_sctp_param *p,
                                    const char **name, size_t *name_len) {
  if (name != NULL)
    *name = NULL;
  if (name_len != NULL)
    *name_len = 0;
  if (name_len == NULL)
    return XNET_EINVAL;
  int rc = check_param(p, name, XNET_SCTP_PARAM_HOST_NAME_ADDRESS);
  if (rc != 0)
    return rc;
  /* RFC 9260 3.3.2.1: the name ends with at least one NUL; stop at the
   * first one (or at the end if the sender omitted it). */
  const void *nul = p->value_len > 0 ? memchr(p->value, 0, p->value_len) : NULL;
  *name = (const char *)p->value;
  *name_len = nul != NULL ? (size_t)((const uint8_t *)nul - p->value)
                          : p->value_len;
  return 0;
}

int xnet_sctp_param_address_type(const xnet_sctp_param *p, size_t i,
                                 uint16_t *type) {
  if (type != NULL)
    *type = 0;
  int rc = check_param(p, type, XNET_SCTP_PARAM_SUPPORTED_ADDRESS_TYPES);
  if (rc != 0)
    return rc;
  if (p->value_len % 2 != 0)
    return XNET_EBADLEN;
  if (i >= p->value_len / 2)
    return XNET_ENOENT;
  *type = xnet__get_be16(p->value + 2 * i);
  return 0;
}

int xnet_sctp_param_ipv4_marshal(const uint8_t addr[4], uint8_t *buf,
                                 size_t cap, size_t *len) {
  if (addr == NULL)
    return XNET_EINVAL;
  xnet_sctp_param p = {.type = XNET_SCTP_PARAM_IPV4_ADDRESS,
                       .value = addr,
                       .value_len = 4};
  return xnet_sctp_param_marshal(&p, buf, cap, len);
}

int xnet_sctp_param_ipv6_marshal(const uint8_t addr[16], uint8_t *buf,
                                 size_t cap, size_t *len) {
  if (addr == NULL)
    return XNET_EINVAL;
  xnet_sctp_param p = {.type = XNET_SCTP_PARAM_IPV6_ADDRESS,
                       .value = addr,
                       .value_len = 16};
  return xnet_sctp_param_marshal(&p, buf, cap, len);
}
