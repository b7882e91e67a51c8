/* test_certpdf.c: certificate PDFs carry the digest of their certificate
 * and read it back; the same certificate gives the same bytes; failures
 * leave nothing behind. With SSP_CERTPDF_DIR set the PDFs (and their
 * certificates) are left in that folder for tests/certpdf/check.sh. */
#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssp/certpdf.h"
#include "ssp/io.h"
#include "test.h"

static char tmpdir[] = "/tmp/ssp-test-certpdf-XXXXXX";
static const char *dir; /* where the PDFs go */

/* The ids tests/certpdf/check.sh looks for. */
#define ID_MET "SSP-huggy_vest-hongcheon-3fa9c2e1b7d0"
#define ID_NM "SSP-NM-exercise_bike-geumsan-0b1c2d3e4f5a"
#define ID_NULL "SSP-food_scanner-andong-9e8d7c6b5a41"
#define ID_LONG "SSP-smart_diaper-dongducheon-5d4c3b2a1908"

static const char met_json[] =
    "{\"format\": \"ssp-certificate-1\", \"kind\": \"certificate\","
    " \"id\": \"" ID_MET "\", \"issued_on\": \"2025-01-15\","
    " \"firm\": {\"name_ko\": \"돌봄드림\", \"name_en\": \"DolbomDream\"},"
    " \"technology\": \"huggy_vest\", \"region\": \"hongcheon\","
    " \"period\": {\"from\": \"2024-06-01\", \"to\": \"2024-12-31\"},"
    " \"participants\": {\"enrolled\": 49, \"completers\": 43,"
    "   \"min_completers\": 30},"
    " \"plan\": {\"path\": \"huggy_vest.json\", \"sha256\": \"00\","
    "   \"title\": \"HUGgy 돌봄 조끼 실증계획 (강원 홍천군)\"},"
    " \"parameters\": {\"level\": 0.95, \"adjust\": \"holm\"},"
    " \"criteria\": ["
    "  {\"id\": \"P1\", \"role\": \"primary\", \"indicator\": "
    "\"EFF_UCLA_LS_END\","
    "   \"label\": \"UCLA 외로움 척도 제3판 변화(사전-사후)\","
    "   \"arm\": \"intervention\","
    "   \"rule\": \"보정 p < 0.05, 변화 ≤ −3 points\","
    "   \"estimate\": -3.56, \"ci_low\": -5.65, \"ci_high\": -1.46,"
    "   \"p\": 0.0014, \"p_adjusted\": 0.0055, \"n\": 43, \"unit\": \"points\","
    "   \"outcome\": \"met\", \"reason\": \"\"},"
    "  {\"id\": \"S1\", \"role\": \"secondary\", \"indicator\": \"UTL_ACTIVE\","
    "   \"label\": \"활성 이용자 비율\", \"arm\": \"intervention\","
    "   \"rule\": \"추정값 ≥ 70\", \"estimate\": 87.755, \"ci_low\": 75.77,"
    "   \"ci_high\": 94.27, \"p\": null, \"p_adjusted\": null, \"n\": 49,"
    "   \"unit\": \"%\", \"outcome\": \"met\", \"reason\": \"\"},"
    "  {\"id\": \"S2\", \"role\": \"secondary\", \"indicator\": \"SAT_MEAN\","
    "   \"label\": \"만족도 평균(SAT5, 1–5점)\", \"arm\": \"intervention\","
    "   \"rule\": \"신뢰구간 하한 ≥ 3.5\", \"estimate\": 4.21, \"ci_low\": "
    "4.02,"
    "   \"ci_high\": 4.4, \"p\": 0.00001, \"p_adjusted\": 0.00004, \"n\": 43,"
    "   \"unit\": \"points\", \"outcome\": \"met\", \"reason\": \"\"},"
    "  {\"id\": \"M1\", \"role\": \"monitoring\", \"indicator\": "
    "\"DQ_REJECTED\","
    "   \"label\": \"거부된 행 비율 <데이터 품질> & 중복\", \"arm\": \"\","
    "   \"rule\": \"추정값 ≤ 5\", \"estimate\": 1.2, \"ci_low\": 0.8,"
    "   \"ci_high\": 1.7, \"p\": null, \"p_adjusted\": null, \"n\": 5120,"
    "   \"unit\": \"%\", \"outcome\": \"met\", \"reason\": \"\"}"
    " ],"
    " \"verdict\": \"met\", \"missing\": [], \"tool\": \"ssp cert\","
    " \"version\": \"0.1.0\"}";

/* Criteria of the two-page statement: every role and outcome, long
 * labels and reasons. */
static json_t *many_criteria(void)
{
    static const char *const labels[] = {
        "UCLA 외로움 척도 제3판 변화(사전-사후)",
        "단축형 노인우울척도(SGDS-K) 변화, 종료 시점",
        "30초 의자 일어서기 횟수 변화",
        "악력(kg) 변화 — 중재군과 비교군의 변화량 차이(이중차분)",
        "주당 이용 일수",
        "만족도 평균(SAT5)",
        "재참여 의향 비율",
        "90일 유지율(Kaplan–Meier)",
        "안전 알림 1,000인일당 건수",
        "10분 이내 알림 확인 비율",
        "데이터 완전성(기기 기록이 있는 날의 비율)",
        "종료 평가 완료 비율",
    };
    static const char *const roles[] = {"primary",   "primary",   "secondary",
                                        "secondary", "secondary", "monitoring"};
    static const char *const outcomes[] = {"met", "not_met", "not_evaluable"};
    json_t *a = json_array();
    for (int i = 0; i < 12; i++) {
        char id[16], ind[32];
        snprintf(id, sizeof id, "%c%d", "PPSSSM"[i % 6], i + 1);
        snprintf(ind, sizeof ind, "EFF_INDICATOR_%02d", i + 1);
        const char *out = outcomes[i % 3];
        json_t *c = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:i, "
            "s:s, s:s, s:s}",
            "id", id, "role", roles[i % 6], "indicator", ind, "label",
            labels[i], "arm", i == 3 ? "comparison" : "intervention", "rule",
            i % 2 ? "보정 p < 0.05, 변화 ≥ 2.5 points"
                  : "Holm-adjusted p < 0.05 and change <= -3 points",
            "estimate", -3.5 + i * 0.731, "ci_low", -6.1 + i * 0.5, "ci_high",
            -0.9 + i * 0.9, "p", 0.0004 * (i + 1) * (i + 1), "p_adjusted",
            i == 0 ? 0.0004 : 0.0031 * (i + 1) * (i + 1), "n", 30 + i, "unit",
            "points", "outcome", out, "reason",
            !strcmp(out, "not_met") ? "p 0.04 is not below 0.05"
            : !strcmp(out, "not_evaluable")
                ? "suppressed by disclosure control: fewer than 10 subjects"
                : "");
        if (!strcmp(out, "not_evaluable")) {
            json_object_set_new(c, "estimate", json_null());
            json_object_set_new(c, "ci_low", json_null());
            json_object_set_new(c, "ci_high", json_null());
            json_object_set_new(c, "p", json_null());
            json_object_set_new(c, "p_adjusted", json_null());
        }
        json_array_append_new(a, c);
    }
    return a;
}

/* Write cert as ID.json in dir (as ssp cert would) and its PDF as ID.pdf;
 * hex gets the JSON's digest. Returns ssp_cert_pdf's status. */
static ssp_status write_cert(json_t *cert, char hex[65])
{
    char jpath[512], ppath[512];
    const char *id = json_string_value(json_object_get(cert, "id"));
    snprintf(jpath, sizeof jpath, "%s/%s.json", dir, id);
    snprintf(ppath, sizeof ppath, "%s/%s.pdf", dir, id);
    CHECK(json_dump_file(cert, jpath, JSON_SORT_KEYS | JSON_INDENT(2)) == 0);
    unsigned long long bytes;
    ssp_sha256_file(jpath, hex, &bytes);
    ssp_error e = {0};
    ssp_status st = ssp_cert_pdf(cert, hex, ppath, &e);
    if (st)
        fprintf(stderr, "  ssp_cert_pdf: %s\n", e.msg);
    return st;
}

/* The digest read back from ID.pdf equals want. */
static void reads_back(const char *id, const char *want)
{
    char path[512], hex[65] = "";
    snprintf(path, sizeof path, "%s/%s.pdf", dir, id);
    ssp_error e = {0};
    CHECK(ssp_cert_pdf_digest(path, hex, &e) == SSP_OK);
    CHECK_STR(hex, want);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    rewind(fp);
    char *b = malloc((size_t)len + 1);
    *n = b ? fread(b, 1, (size_t)len, fp) : 0;
    fclose(fp);
    return b;
}

/* No temporary file is left in dir. */
static int no_temp_files(void)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    int clean = 1;
    while (dp && (de = readdir(dp)))
        if (strstr(de->d_name, ".tmp"))
            clean = 0;
    if (dp)
        closedir(dp);
    return clean;
}

static void setup(void)
{
    dir = getenv("SSP_CERTPDF_DIR");
    if (dir && *dir)
        CHECK(mkdir(dir, 0777) == 0 || access(dir, W_OK) == 0);
    else
        CHECK((dir = mkdtemp(tmpdir)) != NULL);
}

static void certificate_met(void)
{
    json_t *cert = json_loads(met_json, 0, NULL);
    CHECK(cert != NULL);
    char hex[65];
    CHECK(write_cert(cert, hex) == SSP_OK);
    reads_back(ID_MET, hex);
    /* an upper-case digest is the same digest */
    char upper[65], path[512], back[65] = "";
    for (int i = 0; i < 65; i++)
        upper[i] = (char)toupper((unsigned char)hex[i]);
    snprintf(path, sizeof path, "%s/upper.pdf", dir);
    ssp_error e = {0};
    CHECK(ssp_cert_pdf(cert, upper, path, &e) == SSP_OK);
    CHECK(ssp_cert_pdf_digest(path, back, &e) == SSP_OK);
    CHECK_STR(back, hex);
    unlink(path);
    json_decref(cert);
    CHECK(no_temp_files());
}

/* The same certificate gives the same bytes, another digest other bytes. */
static void deterministic(void)
{
    json_t *cert = json_loads(met_json, 0, NULL);
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/same-a.pdf", dir);
    snprintf(b, sizeof b, "%s/same-b.pdf", dir);
    const char *h1 = "0123456789abcdef0123456789abcdef"
                     "0123456789abcdef0123456789abcdef";
    ssp_error e = {0};
    CHECK(ssp_cert_pdf(cert, h1, a, &e) == SSP_OK);
    CHECK(ssp_cert_pdf(cert, h1, b, &e) == SSP_OK);
    size_t na = 0, nb = 0;
    char *pa = slurp(a, &na), *pb = slurp(b, &nb);
    CHECK(pa && pb && na > 1000 && na == nb && !memcmp(pa, pb, na));
    CHECK(pa && !memcmp(pa, "%PDF-", 5));
    free(pb);
    const char *h2 = "f123456789abcdef0123456789abcdef"
                     "0123456789abcdef0123456789abcdef";
    CHECK(ssp_cert_pdf(cert, h2, b, &e) == SSP_OK);
    pb = slurp(b, &nb);
    CHECK(pa && pb && (na != nb || memcmp(pa, pb, na)));
    char hex[65] = "";
    CHECK(ssp_cert_pdf_digest(b, hex, &e) == SSP_OK);
    CHECK_STR(hex, h2);
    free(pa);
    free(pb);
    unlink(a);
    unlink(b);
    json_decref(cert);
}

/* Twelve criteria flow onto a second page. */
static void statement_two_pages(void)
{
    json_t *cert = json_loads(met_json, 0, NULL);
    json_object_set_new(cert, "kind", json_string("not_met_statement"));
    json_object_set_new(cert, "verdict", json_string("not_met"));
    json_object_set_new(cert, "id", json_string(ID_NM));
    json_object_set_new(cert, "technology", json_string("exercise_bike"));
    json_object_set_new(cert, "region", json_string("geumsan"));
    json_object_set_new(cert, "issued_on", json_string("2025-02-03"));
    json_object_set_new(cert, "firm",
                        json_pack("{s:s, s:s}", "name_ko", "드림모션",
                                  "name_en", "DreamMotion"));
    json_object_set_new(cert, "criteria", many_criteria());
    char hex[65];
    CHECK(write_cert(cert, hex) == SSP_OK);
    reads_back(ID_NM, hex);
    json_decref(cert);
}

/* Missing numbers print as dashes; a firm without an English name. */
static void null_numbers(void)
{
    json_t *cert = json_loads(met_json, 0, NULL);
    json_object_set_new(cert, "id", json_string(ID_NULL));
    json_object_set_new(cert, "technology", json_string("food_scanner"));
    json_object_set_new(cert, "region", json_string("andong"));
    json_object_set_new(cert, "verdict", json_string("not_met"));
    json_object_set_new(cert, "kind", json_string("not_met_statement"));
    json_object_set_new(cert, "firm",
                        json_pack("{s:s}", "name_ko", "푸드아이"));
    json_object_set_new(cert, "participants",
                        json_pack("{s:n, s:n, s:n}", "enrolled", "completers",
                                  "min_completers"));
    json_object_del(cert, "plan");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(cert, "criteria"), i, c)
    {
        const char *k[] = {"estimate", "ci_low",     "ci_high",
                           "p",        "p_adjusted", "n"};
        for (size_t j = 0; j < 6; j++)
            json_object_set_new(c, k[j], json_null());
        json_object_set_new(c, "outcome", json_string("not_evaluable"));
        json_object_set_new(c, "reason", json_string("no such result"));
    }
    char hex[65];
    CHECK(write_cert(cert, hex) == SSP_OK);
    reads_back(ID_NULL, hex);
    json_decref(cert);
}

/* Thirty criteria with overlong texts: cells are cut to a few lines
 * (ellipsized), rows never overflow a page, the table takes three. */
static void long_texts(void)
{
    json_t *cert = json_loads(met_json, 0, NULL);
    json_object_set_new(cert, "id", json_string(ID_LONG));
    json_object_set_new(cert, "technology", json_string("smart_diaper"));
    json_object_set_new(cert, "region", json_string("dongducheon"));
    char name[2000] = "";
    for (int i = 0; i < 30; i++)
        strcat(name, "스마트케어솔루션 ");
    json_object_set_new(cert, "firm",
                        json_pack("{s:s, s:s}", "name_ko", name, "name_en",
                                  "Smart Care Solutions Incorporated"));
    json_t *a = json_array();
    for (int i = 0; i < 3; i++) {
        json_t *more = many_criteria();
        json_array_extend(a, more);
        json_decref(more);
    }
    json_array_extend(a, json_object_get(cert, "criteria"));
    json_object_set_new(json_array_get(a, 0), "label", json_string(name));
    json_object_set_new(json_array_get(a, 1), "rule", json_string(name));
    json_object_set_new(json_array_get(a, 2), "reason",
                        json_string("averylongwordwithoutanyspacesthatmust"
                                    "bebrokenanywhereinsideitbecausenoword"
                                    "breakcanbefound"));
    json_object_set_new(cert, "criteria", a);
    char hex[65];
    CHECK(write_cert(cert, hex) == SSP_OK);
    reads_back(ID_LONG, hex);
    json_decref(cert);
}

/* Bad input is refused before anything is written; a failure while
 * writing leaves the target as it was and no temporary file. */
static void failures(void)
{
    json_t *cert = json_loads(met_json, 0, NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/fail.pdf", dir);
    ssp_error e = {0};
    CHECK(ssp_cert_pdf(cert, "abc", path, &e) == SSP_EUSAGE);
    CHECK(strstr(e.msg, "64 hex digits") != NULL);
    CHECK(access(path, F_OK) != 0);
    const char *h = "0123456789abcdef0123456789abcdef"
                    "0123456789abcdef0123456789abcdeg";
    CHECK(ssp_cert_pdf(cert, h, path, &e) == SSP_EUSAGE);
    h = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    json_object_set_new(cert, "issued_on", json_string("15.01.2025"));
    CHECK(ssp_cert_pdf(cert, h, path, &e) == SSP_EDATA);
    CHECK(strstr(e.msg, "issued_on") != NULL);
    json_object_del(cert, "issued_on");
    CHECK(ssp_cert_pdf(cert, h, path, &e) == SSP_EDATA);
    CHECK(strstr(e.msg, "no issued_on") != NULL);
    json_object_set_new(cert, "issued_on", json_string("2025-01-15"));
    json_object_set_new(cert, "kind", json_string("diploma"));
    CHECK(ssp_cert_pdf(cert, h, path, &e) == SSP_EDATA);
    CHECK(strstr(e.msg, "kind") != NULL);
    json_object_set_new(cert, "kind", json_string("certificate"));
    json_object_set_new(cert, "criteria", json_string("P1"));
    CHECK(ssp_cert_pdf(cert, h, path, &e) == SSP_EDATA);
    json_object_set_new(cert, "criteria", json_array());
    CHECK(ssp_cert_pdf(NULL, h, path, &e) == SSP_EDATA);
    CHECK(access(path, F_OK) != 0);

    /* no criteria at all still makes a document */
    CHECK(ssp_cert_pdf(cert, h, path, &e) == SSP_OK);
    char hex[65] = "";
    CHECK(ssp_cert_pdf_digest(path, hex, &e) == SSP_OK);
    CHECK_STR(hex, h);

    /* an id too long for a QR code fails: the old file stays, and no
     * temporary file is left */
    char *longid = malloc(4001);
    memset(longid, 'X', 4000);
    longid[4000] = '\0';
    json_object_set_new(cert, "id", json_string(longid));
    free(longid);
    CHECK(ssp_cert_pdf(cert, h, path, &e) == SSP_EDATA);
    CHECK(strstr(e.msg, "QR") != NULL);
    CHECK(ssp_cert_pdf_digest(path, hex, &e) == SSP_OK);
    CHECK_STR(hex, h);
    CHECK(no_temp_files());
    unlink(path);

    json_object_set_new(cert, "id", json_string(ID_MET));
    CHECK(ssp_cert_pdf(cert, h, "/nonexistent-ssp-dir/x.pdf", &e) == SSP_EIO);
    json_decref(cert);
}

/* Write bytes to dir/name; returns the path (static). */
static const char *file_with(const char *name, const char *bytes)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    CHECK(fp != NULL);
    if (fp) {
        fputs(bytes, fp);
        fclose(fp);
    }
    return path;
}

static void digest_reader(void)
{
    char hex[65];
    ssp_error e = {0};
    CHECK(ssp_cert_pdf_digest("/nonexistent-ssp-dir/x.pdf", hex, &e) ==
          SSP_EIO);
    const char *p = file_with("text.pdf", "ssp-sha256:0123");
    CHECK(ssp_cert_pdf_digest(p, hex, &e) == SSP_EDATA);
    CHECK_STR(e.msg, "not a PDF");
    p = file_with("plain.pdf", "%PDF-1.5\n1 0 obj << /Title (x) >>\n");
    CHECK(ssp_cert_pdf_digest(p, hex, &e) == SSP_EDATA);
    CHECK(strstr(e.msg, "no ssp-sha256:") != NULL);
    /* too short a digest, or a longer run of hex digits */
    p = file_with("short.pdf", "%PDF-1.5\n<< /Keywords (ssp-sha256:0123) >>");
    CHECK(ssp_cert_pdf_digest(p, hex, &e) == SSP_EDATA);
    p = file_with("long.pdf", "%PDF-1.5\n<< /Keywords (ssp-sha256:"
                              "0123456789abcdef0123456789abcdef"
                              "0123456789abcdef0123456789abcdef0) >>");
    CHECK(ssp_cert_pdf_digest(p, hex, &e) == SSP_EDATA);
    /* the tag among other keywords, in a literal string */
    p = file_with("literal.pdf",
                  "%PDF-1.4\n<< /Keywords (pilot, ssp-sha256:"
                  "0123456789ABCDEF0123456789abcdef"
                  "0123456789abcdef0123456789abcdef \\(x\\)) >>");
    CHECK(ssp_cert_pdf_digest(p, hex, &e) == SSP_OK);
    CHECK_STR(hex, "0123456789abcdef0123456789abcdef"
                   "0123456789abcdef0123456789abcdef");
    /* as a UTF-16 hex string (cairo's form for non-ASCII text), and the
     * last Keywords entry wins (an incremental update) */
    char buf[2048] = "%PDF-1.5\n<< /Keywords (ssp-sha256:"
                     "ffffffffffffffffffffffffffffffff"
                     "ffffffffffffffffffffffffffffffff) >>\n"
                     "<< /Keywords <FEFF 00E4";
    const char *v = " ssp-sha256:00112233445566778899aabbccddeeff"
                    "00112233445566778899aabbccddeeff";
    for (const char *q = v; *q; q++)
        snprintf(buf + strlen(buf), 8, "%04X", (unsigned char)*q);
    strcat(buf, "> >>\n");
    p = file_with("utf16.pdf", buf);
    CHECK(ssp_cert_pdf_digest(p, hex, &e) == SSP_OK);
    CHECK_STR(hex, "00112233445566778899aabbccddeeff"
                   "00112233445566778899aabbccddeeff");
    const char *names[] = {"text.pdf", "plain.pdf",   "short.pdf",
                           "long.pdf", "literal.pdf", "utf16.pdf"};
    for (size_t i = 0; i < 6; i++)
        unlink(file_with(names[i], ""));
}

static void teardown(void)
{
    if (dir == tmpdir) {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
        CHECK(system(cmd) == 0);
    }
}

static const struct test tests[] = {
    T(setup),         T(certificate_met),
    T(deterministic), T(statement_two_pages),
    T(null_numbers),  T(long_texts),
    T(failures),      T(digest_reader),
    T(teardown),
};
TEST_MAIN(tests)
