/* fuzz_num.c: numbers, ISO dates and times, and every timestamp a vendor
 * sends as ingest converts it (a date pattern, Korean 오전/오후, an Excel
 * serial, epoch seconds and milliseconds, ISO 8601), and scaled numbers.
 * The first byte picks the conversion; the rest is the value. Beyond the
 * sanitizers it asserts that a conversion that succeeds gives a value of
 * the canonical form. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ssp/mapping.h"
#include "ssp/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *s = malloc(size);
    if (!s)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    size_t len = strlen(s);
    double x;
    if (ssp_parse_double(s, len, &x)) { /* as strtod reads it, to the bit */
        double y = strtod(s, NULL);
        assert(len > 0 && x == y && !signbit(x) == !signbit(y));
    }
    if (ssp_iso_date(s, len, &x)) /* YYYY-MM-DD, a whole day */
        assert(len == 10 && x == floor(x));
    if (ssp_iso_datetime(s, len, &x))
        assert(len >= 19 && s[10] == 'T');
    static const char *const formats[] = {"%Y-%m-%d",
                                          "%Y.%m.%d %p %I:%M:%S",
                                          "%Y/%m/%d %H:%M",
                                          "excel",
                                          "epoch_s",
                                          "epoch_ms",
                                          "iso",
                                          "%Y.%m"};
    static const ssp_when whens[] = {SSP_WHEN_DATE,     SSP_WHEN_DATETIME,
                                     SSP_WHEN_DATETIME, SSP_WHEN_DATETIME,
                                     SSP_WHEN_DATETIME, SSP_WHEN_DATETIME,
                                     SSP_WHEN_DATETIME, SSP_WHEN_YEARMONTH};
    ssp_mapping m = {0};
    m.tz_minutes = 540;
    strcpy(m.tz_text, "+09:00");
    ssp_mfield f = {0};
    unsigned k = data[0] % 9;
    if (k < 8) {
        f.when = whens[k];
        f.format = (char *)formats[k];
    } else { /* a number, scaled */
        f.has_scale = 1;
        f.scale = 0.001;
        f.offset = 0;
    }
    f.trim = data[0] & 16;
    char *out = NULL, msg[256];
    size_t cap = 0;
    int rc = ssp_mapping_convert(&m, &f, s, &out, &cap, msg, sizeof msg);
    if (rc == 1 && !*s) /* empty is missing, passed on as it is */
        assert(!*out);
    if (!*s)
        rc = 0;
    if (rc == 1 && f.when == SSP_WHEN_DATE)
        assert(strlen(out) == 10 && out[4] == '-' && out[7] == '-');
    if (rc == 1 && f.when == SSP_WHEN_YEARMONTH)
        assert(strlen(out) == 7 && out[4] == '-');
    if (rc == 1 && f.when == SSP_WHEN_DATETIME)
        assert(strlen(out) >= 19 && out[10] == 'T');
    free(out);
    free(s);
    return 0;
}
