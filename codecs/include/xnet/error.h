/* xnet/error.h — error codes shared by every layer.
 *
 * Functions return 0 (or a count) on success and a negative XNET_E* code on
 * failure, libuv style: host errno values negated, plus xnet's own codes
 * below -4000. One X-macro generates the enum, xnet_strerror() and
 * xnet_err_name(), so a code and its text can never drift apart.
 *
 * Thread-safety: every function here is reentrant; returned strings are
 * static and never freed.
 */
#ifndef XNET_ERROR_H
#define XNET_ERROR_H

#include <errno.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* XX(name, value, message). Host codes are -errno of the build host: they
 * are the values a host backend returns, so they are compared by name, never
 * by number, across machines. */
#define XNET_ERRNO_MAP(XX)                                                     \
  XX(EINVAL, -EINVAL, "invalid argument")                                      \
  XX(ENOBUFS, -ENOBUFS, "buffer too small")                                    \
  XX(ENOMEM, -ENOMEM, "out of memory")                                         \
  XX(ENOTSUP, -EOPNOTSUPP, "operation not supported")                          \
  XX(EAFNOSUPPORT, -EAFNOSUPPORT, "address family not supported")              \
  XX(EPROTONOSUPPORT, -EPROTONOSUPPORT, "protocol not supported")              \
  XX(EAGAIN, -EAGAIN, "resource temporarily unavailable")                      \
  XX(ETIMEDOUT, -ETIMEDOUT, "i/o timeout")                                     \
  XX(ECONNREFUSED, -ECONNREFUSED, "connection refused")                        \
  XX(ECONNRESET, -ECONNRESET, "connection reset by peer")                      \
  XX(EADDRINUSE, -EADDRINUSE, "address already in use")                        \
  XX(EMSGSIZE, -EMSGSIZE, "message too long")                                  \
  XX(ENOENT, -ENOENT, "no such file or directory")                             \
  XX(EIO, -EIO, "input/output error")                                          \
  XX(ECONNABORTED, -ECONNABORTED, "software caused connection abort")          \
  XX(EADDRNOTAVAIL, -EADDRNOTAVAIL, "cannot assign requested address")         \
  XX(ENOTCONN, -ENOTCONN, "socket is not connected")                           \
  XX(EISCONN, -EISCONN, "socket is already connected")                         \
  XX(EPIPE, -EPIPE, "broken pipe")                                             \
  XX(EHOSTUNREACH, -EHOSTUNREACH, "no route to host")                          \
  XX(ENETUNREACH, -ENETUNREACH, "network is unreachable")                      \
  XX(EACCES, -EACCES, "permission denied")                                     \
  XX(EPERM, -EPERM, "operation not permitted")                                 \
  XX(EBADF, -EBADF, "bad file descriptor")                                     \
  XX(EINTR, -EINTR, "interrupted system call")                                 \
  XX(EMFILE, -EMFILE, "too many open files")                                   \
  XX(ENFILE, -ENFILE, "too many open files in system")                         \
  XX(ENOTSOCK, -ENOTSOCK, "socket operation on non-socket")                    \
  XX(EPROTOTYPE, -EPROTOTYPE, "protocol wrong type for socket")                \
  XX(ESOCKTNOSUPPORT, -ESOCKTNOSUPPORT, "socket type not supported")           \
  XX(ECANCELED, -ECANCELED, "operation was canceled")                          \
  XX(ESHORT, -4001, "buffer shorter than the structure it must hold")          \
  XX(EBADLEN, -4002, "length field inconsistent with the data")                \
  XX(EBADVERSION, -4003, "unexpected protocol version")                        \
  XX(EBADADDR, -4004, "invalid address")                                       \
  XX(EBADPORT, -4005, "invalid port")                                          \
  XX(EMISSINGPORT, -4006, "missing port in address")                           \
  XX(ETOOMANYCOLONS, -4007, "too many colons in address")                      \
  XX(EMISSINGBRACKET, -4008, "missing ']' in address")                         \
  XX(EUNEXPECTEDLBRACKET, -4009, "unexpected '[' in address")                  \
  XX(EUNEXPECTEDRBRACKET, -4010, "unexpected ']' in address")                  \
  XX(EBADCHECKSUM, -4011, "checksum mismatch")                                 \
  XX(EBADTYPE, -4012, "unknown or unexpected type")                            \
  XX(ETRUNCATED, -4013, "data truncated")                                      \
  XX(ENOTDECODED, -4014, "recognised but not decoded")                         \
  XX(EMISMATCH, -4015, "data does not match what was expected")                \
  XX(ECLOSED, -4016, "use of closed network connection")                       \
  XX(EUNKNOWNNET, -4017, "unknown network")                                    \
  XX(EBADFORMAT, -4018, "malformed input")                                    \
  XX(EBADCIDR, -4019, "invalid CIDR address")                                  \
  XX(EBADMAC, -4020, "invalid MAC address")                                    \
  XX(EBADMASK, -4021, "invalid network mask")                                  \
  XX(EBADHEADER, -4022, "invalid header")                                      \
  XX(EBADOPTION, -4023, "invalid option")                                     \
  XX(EWRITETOCONNECTED, -4024, "use of WriteTo with pre-connected connection") \
  XX(ENOSUITABLEADDR, -4025, "no suitable address found")                      \
  XX(ENOHOST, -4026, "no such host")                                           \
  XX(EUNKNOWNPORT, -4027, "unknown port")                                      \
  XX(ESERVFAIL, -4028, "server misbehaving")

enum {
#define XNET__ERR_ENUM(name, value, msg) XNET_##name = (value),
  XNET_ERRNO_MAP(XNET__ERR_ENUM)
#undef XNET__ERR_ENUM
};

/* xnet_strerror returns a static description of code: any negative value,
 * known or not, yields a non-NULL string ("unknown error" for unknown ones).
 * Go: error.Error(). */
XNET_API const char *xnet_strerror(int code);

/* xnet_err_name returns the symbolic name of code ("XNET_ESHORT"), or
 * "XNET_UNKNOWN" for a code outside the map. */
XNET_API const char *xnet_err_name(int code);

#ifdef __cplusplus
}
#endif
#endif /* XNET_ERROR_H */
