/* runner.c — runs the suites named on the command line (all when none).
 *
 * ctest calls it once per suite ("xnet_tests codecs.address"), so a failure
 * names its suite. Tests whose condition says they cannot run here are
 * printed as SKIP and registered inactive: CUnit counts them as inactive,
 * never as passed. Exit status: 0 only when every active test passed and no
 * named suite was unknown. */
#include <CUnit/Basic.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/error.h"
#include "xnet_test.h"

extern const xt_suite *const xt_registry[];

void xt_fail(unsigned line, const char *file, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n  FAIL %s:%u: %s\n", file, line, msg);
  /* CUnit copies the condition text into its failure record. */
  CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
}

static void dump_hex(const char *label, const uint8_t *p, size_t n,
                     size_t from) {
  size_t end = from + 32 < n ? from + 32 : n;
  fprintf(stderr, "    %s[%zu..%zu):", label, from, end);
  for (size_t i = from; i < end; i++) fprintf(stderr, " %02x", p[i]);
  fprintf(stderr, "\n");
}

void xt_fail_mem(unsigned line, const char *file, const char *what,
                 const void *got, size_t got_len, const void *want,
                 size_t want_len) {
  const uint8_t *g = got, *w = want;
  size_t i = 0;
  while (i < got_len && i < want_len && g[i] == w[i]) i++;
  xt_fail(line, file, "%s differ: got %zu bytes, want %zu, first difference at %zu",
          what, got_len, want_len, i);
  size_t from = i >= 8 ? i - 8 : 0;
  if (g) dump_hex("got ", g, got_len, from);
  if (w) dump_hex("want", w, want_len, from);
}

const char *xt_err_name(int code) { return xnet_err_name(code); }

const char *xt_corpus_dir(void) {
  static char dir[4096];
  const char *env = getenv("XNET_CORPUS_DIR");
  const char *d = env && *env ? env : XNET_CORPUS_DIR;
  char probe[4200];
  snprintf(probe, sizeof probe, "%s/MANIFEST.md", d);
  FILE *f = fopen(probe, "rb");
  if (!f) return NULL;
  fclose(f);
  snprintf(dir, sizeof dir, "%s", d);
  return dir;
}

const char *xt_fixtures_dir(void) { return XNET_FIXTURES_DIR; }

static unsigned skipped;

/* Open descriptors of this process (-1 where /proc is not mounted): the
 * run must end with as many as it started with. */
static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (readdir(d)) n++;
  closedir(d);
  return n;
}

static int add_suite(const xt_suite *s) {
  CU_pSuite cs = CU_add_suite(s->name, s->init, s->cleanup);
  if (!cs) return -1;
  for (size_t i = 0; i < s->count; i++) {
    const xt_test *t = &s->tests[i];
    CU_pTest ct = CU_add_test(cs, t->name, t->fn);
    if (!ct) return -1;
    const char *why = t->condition ? t->condition() : NULL;
    if (why) {
      printf("SKIP %s/%s: %s\n", s->name, t->name, why);
      CU_set_test_active(ct, CU_FALSE);
      skipped++;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  if (CU_initialize_registry() != CUE_SUCCESS) return 2;
  CU_set_fail_on_inactive(CU_FALSE);
  int unknown = 0;
  for (size_t i = 0; xt_registry[i]; i++) {
    int wanted = argc < 2;
    for (int a = 1; a < argc && !wanted; a++)
      wanted = strcmp(argv[a], xt_registry[i]->name) == 0;
    if (wanted && add_suite(xt_registry[i]) != 0) return 2;
  }
  for (int a = 1; a < argc; a++) {
    int found = 0;
    for (size_t i = 0; xt_registry[i]; i++)
      found |= strcmp(argv[a], xt_registry[i]->name) == 0;
    if (!found) {
      fprintf(stderr, "unknown suite: %s\n", argv[a]);
      unknown = 1;
    }
  }
  CU_basic_set_mode(CU_BRM_VERBOSE);
  int fds_before = count_fds();
  CU_basic_run_tests();
  int fds_after = count_fds();
  int fd_leak = fds_before >= 0 && fds_after != fds_before;
  if (fd_leak)
    fprintf(stderr, "FD LEAK: %d descriptors open before the suites, %d after\n",
            fds_before, fds_after);
  unsigned failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed() +
                    CU_get_number_of_tests_failed();
  unsigned ran = CU_get_number_of_tests_run();
  CU_cleanup_registry();
  if (unknown) return 2;
  if (ran == 0 && skipped == 0) {
    fprintf(stderr, "no test ran\n");
    return 1;
  }
  return failed || fd_leak ? 1 : 0;
}
