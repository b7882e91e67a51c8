/* test_report.c: the sheet names of ssp report (issue 12, item 21) and
 * the outcome words the workbook shares with certificates (item 19). */
#include "ssp/plan.h"
#include "ssp/report.h"
#include "test.h"

static void name_is(const char *want, const char *const *used, size_t n,
                    const char *expect)
{
    char out[128];
    CHECK_STR(ssp_report_sheet_name(want, used, n, out), expect);
}

/* UTF-16 code units of a UTF-8 string. */
static size_t units(const char *s)
{
    size_t u = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        u += (*p & 0xC0) != 0x80 ? 1 + (*p >= 0xF0) : 0;
    return u;
}

static void sheet_names_valid(void)
{
    name_is("a/b", NULL, 0, "a_b");
    name_is("[x]:*?\\", NULL, 0, "_x_____");
    name_is("'quoted'", NULL, 0, "_quoted_");
    name_is("it's", NULL, 0, "it's");
    name_is("", NULL, 0, "_");
    name_is(NULL, NULL, 0, "_");
    name_is("tab\there\n", NULL, 0, "tab_here_");
    name_is("History", NULL, 0, "History (2)");
    name_is("HISTORY", NULL, 0, "HISTORY (2)");
    name_is("스마트기저귀", NULL, 0, "스마트기저귀"); /* 저 is U+C800 */
    name_is("abcdefghijabcdefghijabcdefghijabcdefghij", NULL, 0,
            "abcdefghijabcdefghijabcdefghija");
    /* An apostrophe that ends the name once it is cut. */
    name_is("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'bc", NULL, 0,
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_");
    /* Emoji are two UTF-16 units: 20 of them are cut to 15. */
    char out[128];
    const char *e = "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀";
    ssp_report_sheet_name(e, NULL, 0, out);
    CHECK(units(out) == 30);
    /* An invalid byte is no character of a name. */
    name_is("a\xff"
            "b",
            NULL, 0, "a_b");
}

static void sheet_names_unique(void)
{
    const char *used[] = {"요약", "a_b", "Straße", "ÄRGER", "Σ"};
    name_is("a:b", used, 5, "a_b (2)");
    name_is("A_B", used, 5, "A_B (2)");
    name_is("요약", used, 5, "요약 (2)");
    name_is("STRAßE", used, 5, "STRAßE (2)");
    name_is("ärger", used, 5, "ärger (2)");
    name_is("σ", used, 5, "σ (2)");
    const char *long_[] = {"abcdefghijabcdefghijabcdefghija"};
    name_is("abcdefghijabcdefghijabcdefghijabcdefghij", long_, 1,
            "abcdefghijabcdefghijabcdefg (2)");
    const char *more[] = {"x", "x (2)", "X (3)"};
    name_is("x", more, 3, "x (4)");
}

static void outcome_words(void)
{
    CHECK_STR(ssp_plan_outcome_word("met", 0), "충족");
    CHECK_STR(ssp_plan_outcome_word("not_met", 0), "미충족");
    CHECK_STR(ssp_plan_outcome_word("not_evaluable", 0), "평가 불가");
    CHECK_STR(ssp_plan_outcome_word("not_met", 1), "not met");
    CHECK(!ssp_plan_outcome_word("maybe", 0));
    CHECK(!ssp_plan_outcome_word(NULL, 1));
}

static const struct test tests[] = {T(sheet_names_valid), T(sheet_names_unique),
                                    T(outcome_words)};
TEST_MAIN(tests)
