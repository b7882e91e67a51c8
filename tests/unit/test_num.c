/* test_num.c: shortest round-trip formatting and strict parsing. */
#include <locale.h>
#include <stdlib.h>

#include "ssp/num.h"
#include "test.h"

static void fmt_is(double x, const char *want)
{
    char buf[SSP_NUM_BUFSZ];
    CHECK_STR(ssp_fmt_double(x, buf), want);
}

static void fmt_shortest(void)
{
    fmt_is(0.1, "0.1");
    fmt_is(1.0 / 3, "0.3333333333333333");
    fmt_is(0.1 + 0.2, "0.30000000000000004");
    fmt_is(100, "100");
    fmt_is(-2.5, "-2.5");
    fmt_is(1e20, "1e+20");
    fmt_is(1e-7, "1e-07");
    fmt_is(123456789012345678.0, "1.2345678901234568e+17");
    fmt_is(5e-324, "5e-324");
    fmt_is(2.2250738585072014e-308, "2.2250738585072014e-308");
    fmt_is(1.5e-310, "1.5e-310");
    fmt_is(0.0, "0");
    fmt_is(-0.0, "0");
    fmt_is(NAN, "NA");
    fmt_is(INFINITY, "Inf");
    fmt_is(-INFINITY, "-Inf");
}

/* Every formatted double reads back to itself. */
static void fmt_round_trips(void)
{
    char buf[SSP_NUM_BUFSZ];
    unsigned long long s = 88172645463325252ull;
    for (int i = 0; i < 100000; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17; /* xorshift64 */
        double x;
        memcpy(&x, &s, sizeof x);
        if (!isfinite(x))
            continue;
        ssp_fmt_double(x, buf);
        double y = strtod(buf, NULL);
        CHECK(y == x || (x == 0 && y == 0));
        if (y != x && !(x == 0))
            return;
    }
}

/* A locale with a decimal comma must not leak into numbers. tests/run.sh
 * compiles de_DE.UTF-8 into $LOCPATH for this test, so it is there. */
static void fmt_ignores_locale(void)
{
    char buf[SSP_NUM_BUFSZ];
    double x = 0;
    CHECK(setlocale(LC_ALL, "de_DE.UTF-8") != NULL);
    snprintf(buf, sizeof buf, "%.1f", 1.5);
    CHECK_STR(buf, "1,5"); /* the locale really has a decimal comma */
    CHECK_STR(ssp_fmt_double(1.5, buf), "1.5");
    CHECK_STR(ssp_fmt_double(1e-7, buf), "1e-07");
    CHECK(ssp_parse_double("2.25", 4, &x) && x == 2.25);
    CHECK(ssp_parse_double("1.000001", 8, &x) && x == 1.000001); /* fast path */
    CHECK(ssp_parse_double("1.0000000000000002", 18, &x) &&
          x == 1.0000000000000002); /* strtod */
    CHECK(!ssp_parse_double("2,25", 4, &x));
    setlocale(LC_ALL, "C");
}

static void parse_strict(void)
{
    double x = 0;
    CHECK(ssp_parse_double("42", 2, &x) && x == 42);
    CHECK(ssp_parse_double(" -1.5e3 ", 8, &x) && x == -1500);
    CHECK(ssp_parse_double("0.1", 3, &x) && x == 0.1);
    CHECK(!ssp_parse_double("", 0, &x));
    CHECK(!ssp_parse_double("1,5", 3, &x));
    CHECK(!ssp_parse_double("0x1A", 4, &x));
    CHECK(!ssp_parse_double("inf", 3, &x));
    CHECK(!ssp_parse_double("nan", 3, &x));
    CHECK(!ssp_parse_double("1e999", 5, &x));
    CHECK(!ssp_parse_double("12abc", 5, &x));
    CHECK(!ssp_parse_double("-", 1, &x));
    CHECK(!ssp_parse_double("1 2", 3, &x));
    CHECK(ssp_parse_double("7xyz", 1, &x) && x == 7); /* length is honoured */
}

static const struct test tests[] = {
    T(fmt_shortest),
    T(fmt_round_trips),
    T(fmt_ignores_locale),
    T(parse_strict),
};
TEST_MAIN(tests)
