/* cat_pump.c — `xnet cat`'s copying: standard input to a conn and the conn
 * to standard output at the same time.
 *
 * The calling thread is the sender (stdin -> conn); one helper thread is
 * the receiver (conn -> stdout), as the core allows one reader and one
 * writer per conn. Either may have to end the other early:
 *   - the receiver ends the sender's wait on stdin through a pipe (a read
 *     of a terminal or a pipe cannot be interrupted otherwise), which is
 *     why stdin is read through its descriptor with poll, not stdio;
 *   - the sender ends the receiver by setting a stop flag and a read
 *     deadline in the past, which wakes a read already blocked. Closing
 *     the conn instead would free it under a receiver between two reads.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cat.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_tool.h"

/* One direction's outcome: an exit status and the line that explains it. */
typedef struct cat_result {
  int status; /* XNET_TOOL_EXIT_* */
  char msg[384];
} cat_result;

typedef struct pump {
  xnet_conn *c;
  xnet_stack *stack;
  cat_mode mode;
  FILE *in, *out;
  int in_fd;              /* -1: `in` has no descriptor (a memory stream) */
  int wake[2];            /* the receiver writes wake[1] to end the sender */
  atomic_bool stop;       /* the sender asks the receiver to stop */
  _Atomic int64_t last;   /* stack time of the last traffic either way */
  pthread_mutex_t mu;     /* guards have_peer, peer, recv_done */
  pthread_cond_t changed; /* signalled when one of them changes */
  bool have_peer, recv_done;
  xnet_addr peer;         /* reply_last: the last sender */
  cat_result sent, received;
  size_t slen;            /* bytes held in sbuf: a partial line */
  char sbuf[CAT_MAX_MESSAGE];
  char rbuf[CAT_MAX_MESSAGE];
} pump;

/* Records this thread's last xnet failure (a thread-local record, so it is
 * formatted here, on the failing thread). */
static void fail_net(cat_result *r) {
  r->status = XNET_TOOL_EXIT_NETWORK;
  xnet_op_error_format(xnet_last_error(), r->msg, sizeof r->msg);
}

static void fail_local(cat_result *r, const char *what, int errnum) {
  r->status = XNET_TOOL_EXIT_INPUT;
  snprintf(r->msg, sizeof r->msg, "%s: %s", what, xnet_strerror(-errnum));
}

/* When -w's idle time runs out: the sender's traffic moves it too. */
static int64_t idle_deadline(pump *p) { return atomic_load(&p->last) + p->mode.idle; }

static void touch(pump *p) { atomic_store(&p->last, xnet_now(p->stack)); }

/* Prints one read: a message gets its newline. False when stdout failed. */
static bool print(pump *p, int n) {
  fwrite(p->rbuf, 1, (size_t)n, p->out);
  if (p->mode.messages) fputc('\n', p->out);
  if (fflush(p->out) == 0 && !ferror(p->out)) return true;
  fail_local(&p->received, "write standard output", errno ? errno : EIO);
  return false;
}

/* The receiver. Returns whether the whole copy should end (failure, or
 * -w idleness on a packet network); a plain end of stream leaves the
 * sender running until its input ends. */
static bool receive_all(pump *p) {
  for (;;) {
    if (p->mode.idle) xnet_conn_set_read_deadline(p->c, idle_deadline(p));
    /* Checked after setting the deadline, which the sender's stop overrides
     * only if it came later — and then the read times out at once. */
    if (atomic_load(&p->stop)) return false;
    xnet_addr from;
    int n = p->mode.reply_last ? xnet_conn_read_from(p->c, p->rbuf, sizeof p->rbuf, &from)
                               : xnet_conn_read(p->c, p->rbuf, sizeof p->rbuf);
    if (n < 0 && atomic_load(&p->stop)) return false;
    if (n < 0 && xnet_error_is_timeout(n) && p->mode.idle) {
      if (xnet_now(p->stack) < idle_deadline(p)) continue;
      if (p->mode.packet) return true; /* idleness is how a packet copy ends */
    }
    if (n < 0) {
      fail_net(&p->received);
      return true;
    }
    /* 0 is a stream's end (unixpacket's too: cat never sends it an empty
     * message), but an empty datagram on packet networks. */
    if (n == 0 && !p->mode.packet) return false;
    touch(p);
    if (p->mode.reply_last) {
      pthread_mutex_lock(&p->mu);
      p->peer = from;
      p->have_peer = true;
      pthread_cond_broadcast(&p->changed);
      pthread_mutex_unlock(&p->mu);
    }
    if (!print(p, n)) return true;
  }
}

static void *receiver(void *arg) {
  pump *p = arg;
  bool end_all = receive_all(p);
  pthread_mutex_lock(&p->mu);
  p->recv_done = true;
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->mu);
  if (end_all) {
    ssize_t w;
    do w = write(p->wake[1], "x", 1);
    while (w < 0 && errno == EINTR);
  }
  return NULL;
}

/* Ends the receiver (see the top comment). */
static void stop_receiver(pump *p) {
  atomic_store(&p->stop, true);
  xnet_conn_set_read_deadline(p->c, xnet_deadline_in(p->stack, -1));
}

enum { IN_DATA, IN_EOF, IN_WOKEN, IN_ERROR };

/* Reads what stdin has (up to cap bytes) into buf, unless the receiver
 * ends the copy first. */
static int read_input(pump *p, char *buf, size_t cap, size_t *n) {
  *n = 0;
  if (p->in_fd < 0) { /* a memory stream never blocks */
    *n = fread(buf, 1, cap, p->in);
    if (*n) return IN_DATA;
    return ferror(p->in) ? IN_ERROR : IN_EOF;
  }
  struct pollfd fds[2] = {{p->in_fd, POLLIN, 0}, {p->wake[0], POLLIN, 0}};
  for (;;) {
    int rc = poll(fds, 2, -1);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return IN_ERROR;
    if (fds[1].revents) return IN_WOKEN;
    ssize_t got = read(p->in_fd, buf, cap); /* POLLIN, POLLHUP or POLLERR */
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return IN_ERROR;
    *n = (size_t)got;
    return got ? IN_DATA : IN_EOF;
  }
}

/* On an unconnected packet conn: the last sender, waiting for the first.
 * False when the receiver has ended (nothing left to reply to). */
static bool wait_peer(pump *p, xnet_addr *to) {
  pthread_mutex_lock(&p->mu);
  while (!p->have_peer && !p->recv_done) pthread_cond_wait(&p->changed, &p->mu);
  bool ok = !p->recv_done;
  *to = p->peer;
  pthread_mutex_unlock(&p->mu);
  return ok;
}

/* Writes one stream chunk or one message: 0, an XNET_E* code, or 1 when
 * the receiver ended first. */
static int send_one(pump *p, const char *b, size_t n) {
  if (p->mode.idle)
    xnet_conn_set_write_deadline(p->c, xnet_deadline_in(p->stack, p->mode.idle));
  int rc;
  if (p->mode.reply_last) {
    xnet_addr to;
    if (!wait_peer(p, &to)) return 1;
    rc = xnet_conn_write_to(p->c, b, n, &to);
  } else if (n == 0 && !p->mode.packet) {
    return 0; /* an empty unixpacket message would read as end of stream */
  } else {
    rc = xnet_conn_write(p->c, b, n);
  }
  if (rc < 0) return rc;
  touch(p);
  return 0;
}

/* Sends every whole line in sbuf, keeping a partial one; at the end of
 * input (`last`) or when one line fills sbuf, what is held goes too. */
static int send_lines(pump *p, bool last) {
  size_t start = 0;
  int rc = 0;
  while (rc == 0 && start < p->slen) {
    const char *nl = memchr(p->sbuf + start, '\n', p->slen - start);
    size_t end = nl ? (size_t)(nl - p->sbuf) : p->slen;
    if (!nl && !last && !(start == 0 && p->slen == sizeof p->sbuf)) break;
    rc = send_one(p, p->sbuf + start, end - start);
    start = nl ? end + 1 : end;
  }
  memmove(p->sbuf, p->sbuf + start, p->slen - start);
  p->slen -= start;
  return rc;
}

/* The sender: copies stdin until its end, a failure, or the receiver's
 * end. Returns whether stdin ended cleanly with everything sent. */
static bool send_all(pump *p) {
  for (;;) {
    size_t off = p->mode.messages ? p->slen : 0, n;
    int in = read_input(p, p->sbuf + off, sizeof p->sbuf - off, &n);
    if (in == IN_WOKEN) return false;
    if (in == IN_ERROR) {
      fail_local(&p->sent, "read standard input", errno ? errno : EIO);
      return false;
    }
    int rc;
    if (p->mode.messages) {
      p->slen += n;
      rc = send_lines(p, in == IN_EOF);
    } else {
      rc = n ? send_one(p, p->sbuf, n) : 0;
    }
    if (rc < 0) fail_net(&p->sent);
    if (rc != 0) return false;
    if (in == IN_EOF) return true;
  }
}

/* Runs both directions; the receiver has started. */
static void run(pump *p) {
  bool input_done = send_all(p);
  /* At stdin's end a connection is half-closed so the peer sees the end
   * while it may still answer. */
  if (input_done && !p->mode.packet && xnet_conn_close_write(p->c) < 0) {
    fail_net(&p->sent);
    input_done = false;
  }
  /* The receiver goes on alone on a stream (until the peer's end), with
   * -w (until idle) and when listening on a packet network (until
   * interrupted); a dialed packet copy ends with its input. */
  if (!input_done || (p->mode.packet && !p->mode.idle && !p->mode.reply_last))
    stop_receiver(p);
}

/* The result to report: the receiver's failure first, as a failing write
 * or half-close usually follows from what the receiver saw (a reset). */
static int report(const pump *p, FILE *err) {
  const cat_result *r = p->received.status ? &p->received : &p->sent;
  if (r->status) fprintf(err, "xnet cat: %s\n", r->msg);
  return r->status;
}

static bool pipe_cloexec(int fds[2]) {
  if (pipe(fds) != 0) return false;
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return true;
}

int cat_pump(xnet_conn *c, const cat_mode *mode, FILE *in, FILE *out, FILE *err) {
  pump *p = calloc(1, sizeof *p);
  if (!p || !pipe_cloexec(p->wake)) {
    fprintf(err, "xnet cat: %s\n", xnet_strerror(p ? -errno : XNET_ENOMEM));
    free(p);
    return XNET_TOOL_EXIT_INPUT;
  }
  p->c = c;
  p->stack = xnet_conn_stack(c);
  p->mode = *mode;
  p->in = in;
  p->out = out;
  p->in_fd = fileno(in);
  atomic_init(&p->stop, false);
  atomic_init(&p->last, xnet_now(p->stack));
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->changed, NULL);
  pthread_t t;
  int status;
  int rc = pthread_create(&t, NULL, receiver, p);
  if (rc == 0) {
    run(p);
    pthread_join(t, NULL);
    status = report(p, err);
  } else {
    fprintf(err, "xnet cat: starting a thread: %s\n", xnet_strerror(-rc));
    status = XNET_TOOL_EXIT_INPUT;
  }
  pthread_cond_destroy(&p->changed);
  pthread_mutex_destroy(&p->mu);
  close(p->wake[0]);
  close(p->wake[1]);
  free(p);
  return status;
}
