/* test_io.c: the registry of temporary files (issue 12, item 21): an
 * ssp_atomic's temporary file goes with a run that exits or is killed by
 * SIGINT, SIGTERM or SIGHUP before the commit; a committed file stays;
 * a signal ignored before stays ignored. Each case runs in a child. */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ssp/io.h"
#include "test.h"

static char root[64];

static void setup(void)
{
    if (*root)
        return;
    snprintf(root, sizeof root, "/tmp/ssp-test-io.XXXXXX");
    if (!mkdtemp(root))
        abort();
}

/* How many names in root start with prefix. */
static int count(const char *prefix)
{
    DIR *d = opendir(root);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    if (d)
        closedir(d);
    return n;
}

enum how { EXIT, SIGNAL, COMMIT_THEN_EXIT, IGNORED };

/* In a child: open root/NAME atomically, then end as how says with sig.
 * Returns the child's wait status. */
static int child(const char *name, enum how how, int sig)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (how == IGNORED)
            signal(sig, SIG_IGN);
        char path[160];
        snprintf(path, sizeof path, "%s/%s", root, name);
        ssp_atomic a, b;
        ssp_error e = {0};
        if (ssp_atomic_open(&a, path, 0, &e))
            _exit(10);
        fputs("x\n", a.fp);
        if (how == COMMIT_THEN_EXIT) {
            if (ssp_atomic_commit(&a, &e))
                _exit(11);
            /* a second one, left open */
            snprintf(path, sizeof path, "%s/%s.second", root, name);
            if (ssp_atomic_open(&b, path, 0, &e))
                _exit(10);
        }
        if (how == SIGNAL || how == IGNORED)
            raise(sig);
        exit(how == IGNORED ? 0 : 3); /* as die() does */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

static void on_exit_removed(void)
{
    setup();
    int st = child("exit", EXIT, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
    CHECK(count("exit") == 0);
}

static void on_signal_removed(void)
{
    setup();
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    const char *names[] = {"int", "term", "hup"};
    for (int i = 0; i < 3; i++) {
        int st = child(names[i], SIGNAL, sigs[i]);
        /* the child dies of the signal, as it would have */
        CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i]);
        CHECK(count(names[i]) == 0);
    }
}

static void committed_kept(void)
{
    setup();
    int st = child("kept", COMMIT_THEN_EXIT, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
    CHECK(count("kept") == 1); /* kept itself; kept.second's tmp gone */
    char path[160];
    snprintf(path, sizeof path, "%s/kept", root);
    CHECK(access(path, F_OK) == 0);
}

static void ignored_stays_ignored(void)
{
    setup();
    int st = child("ign", IGNORED, SIGHUP);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(count("ign") == 0); /* removed at the exit that followed */
}

static void folder_after_files(void)
{
    setup();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        char dir[160], file[200];
        snprintf(dir, sizeof dir, "%s/stagedir", root);
        snprintf(file, sizeof file, "%s/f", dir);
        ssp_error e = {0};
        if (mkdir(dir, 0700) || ssp_temp_add(dir, 1, &e) ||
            ssp_temp_add(file, 0, &e))
            _exit(10);
        FILE *fp = fopen(file, "w");
        if (!fp)
            _exit(10);
        fclose(fp);
        raise(SIGTERM);
        _exit(12);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    CHECK(count("stagedir") == 0);
}

static void forget(void)
{
    setup();
    char path[160];
    snprintf(path, sizeof path, "%s/forgotten", root);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        ssp_error e = {0};
        FILE *fp = fopen(path, "w");
        if (!fp || ssp_temp_add(path, 0, &e))
            _exit(10);
        fclose(fp);
        ssp_temp_forget(path);
        exit(3);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
    CHECK(access(path, F_OK) == 0);
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    CHECK(system(cmd) == 0);
}

static const struct test tests[] = {T(on_exit_removed),
                                    T(on_signal_removed),
                                    T(committed_kept),
                                    T(ignored_stays_ignored),
                                    T(folder_after_files),
                                    T(forget),
                                    T(cleanup)};
TEST_MAIN(tests)
