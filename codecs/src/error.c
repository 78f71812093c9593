/* error.c — names and messages for XNET_E* codes, generated from the one
 * XNET_ERRNO_MAP table in xnet/error.h. */
#include "xnet/error.h"

const char *xnet_strerror(int code) {
  switch (code) {
#define XNET__ERR_MSG(name, value, msg) \
  case (value):                         \
    return (msg);
    XNET_ERRNO_MAP(XNET__ERR_MSG)
#undef XNET__ERR_MSG
  default:
    return code >= 0 ? "success" : "unknown error";
  }
}

const char *xnet_err_name(int code) {
  switch (code) {
#define XNET__ERR_NAME(name, value, msg) \
  case (value):                          \
    return "XNET_" #name;
    XNET_ERRNO_MAP(XNET__ERR_NAME)
#undef XNET__ERR_NAME
  default:
    return code >= 0 ? "XNET_OK" : "XNET_UNKNOWN";
  }
}
