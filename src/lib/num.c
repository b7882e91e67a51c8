/* num.c: locale-independent number formatting and parsing. */
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/num.h"

/* The C locale, created once; strtod_l and snprintf under uselocale keep
 * numbers in C form even if the program calls setlocale(LC_ALL, ""). */
static locale_t c_locale(void)
{
    static locale_t loc;
    if (!loc)
        loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return loc;
}

char *ssp_fmt_double(double x, char buf[SSP_NUM_BUFSZ])
{
    if (isnan(x))
        return strcpy(buf, "NA");
    if (isinf(x))
        return strcpy(buf, x > 0 ? "Inf" : "-Inf");
    if (x == 0)
        return strcpy(buf, "0"); /* also for -0: R prints 0 */
    locale_t old = uselocale(c_locale());
    /* 15 significant digits always survive decimal -> double -> decimal,
     * so when %.15g reads back it is the shortest form; else 16, then 17.
     * Subnormals have fewer digits of their own: try every precision. */
    for (int prec = fabs(x) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
        snprintf(buf, SSP_NUM_BUFSZ, "%.*g", prec, x);
        if (strtod_l(buf, NULL, c_locale()) == x)
            break;
    }
    uselocale(old);
    return buf;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int ssp_parse_double(const char *s, size_t len, double *out)
{
    /* Fast path (Clinger), first: an optional sign, then at most 15
     * digits with a point among them or after them, and nothing else,
     * make the digits an exact integer m and the value m / 10^k, which one
     * IEEE division rounds correctly; anything else (blanks, an exponent,
     * more digits) goes the long way, to strtod. */
    {
        static const double p10[] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
                                     1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15};
        size_t i = len && (s[0] == '-' || s[0] == '+'), point = 0;
        int digits = 0;
        unsigned long long m = 0; /* wraps past 19 digits: then unused */
        for (; i < len; i++) {
            unsigned d = (unsigned)(unsigned char)s[i] - '0';
            if (d < 10) {
                m = m * 10 + d;
                digits++;
            } else if (s[i] == '.' && !point) {
                point = i + 1;
            } else {
                break;
            }
        }
        if (i == len && digits > 0 && digits <= 15) {
            double v = (double)m;
            if (point && len > point)
                v /= p10[len - point];
            *out = s[0] == '-' ? -v : v;
            return 1;
        }
    }
    char tmp[128];
    while (len && is_blank(*s))
        s++, len--;
    while (len && is_blank(s[len - 1]))
        len--;
    if (len == 0 || len >= sizeof tmp)
        return 0;
    /* Only digits, sign, point and exponent: strtod alone would also take
     * "0x1p3", "inf" and "nan". */
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
              c == 'e' || c == 'E'))
            return 0;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod_l(tmp, &end, c_locale());
    if (end != tmp + len || end == tmp || (errno == ERANGE && isinf(v)) ||
        !isfinite(v))
        return 0;
    *out = v;
    return 1;
}
