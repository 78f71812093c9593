/* xnet/unix.h — Unix-domain control messages: passing descriptors
 * (SCM_RIGHTS) and credentials (Go's syscall.UnixRights, ParseUnixRights,
 * UnixCredentials, ParseUnixCredentials), for xnet_conn_write_msg /
 * xnet_conn_read_msg on unix, unixgram and unixpacket conns.
 *
 * The bytes are a profile's (xnet/profile.h): the message types, the
 * credentials structure and the cmsg framing differ between kernels, so
 * every function takes the profile explicitly and is testable for every
 * flavour on any host. A conn's is xnet_conn_profile(c). Messages are read
 * with the generic iterator of xnet/cmsg.h (xnet_cmsg_iter_next), whose
 * xnet_cmsg the parse functions take, as Go's take a SocketControlMessage.
 *
 * Received descriptors: each one a message carries is a new descriptor the
 * receiver owns and must close (even when it did not expect it). The
 * kernel installs them close-on-exec on host stacks. When the control
 * buffer of a read is too small, the kernel sets XNET_MSG_CTRUNC in the
 * read's flags, installs only the descriptors that fit, and closes the
 * rest itself: parse what arrived and close it.
 *
 * Credentials: Linux (SCM_CREDENTIALS, struct ucred) lets a sender attach
 * its pid/uid/gid (the kernel checks them; only a privileged sender may
 * name others) and delivers them to a receiver that enabled
 * xnet_conn_set_pass_credentials, even when the sender attached none.
 * FreeBSD and DragonFly (SCM_CREDS, struct cmsgcred) fill in whatever the
 * sender attaches; NetBSD only delivers them (parse only); OpenBSD and
 * Darwin have none (XNET_ENOTSUP).
 *
 * Thread-safety: the codec functions are reentrant; the conn functions as
 * xnet/conn.h.
 */
#ifndef XNET_UNIX_H
#define XNET_UNIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/cmsg.h"
#include "xnet/conn.h"
#include "xnet/profile.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Process credentials, as Go's syscall.Ucred: real ids of the sender. */
typedef struct xnet_unix_cred {
  int32_t pid;
  uint32_t uid;
  uint32_t gid;
} xnet_unix_cred;

/* ---- descriptors ---- */

/* xnet_unix_rights_space returns the buffer bytes a message passing nfds
 * descriptors occupies (CMSG_SPACE(4 * nfds)): what to give
 * xnet_unix_rights_put, and per message what a receive buffer needs.
 * SIZE_MAX on overflow; 0 for a profile without a cmsg ABI.
 * Go: syscall.CmsgSpace(nfds * 4). Errors: none. */
XNET_API size_t xnet_unix_rights_space(const xnet_profile *p, size_t nfds);

/* xnet_unix_rights_put writes one SCM_RIGHTS message carrying fds[0..nfds)
 * into buf; *len = its CMSG_SPACE. The descriptors stay the caller's (the
 * kernel duplicates them into the receiver when the message is sent).
 * Go: syscall.UnixRights.
 * Errors: XNET_ENOBUFS (cap too small; *len = the size needed);
 *   XNET_EINVAL (NULL buf or len, fds NULL with nfds > 0, a negative
 *   descriptor, profile without a cmsg ABI); XNET_EMSGSIZE (nfds too large
 *   for a message). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_unix_rights_put(const xnet_profile *p, const int *fds, size_t nfds,
                     uint8_t *buf, size_t cap, size_t *len);

/* xnet_unix_rights_parse reads the descriptors of one SCM_RIGHTS message
 * (from xnet_cmsg_iter_next) into fds[0..cap); *nfds = their count. Owns:
 * the descriptors are the caller's to close.
 * Go: syscall.ParseUnixRights.
 * Errors: XNET_EBADTYPE (not SOL_SOCKET/SCM_RIGHTS of the profile);
 *   XNET_EBADLEN (payload not a whole number of 4-byte descriptors);
 *   XNET_ENOBUFS (cap < count: nothing written, *nfds = the count needed);
 *   XNET_EINVAL (NULL argument, profile without a cmsg ABI). *nfds is 0
 *   on the other errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_unix_rights_parse(const xnet_profile *p, const xnet_cmsg *m, int *fds,
                       size_t cap, size_t *nfds);

/* ---- credentials ---- */

/* xnet_unix_credentials_space returns the buffer bytes one credentials
 * message occupies (CMSG_SPACE of the profile's structure), 0 when the
 * profile has no credentials message.
 * Go: syscall.CmsgSpace(syscall.SizeofUcred). Errors: none. */
XNET_API size_t xnet_unix_credentials_space(const xnet_profile *p);

/* xnet_unix_credentials_put writes one credentials message for cred into
 * buf (the profile's structure, other fields zero); *len = its CMSG_SPACE.
 * On FreeBSD/DragonFly the kernel overwrites the fields with the truth.
 * Go: syscall.UnixCredentials.
 * Errors: XNET_ENOTSUP (the profile's senders cannot attach credentials);
 *   XNET_ENOBUFS (*len = the size needed); XNET_EINVAL (NULL argument). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_unix_credentials_put(const xnet_profile *p, const xnet_unix_cred *cred,
                          uint8_t *buf, size_t cap, size_t *len);

/* xnet_unix_credentials_parse reads one credentials message (from
 * xnet_cmsg_iter_next) into *out.
 * Go: syscall.ParseUnixCredentials.
 * Errors: XNET_EBADTYPE (not the profile's credentials message);
 *   XNET_ESHORT (payload too short for the structure's fields);
 *   XNET_ENOTSUP (the profile has no credentials message); XNET_EINVAL
 *   (NULL argument). *out is zeroed on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_unix_credentials_parse(const xnet_profile *p, const xnet_cmsg *m,
                            xnet_unix_cred *out);

/* ---- conns ---- */

/* xnet_conn_profile returns the ABI profile of the conn's stack: the
 * layout of the control data of xnet_conn_read_msg / _write_msg.
 * Owns: a static constant. Go: none (the host's, implied). Errors: none. */
XNET_API const xnet_profile *xnet_conn_profile(const xnet_conn *c);

/* xnet_conn_set_pass_credentials asks the kernel to attach the sender's
 * credentials to every message this unix conn receives (SO_PASSCRED on
 * Linux), so reads deliver them even from senders that attach none.
 * Go: none in net; golang.org/x/sys/unix.SetsockoptInt(fd, SOL_SOCKET,
 * SO_PASSCRED, 1).
 * Errors: XNET_EINVAL (not a unix, unixgram or unixpacket conn);
 *   XNET_ENOTSUP (the host has no such option); XNET_ECLOSED; host
 *   errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_conn_set_pass_credentials(xnet_conn *c, bool on);

#ifdef __cplusplus
}
#endif
#endif /* XNET_UNIX_H */
