/* test.h: a tiny unit-test harness. Each TEST is a function; CHECK records
 * a failure with its place and goes on; main() runs the listed tests and
 * prints "ok NAME" or "not ok NAME" per test for tests/run.sh to count. */
#ifndef SSP_TEST_H
#define SSP_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
                    #cond);                                                    \
            test_failed = 1;                                                   \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *a_ = (a), *b_ = (b);                                       \
        if (strcmp(a_, b_) != 0) {                                             \
            fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
                    a_, b_);                                                   \
            test_failed = 1;                                                   \
        }                                                                      \
    } while (0)

/* |a - b| <= rel * max(|a|, |b|) */
#define CHECK_NEAR(a, b, rel)                                                \
    do {                                                                     \
        double a_ = (a), b_ = (b);                                           \
        if (!(fabs(a_ - b_) <= (rel)*fmax(fabs(a_), fabs(b_)))) {            \
            fprintf(stderr, "  %s:%d: %.17g != %.17g\n", __FILE__, __LINE__, \
                    a_, b_);                                                 \
            test_failed = 1;                                                 \
        }                                                                    \
    } while (0)

struct test {
    const char *name;
    void (*fn)(void);
};

/* An entry of the test list: T(fmt_shortest). */
#define T(fn)   \
    {           \
#fn, fn \
    }

static int run_tests(const struct test *t, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        test_failed = 0;
        t[i].fn();
        printf("%s %s\n", test_failed ? "not ok" : "ok", t[i].name);
        bad += test_failed;
    }
    return bad != 0;
}

#define TEST_MAIN(list)                                       \
    int main(void)                                            \
    {                                                         \
        return run_tests(list, sizeof list / sizeof list[0]); \
    }

#endif
