/* synth.c: a synthetic pilot whose true parameters are known.
 *
 * Each participant is generated from a random stream of its own (seeded
 * from the seed, the cohort and its number), day by day, and written at
 * once: memory does not grow with the size of the pilot, and the first
 * participants of a larger run are those of a smaller one. */
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <iconv.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ssp/io.h"
#include "ssp/num.h"
#include "ssp/schema.h"
#include "ssp/synth.h"

/* ---- the design -------------------------------------------------------- */

enum { VEST, FOOD, KIOSK, DIAPER, BIKE, BAND };

/* An outcome instrument of a cohort: baseline distribution, SD of the
 * change, and the default standardized change (dz) with the technology. */
struct inst {
    const char *code;
    double b_mean, b_sd, sd_change, dz;
};

struct cohort {
    int tech;
    const char *region, *technology, *prefix, *site, *raw_prefix;
    int n, nsites, start; /* participants and sites at scale 1; first day
                             (days after 2024-06-01) */
    double dropout;
    int born_from, born_to;
    double use_prob;     /* mean probability of using the device on a day */
    struct inst inst[6]; /* SAT5 (satisfaction, endline only) is implied */
};

static const struct cohort cohorts[] = {
    {VEST,
     "hongcheon",
     "huggy_vest",
     "hv",
     "hc-centre",
     "HC",
     200,
     4,
     80,
     0.08,
     1930,
     1958,
     0.80,
     {{"SGDS_K", 6.5, 3.0, 2.5, 0.30}, {"UCLA_LS", 48, 9, 7, 0.30}}},
    {FOOD,
     "andong",
     "food_scanner",
     "fs",
     "ad-daycare",
     "AD-C",
     180,
     4,
     0,
     0.05,
     2018,
     2021,
     0.90,
     {{"PLATE_WASTE", 28, 9, 8, 0.40}}},
    {KIOSK,
     "dangjin",
     "cognitive_kiosk",
     "ck",
     "dj-kiosk",
     "DJ-K",
     210,
     7,
     15,
     0.12,
     1930,
     1960,
     0.45,
     {{"MMSE_K", 22, 3.5, 2.0, 0.25}, {"CIST", 20, 4, 2.5, 0.25}}},
    {DIAPER,
     "dangjin",
     "smart_diaper",
     "sd",
     "dj-facility",
     "DJ-D",
     450,
     11,
     30,
     0.10,
     1925,
     1950,
     0.95,
     {{NULL, 0, 0, 0, 0}}},
    {BIKE,
     "geumsan",
     "exercise_bike",
     "eb",
     "gs-town",
     "GS",
     120,
     10,
     30,
     0.10,
     1935,
     1960,
     0.55,
     {{"SPPB", 7.5, 2.2, 1.3, 0.35},
      {"GAIT", 0.85, 0.2, 0.12, 0.30},
      {"GRIP", 22, 6, 3, 0.20},
      {"TUG", 13, 3.5, 2.0, 0.30},
      {"CST30", 10, 3, 2.5, 0.35}}},
    {BAND,
     "dongducheon",
     "ai_band_speaker",
     "ab",
     "dd-dong",
     "DD",
     100,
     5,
     30,
     0.07,
     1935,
     1958,
     0.85,
     {{"SGDS_K", 7, 3.2, 2.6, 0.30},
      {"UCLA_LS", 50, 9, 7, 0.35},
      {"LSNS_K", 18, 7, 5, 0.25}}},
};
#define NCOHORTS (sizeof cohorts / sizeof cohorts[0])

/* The device-log streams, in logs/NAME.csv, with their headers. */
enum {
    L_VEST_EPOCHS,
    L_VEST_ALERTS,
    L_MEALS,
    L_KIOSK,
    L_DIAPER,
    L_BIKE,
    L_BAND,
    L_SPEAKER,
    NLOGS
};
static const struct {
    const char *name, *header;
} logs[NLOGS] = {
    {"huggy_vest_epochs",
     "subject_id,ts,device_id,heart_rate,respiration_rate,hrv_ms,worn"},
    {"huggy_vest_alerts",
     "alert_id,subject_id,kind,raised_at,acknowledged_at,closed_at,outcome"},
    {"food_scanner_meals",
     "subject_id,centre_id,class_id,date,meal,food_category,served_g,"
     "leftover_g,kcal,carbohydrate_g,protein_g,fat_g"},
    {"cognitive_kiosk_sessions",
     "session_id,subject_id,kiosk_id,started_at,activity,duration_s,score,"
     "risk_level"},
    {"smart_diaper_events",
     "event_id,subject_id,facility_id,ts,kind,volume_ml,posture"},
    {"exercise_bike_sessions",
     "session_id,subject_id,started_at,duration_min,distance_km,cadence_rpm,"
     "power_w"},
    {"ai_band_minutes", "subject_id,ts,steps,heart_rate,worn"},
    {"ai_speaker_interactions",
     "interaction_id,subject_id,ts,kind,duration_s,sentiment"},
};

/* Safety alerts: rate per 1,000 person-days of use, share of false alarms,
 * minutes to acknowledge (lognormal, a long tail), and to resolve after. */
static const struct {
    double per_1000, false_share, ack_median, ack_sdlog, resolve_median;
} alert_model = {12.0, 0.40, 4.0, 1.1, 20.0};

/* ---- dates ------------------------------------------------------------- */

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static char *fmt_date(char *b, long day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    sprintf(b, "%04d-%02d-%02d", y, m, d);
    return b;
}

/* Local time (KST) of a day and a minute of it (may run past midnight). */
static char *fmt_ts(char *b, long day, long minute, int sec)
{
    day += minute / 1440;
    minute %= 1440;
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    sprintf(b, "%04d-%02d-%02dT%02ld:%02ld:%02d+09:00", y, m, d, minute / 60,
            minute % 60, sec);
    return b;
}

static int weekday(long day) /* 0 Sunday .. 6 Saturday */
{
    return (int)((day % 7 + 11) % 7);
}

/* ---- output ------------------------------------------------------------ */

struct out {
    ssp_atomic a;
    FILE *fp;
    unsigned long long rows;
};

enum { O_SUBJECTS, O_MEASURES, O_USAGE, O_EVENTS, NTABLES };
static const char *const table_names[NTABLES] = {"subjects", "measures",
                                                 "usage", "events"};
static const char *const table_headers[NTABLES] = {
    "subject_id,region,technology,site_id,arm,sex,birth_ym,enrolled_on,"
    "exited_on,exit_reason",
    "subject_id,instrument,phase,measured_on,score",
    "subject_id,date,metric,value",
    "event_id,subject_id,kind,raised_at,acknowledged_at,resolved_at,outcome,"
    "staff_minutes",
};

/* ---- vendor exports ---------------------------------------------------- */

static const char *num(char *b, double x);
static double round_to(double x, double unit);

/* How a vendor writes a canonical value. */
enum conv {
    C_COPY,
    C_TS_SPACE,
    C_TS_SLASH,
    C_TS_KOAMPM,
    C_TS_EXCEL,
    C_TS_EPOCH_S,
    C_DATE_EPOCH_MS,
    C_YM_DOT,
    C_BOOL_YN,
    C_BOOL_10,
    C_MUL,
    C_MAP
};

/* Canonical value -> vendor value, for C_MAP columns. */
struct vmap {
    const char *from, *to;
};

static const struct vmap sex_ko[] = {{"M", "남"}, {"F", "여"}, {NULL, NULL}};
static const struct vmap arm_ko[] = {
    {"intervention", "실험군"}, {"comparison", "대조군"}, {NULL, NULL}};
static const struct vmap phase_ko[] = {{"baseline", "사전"},
                                       {"midline", "중간"},
                                       {"endline", "사후"},
                                       {"followup", "추후"},
                                       {NULL, NULL}};
static const struct vmap tech_ko[] = {{"huggy_vest", "돌봄조끼"},
                                      {"food_scanner", "AI푸드스캐너"},
                                      {"cognitive_kiosk", "인지건강키오스크"},
                                      {"smart_diaper", "스마트기저귀"},
                                      {"exercise_bike", "꿈의자전거"},
                                      {"ai_band_speaker", "AI밴드스피커"},
                                      {NULL, NULL}};
static const struct vmap reason_ko[] = {
    {"completed", "완료"},    {"withdrew", "중도포기"},
    {"died", "사망"},         {"moved", "이사"},
    {"hospitalized", "입원"}, {"transferred", "전원"},
    {"other", "기타"},        {NULL, NULL}};
static const struct vmap event_ko[] = {{"emergency_alert", "응급알림"},
                                       {"fall_risk", "낙상위험"},
                                       {"sos", "SOS호출"},
                                       {"low_activity", "활동저하"},
                                       {"no_response", "무응답"},
                                       {"device_offline", "기기오프라인"},
                                       {"care_visit", "방문"},
                                       {"phone_call", "전화"},
                                       {"follow_up", "후속조치"},
                                       {"referral", "연계의뢰"},
                                       {NULL, NULL}};
static const struct vmap outcome_ko[] = {{"true_alarm", "실제상황"},
                                         {"false_alarm", "오경보"},
                                         {"resolved", "처리완료"},
                                         {"referred", "연계"},
                                         {"no_action", "조치없음"},
                                         {"unknown", "미상"},
                                         {NULL, NULL}};
static const struct vmap alert_ko[] = {{"heart_rate_high", "심박상승"},
                                       {"heart_rate_low", "심박저하"},
                                       {"respiration_high", "호흡이상"},
                                       {"respiration_low", "호흡저하"},
                                       {"no_vital_signs", "생체신호없음"},
                                       {"fall", "낙상"},
                                       {"not_worn", "미착용"},
                                       {"device_offline", "기기오프라인"},
                                       {"other", "기타"},
                                       {NULL, NULL}};
static const struct vmap act_ko[] = {{"self_test", "자가검사"},
                                     {"brain_training", "두뇌훈련"},
                                     {"exercise", "운동"},
                                     {NULL, NULL}};
static const struct vmap risk_ko[] = {
    {"normal", "정상"}, {"caution", "주의"}, {"high", "위험"}, {NULL, NULL}};
static const struct vmap diaper_code[] = {{"void", "V"},
                                          {"change", "C"},
                                          {"reposition", "R"},
                                          {"fall_risk_alert", "F"},
                                          {NULL, NULL}};
static const struct vmap posture_code[] = {
    {"supine", "S"},  {"left", "L"},    {"right", "R"}, {"prone", "P"},
    {"sitting", "T"}, {"unknown", "U"}, {NULL, NULL}};

struct vcol {
    const char *name;
    int src; /* canonical column */
    enum conv conv;
    double mul;             /* C_MUL */
    const struct vmap *map; /* C_MAP */
};

/* A vendor file: one canonical stream (for one region, or all), written
 * in the vendor's own shape. */
struct vfile {
    int stream;
    int per_region; /* one file per region: "<region>/<name>" */
    const char *name;
    int ndjson;
    int encoding;              /* 0 UTF-8, 1 UTF-8 with BOM, 2 CP949; -1: the
                                  region's */
    int time_col, reading_col; /* vendor columns faults use, or -1 */
    const char *absurd;        /* an out-of-range reading */
    int faults;                /* faults are injected into this file */
    struct vcol cols[13];
    const char *only, *except; /* rows whose column 1 is, or is not, this */
};

#define SUBJ 0
#define MEAS 1
#define EVTS 3
#define LOG(x) (NTABLES + (x))

static const struct vfile vfiles[] = {
    {SUBJ,
     1,
     "대상자명단.csv",
     0,
     -1,
     -1,
     -1,
     NULL,
     0,
     {{"대상자ID", 0, C_COPY, 0, NULL},
      {"서비스", 2, C_MAP, 0, tech_ko},
      {"성별", 5, C_MAP, 0, sex_ko},
      {"생년월", 6, C_YM_DOT, 0, NULL},
      {"기관", 3, C_COPY, 0, NULL},
      {"구분", 4, C_MAP, 0, arm_ko},
      {"등록일", 7, C_COPY, 0, NULL},
      {"종료일", 8, C_COPY, 0, NULL},
      {"종료사유", 9, C_MAP, 0, reason_ko}},
     NULL,
     NULL},
    {MEAS,
     1,
     "평가결과.csv",
     0,
     -1,
     3,
     4,
     "-1",
     1,
     {{"대상자ID", 0, C_COPY, 0, NULL},
      {"평가도구", 1, C_COPY, 0, NULL},
      {"시점", 2, C_MAP, 0, phase_ko},
      {"평가일", 3, C_COPY, 0, NULL},
      {"점수", 4, C_COPY, 0, NULL}},
     NULL,
     "SAT5"},
    {MEAS,
     1,
     "만족도조사.csv",
     0,
     -1,
     1,
     2,
     "7",
     1,
     {{"대상자ID", 0, C_COPY, 0, NULL},
      {"조사일", 3, C_COPY, 0, NULL},
      {"문항1", 4, C_COPY, 0, NULL},
      {"문항2", 5, C_COPY, 0, NULL},
      {"문항3", 6, C_COPY, 0, NULL},
      {"문항4", 7, C_COPY, 0, NULL},
      {"문항5", 8, C_COPY, 0, NULL}},
     "SAT5",
     NULL},
    {EVTS,
     1,
     "서비스기록.csv",
     0,
     -1,
     3,
     7,
     "-30",
     1,
     {{"기록번호", 0, C_COPY, 0, NULL},
      {"대상자ID", 1, C_COPY, 0, NULL},
      {"구분", 2, C_MAP, 0, event_ko},
      {"발생일시", 3, C_TS_SPACE, 0, NULL},
      {"확인일시", 4, C_TS_SPACE, 0, NULL},
      {"완료일시", 5, C_TS_SPACE, 0, NULL},
      {"결과", 6, C_MAP, 0, outcome_ko},
      {"소요시간(분)", 7, C_COPY, 0, NULL},
      {"담당자", 8, C_COPY, 0, NULL}},
     NULL,
     NULL},
    {LOG(L_VEST_EPOCHS),
     0,
     "hongcheon/dolbomdream_vitals.csv",
     0,
     1,
     2,
     3,
     "412",
     1,
     {{"대상자ID", 0, C_COPY, 0, NULL},
      {"기기번호", 2, C_COPY, 0, NULL},
      {"측정일시", 1, C_TS_SPACE, 0, NULL},
      {"심박수", 3, C_COPY, 0, NULL},
      {"호흡수", 4, C_COPY, 0, NULL},
      {"HRV(ms)", 5, C_COPY, 0, NULL},
      {"착용", 6, C_BOOL_YN, 0, NULL}},
     NULL,
     NULL},
    {LOG(L_VEST_ALERTS),
     0,
     "hongcheon/dolbomdream_alerts.csv",
     0,
     1,
     3,
     -1,
     NULL,
     1,
     {{"알림번호", 0, C_COPY, 0, NULL},
      {"대상자ID", 1, C_COPY, 0, NULL},
      {"알림유형", 2, C_MAP, 0, alert_ko},
      {"발생일시", 3, C_TS_SPACE, 0, NULL},
      {"확인일시", 4, C_TS_SPACE, 0, NULL},
      {"종료일시", 5, C_TS_SPACE, 0, NULL},
      {"처리결과", 6, C_MAP, 0, outcome_ko}},
     NULL,
     NULL},
    {LOG(L_MEALS),
     0,
     "andong/nuvilab_meals.ndjson",
     1,
     0,
     3,
     7,
     "-40",
     1,
     {{"child_id", 0, C_COPY, 0, NULL},
      {"center", 1, C_COPY, 0, NULL},
      {"class", 2, C_COPY, 0, NULL},
      {"scanned_at_ms", 3, C_DATE_EPOCH_MS, 0, NULL},
      {"meal", 4, C_COPY, 0, NULL},
      {"category", 5, C_COPY, 0, NULL},
      {"served_g", 6, C_COPY, 0, NULL},
      {"leftover_g", 7, C_COPY, 0, NULL},
      {"kcal", 8, C_COPY, 0, NULL},
      {"carb_g", 9, C_COPY, 0, NULL},
      {"protein_g", 10, C_COPY, 0, NULL},
      {"fat_g", 11, C_COPY, 0, NULL}},
     NULL,
     NULL},
    {LOG(L_KIOSK),
     0,
     "dangjin/silvia_sessions.csv",
     0,
     2,
     3,
     6,
     "-8",
     1,
     {{"세션번호", 0, C_COPY, 0, NULL},
      {"이용자번호", 1, C_COPY, 0, NULL},
      {"키오스크", 2, C_COPY, 0, NULL},
      {"시작일시", 3, C_TS_KOAMPM, 0, NULL},
      {"활동", 4, C_MAP, 0, act_ko},
      {"소요시간(초)", 5, C_COPY, 0, NULL},
      {"점수", 6, C_COPY, 0, NULL},
      {"위험도", 7, C_MAP, 0, risk_ko}},
     NULL,
     NULL},
    {LOG(L_DIAPER),
     0,
     "dangjin/medilogis_events.csv",
     0,
     0,
     3,
     5,
     "99999",
     1,
     {{"event_no", 0, C_COPY, 0, NULL},
      {"resident_no", 1, C_COPY, 0, NULL},
      {"facility", 2, C_COPY, 0, NULL},
      {"excel_time", 3, C_TS_EXCEL, 0, NULL},
      {"code", 4, C_MAP, 0, diaper_code},
      {"volume_ml", 5, C_COPY, 0, NULL},
      {"posture", 6, C_MAP, 0, posture_code}},
     NULL,
     NULL},
    {LOG(L_BIKE),
     0,
     "geumsan/manntel_sessions.csv",
     0,
     2,
     2,
     4,
     "-500",
     1,
     {{"대상자ID", 1, C_COPY, 0, NULL},
      {"세션번호", 0, C_COPY, 0, NULL},
      {"세션시작", 2, C_TS_SLASH, 0, NULL},
      {"운동시간(초)", 3, C_MUL, 60, NULL},
      {"주행거리(m)", 4, C_MUL, 1000, NULL},
      {"케이던스(rpm)", 5, C_COPY, 0, NULL},
      {"파워(W)", 6, C_COPY, 0, NULL}},
     NULL,
     NULL},
    {LOG(L_BAND),
     0,
     "dongducheon/marknova_band.csv",
     0,
     0,
     1,
     3,
     "380",
     1,
     {{"user_id", 0, C_COPY, 0, NULL},
      {"epoch_s", 1, C_TS_EPOCH_S, 0, NULL},
      {"steps", 2, C_COPY, 0, NULL},
      {"hr", 3, C_COPY, 0, NULL},
      {"wear", 4, C_BOOL_10, 0, NULL}},
     NULL,
     NULL},
    {LOG(L_SPEAKER),
     0,
     "dongducheon/marknova_speaker.ndjson",
     1,
     0,
     2,
     4,
     "-60",
     1,
     {{"id", 0, C_COPY, 0, NULL},
      {"user", 1, C_COPY, 0, NULL},
      {"time", 2, C_COPY, 0, NULL},
      {"type", 3, C_COPY, 0, NULL},
      {"duration_sec", 4, C_COPY, 0, NULL},
      {"emotion", 5, C_COPY, 0, NULL}},
     NULL,
     NULL},
};
#define NVFILES (sizeof vfiles / sizeof vfiles[0])

/* The regions (cohort order), and the encoding of their own files. */
static const char *const regions[] = {"hongcheon", "andong", "dangjin",
                                      "geumsan", "dongducheon"};
static const int region_encoding[] = {1, 0, 2, 2, 0};
static const char *const encoding_names[] = {"utf-8", "utf-8 with BOM",
                                             "cp949"};

/* An open vendor file. */
struct vout {
    ssp_atomic a;
    FILE *fp;
    iconv_t cd; /* UTF-8 -> CP949, or (iconv_t)-1 */
    unsigned long long lines, rows;
    char path[256];
    int encoding, open;
};

/* All state of one generation. */
struct gen {
    const ssp_synth_opts *o;
    gsl_rng *rng, *fault_rng;
    struct out t[NTABLES], l[NLOGS];
    struct vout v[NVFILES][5];
    int region;   /* of the participant being written */
    FILE *faults; /* the faults so far, as JSON array members */
    unsigned long long nfaults;
    int oom;        /* a fault could not be recorded */
    ssp_range *cat; /* the instrument catalogue */
    size_t ncat;
    long day0, day_end;
    unsigned long long ids; /* running number of events, alerts, sessions */
};

/* Parse a canonical local timestamp 2024-07-01T14:05:00+09:00. */
static int parse_ts(const char *t, int *y, int *mo, int *d, int *h, int *mi,
                    int *se)
{
    return sscanf(t, "%d-%d-%dT%d:%d:%d", y, mo, d, h, mi, se) == 6;
}

/* Write canonical value v of a column as the vendor does. */
static void convert(const struct vcol *c, const char *v, char *out, size_t sz)
{
    int y, mo, d, h, mi, se;
    if (!*v) {
        *out = '\0';
        return;
    }
    switch (c->conv) {
    case C_COPY: snprintf(out, sz, "%s", v); return;
    case C_MAP:
        for (const struct vmap *m = c->map; m->from; m++)
            if (!strcmp(m->from, v)) {
                snprintf(out, sz, "%s", m->to);
                return;
            }
        snprintf(out, sz, "%s", v);
        return;
    case C_MUL: {
        char b[SSP_NUM_BUFSZ];
        snprintf(out, sz, "%s", num(b, round_to(atof(v) * c->mul, 0.01)));
        return;
    }
    case C_BOOL_YN:
        snprintf(out, sz, "%s", !strcmp(v, "true") ? "Y" : "N");
        return;
    case C_BOOL_10:
        snprintf(out, sz, "%s", !strcmp(v, "true") ? "1" : "0");
        return;
    case C_YM_DOT: snprintf(out, sz, "%.4s.%.2s", v, v + 5); return;
    case C_DATE_EPOCH_MS: /* a date, scanned at 12:30 local time */
        if (sscanf(v, "%d-%d-%d", &y, &mo, &d) == 3)
            snprintf(out, sz, "%lld",
                     (long long)((days_from_civil(y, mo, d) * 86400 +
                                  12 * 3600 + 30 * 60 - 9 * 3600) *
                                 1000LL));
        return;
    default: break;
    }
    if (!parse_ts(v, &y, &mo, &d, &h, &mi, &se)) {
        snprintf(out, sz, "%s", v);
        return;
    }
    long secs = h * 3600L + mi * 60L + se;
    switch (c->conv) {
    case C_TS_SPACE:
        snprintf(out, sz, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, se);
        break;
    case C_TS_SLASH:
        snprintf(out, sz, "%04d/%02d/%02d %02d:%02d:%02d", y, mo, d, h, mi, se);
        break;
    case C_TS_KOAMPM:
        snprintf(out, sz, "%04d-%02d-%02d %s %d:%02d:%02d", y, mo, d,
                 h < 12 ? "오전" : "오후", h % 12 ? h % 12 : 12, mi, se);
        break;
    case C_TS_EXCEL: /* days since 1899-12-30, local time */
        snprintf(out, sz, "%.6f",
                 (double)(days_from_civil(y, mo, d) -
                          days_from_civil(1899, 12, 30)) +
                     (double)secs / 86400);
        break;
    case C_TS_EPOCH_S:
        snprintf(
            out, sz, "%lld",
            (long long)(days_from_civil(y, mo, d) * 86400 + secs - 9 * 3600));
        break;
    default: break;
    }
}

/* Append s to a line as a CSV field or an NDJSON member. */
static size_t put_value(char *line, size_t at, size_t sz, const char *name,
                        const char *s, int ndjson, int first)
{
    if (at >= sz)
        return at;
    if (!ndjson)
        return at + (size_t)snprintf(line + at, sz - at, "%s%s",
                                     first ? "" : ",", s);
    double x;
    int number = *s && ssp_parse_double(s, strlen(s), &x);
    at += (size_t)snprintf(line + at, sz - at, "%s\"%s\": ", first ? "{" : ", ",
                           name);
    if (at >= sz)
        return at;
    if (!*s)
        return at + (size_t)snprintf(line + at, sz - at, "null");
    return at +
           (size_t)snprintf(line + at, sz - at, number ? "%s" : "\"%s\"", s);
}

/* Write a finished line (UTF-8) to a vendor file, in its encoding. */
static void vwrite(struct vout *o, const char *line, size_t n)
{
    if (o->cd == (iconv_t)-1) {
        fwrite(line, 1, n, o->fp);
    } else { /* every character written is one CP949 has */
        char buf[16384], *in = (char *)line, *out = buf;
        size_t left = n, room = sizeof buf;
        iconv(o->cd, &in, &left, &out, &room);
        fwrite(buf, 1, sizeof buf - room, o->fp);
    }
    o->lines++;
}

/* A fault goes to a scratch file at once (their number grows with the
 * pilot) and into truth.json at the end. */
static void record_fault(struct gen *g, struct vout *o, const char *kind,
                         const char *field, const char *detail)
{
    json_t *j = json_pack("{s:s, s:I, s:s, s:s?, s:s?}", "file", o->path,
                          "line", (json_int_t)o->lines + 1, "kind", kind,
                          "field", field, "detail", detail);
    fputs(g->nfaults++ ? ",\n    " : "\n    ", g->faults);
    if (!j || (json_dumpf(j, g->faults, JSON_COMPACT | JSON_PRESERVE_ORDER) &&
               !ferror(g->faults)))
        g->oom = 1;
    json_decref(j);
}

/* A canonical row (split at commas: canonical values hold none) written
 * as the vendor does, now and then with a fault. */
static void vendor_row(struct gen *g, int stream, char *text)
{
    static const char *const kinds[] = {"duplicate", "missing", "malformed",
                                        "out_of_range", "clock_skew"};
    char *f[16];
    size_t nf = 0;
    text[strcspn(text, "\n")] = '\0';
    for (char *p = text; nf < 16;) {
        f[nf++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    for (size_t k = 0; k < NVFILES; k++) {
        const struct vfile *vf = &vfiles[k];
        if (vf->stream != stream || (vf->only && strcmp(f[1], vf->only)) ||
            (vf->except && !strcmp(f[1], vf->except)))
            continue;
        struct vout *o = &g->v[k][vf->per_region ? g->region : 0];
        size_t ncols = 0;
        while (ncols < 13 && vf->cols[ncols].name)
            ncols++;
        int fault = -1;
        if (vf->faults && g->o->faults > 0 &&
            gsl_rng_uniform(g->fault_rng) < g->o->faults)
            fault = (int)gsl_rng_uniform_int(g->fault_rng, 5);
        if (fault == 3 && vf->reading_col < 0)
            fault = 1;
        const char *saved = NULL;
        char skewed[48];
        size_t tsrc =
            vf->time_col >= 0 ? (size_t)vf->cols[vf->time_col].src : 0;
        if (fault == 4) { /* the device's clock was reset to 2000 */
            if (vf->time_col < 0 || tsrc >= nf || strlen(f[tsrc]) < 10) {
                fault = 1;
            } else {
                saved = f[tsrc];
                snprintf(skewed, sizeof skewed, "2000%s", f[tsrc] + 4);
                f[tsrc] = skewed;
            }
        }
        /* missing: the person's id, or the time */
        int blank_col =
            fault != 1 ? -1
            : gsl_rng_uniform_int(g->fault_rng, 2) || vf->time_col < 0
                ? (vf->cols[0].src == 0 && stream != SUBJ ? 0 : 1)
                : vf->time_col;
        char line[4096], val[256], skew_written[256] = "";
        size_t at = 0;
        for (size_t c = 0; c < ncols; c++) {
            const struct vcol *col = &vf->cols[c];
            convert(col, (size_t)col->src < nf ? f[col->src] : "", val,
                    sizeof val);
            if ((int)c == blank_col)
                val[0] = '\0';
            if (fault == 3 && (int)c == vf->reading_col)
                snprintf(val, sizeof val, "%s", vf->absurd);
            if (fault == 4 && (int)c == vf->time_col)
                snprintf(skew_written, sizeof skew_written, "%s", val);
            if (fault == 2 && c + 1 == ncols && !vf->ndjson)
                break; /* malformed: the last field is lost */
            at = put_value(line, at, sizeof line - 4, col->name, val,
                           vf->ndjson, c == 0);
        }
        if (saved)
            f[tsrc] = (char *)saved;
        if (vf->ndjson)
            at += (size_t)snprintf(line + at, sizeof line - at, "}");
        if (fault == 2 && vf->ndjson)
            at /= 2; /* malformed: the line is cut short */
        at += (size_t)snprintf(line + at, sizeof line - at, "%s",
                               o->encoding == 2 ? "\r\n" : "\n");
        if (fault > 0)
            record_fault(g, o, kinds[fault],
                         fault == 1   ? vf->cols[blank_col].name
                         : fault == 3 ? vf->cols[vf->reading_col].name
                         : fault == 4 ? vf->cols[vf->time_col].name
                                      : NULL,
                         fault == 4 ? skew_written : NULL);
        vwrite(o, line, at);
        if (fault == 0) { /* the same record sent twice */
            record_fault(g, o, kinds[0], NULL,
                         "an exact copy of the line before");
            vwrite(o, line, at);
        }
        o->rows++;
    }
}

static int row(struct gen *g, int stream, const char *fmt, ...)
    SSP_PRINTF(3, 4);

/* A canonical row of a stream: written as it is, or as the vendor would. */
static int row(struct gen *g, int stream, const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (g->o->vendor) {
        if (stream != O_USAGE) /* no vendor hands over a usage panel */
            vendor_row(g, stream, text);
        return 0;
    }
    struct out *o = stream < NTABLES ? &g->t[stream] : &g->l[stream - NTABLES];
    fputs(text, o->fp);
    o->rows++;
    return 0;
}

/* A number as CSV text, shortest round-trip form. */
static const char *num(char *b, double x)
{
    return ssp_fmt_double(x, b);
}

/* x rounded to a multiple of unit (1, 0.1, 0.01): by a power of ten, so
 * that 28.7 comes out as 28.7 and not 28.700000000000003. */
static double round_to(double x, double unit)
{
    double k = round(1 / unit);
    return round(x * k) / k;
}

/* ---- the catalogue ----------------------------------------------------- */

static const ssp_range *entry(const struct gen *g, const char *code)
{
    for (size_t i = 0; i < g->ncat; i++)
        if (!strcmp(g->cat[i].code, code))
            return &g->cat[i];
    return NULL;
}

/* A score as the instrument records it: in range, whole when it is. */
static double score_of(const ssp_range *c, double x)
{
    x = c->integer ? round(x) : round_to(x, c->code[0] == 'G' ? 0.01 : 0.1);
    if (x < c->min)
        x = c->min;
    if (!isnan(c->max) && x > c->max)
        x = c->max;
    if (x <= 0 && c->min == 0 && !c->integer)
        x = c->code[0] == 'G' ? 0.01 : 0.1; /* open-ended: stays > 0 */
    return x;
}

static double effect_of(const ssp_synth_opts *o, const struct inst *in)
{
    for (int i = 0; i < o->neffects; i++)
        if (!strcmp(o->effects[i].code, in->code))
            return o->effects[i].dz;
    return in->dz;
}

/* ---- one participant -------------------------------------------------- */

struct subject {
    const struct cohort *c;
    char id[32], site[48];
    int comparison;
    long enrolled, last; /* first and last day of participation */
    int dropped;
    double engagement; /* this person's daily probability of use */
    int night_wear;    /* a band worn day and night */
    int mar;           /* dropout driven by the midline of o->mar_code */
    double u;          /* then its standardized midline residual */
};

/* The midline-endline correlation of the residual changes of the
 * instrument that drives dropout at random (the others' are independent). */
#define MAR_RHO 0.7

static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

static void event(struct gen *g, const struct subject *s, const char *kind,
                  long day, long minute, double ack, double resolve,
                  const char *outcome, double staff)
{
    char id[48], a[40], b[40], c[40], n[SSP_NUM_BUFSZ];
    snprintf(id, sizeof id, "%s-e%07llu", s->c->prefix, ++g->ids);
    fmt_ts(a, day, minute, 0);
    if (ack >= 0)
        fmt_ts(b, day, minute + (long)ack, (int)(fmod(ack, 1) * 60));
    if (resolve >= 0)
        fmt_ts(c, day, minute + (long)resolve, (int)(fmod(resolve, 1) * 60));
    /* Vendor logs also say who: one of the site's three care workers. */
    char worker[64] = "";
    if (g->o->vendor)
        snprintf(worker, sizeof worker, ",%s-w%d", s->site,
                 1 + (int)gsl_rng_uniform_int(g->rng, 3));
    row(g, O_EVENTS, "%s,%s,%s,%s,%s,%s,%s,%s%s\n", id, s->id, kind, a,
        ack >= 0 ? b : "", resolve >= 0 ? c : "", outcome,
        staff >= 0 ? num(n, round_to(staff, 1)) : "", worker);
}

static void usage(struct gen *g, const struct subject *s, long day,
                  const char *metric, double v)
{
    char d[16], n[SSP_NUM_BUFSZ];
    row(g, O_USAGE, "%s,%s,%s,%s\n", s->id, fmt_date(d, day), metric,
        num(n, v));
}

/* A safety alert: minutes to acknowledge and resolve, and its outcome. */
static void alert_times(struct gen *g, double *ack, double *resolve,
                        const char **outcome)
{
    *ack = gsl_ran_lognormal(g->rng, log(alert_model.ack_median),
                             alert_model.ack_sdlog);
    *resolve =
        *ack + gsl_ran_lognormal(g->rng, log(alert_model.resolve_median), 0.8);
    *outcome = gsl_rng_uniform(g->rng) < alert_model.false_share ? "false_alarm"
               : gsl_rng_uniform(g->rng) < 0.8                   ? "true_alarm"
                                                                 : "referred";
}

/* A minute of [lo, lo + span) that none of used[0 .. n-1] holds: at itself
 * when free, else the next free one after it (wrapping). The unique keys of
 * the logs and events hold a subject's time of day, so two records of one
 * day must not share a minute; moving only a colliding record keeps every
 * other value of the run as it was. */
static long free_minute(long at, long lo, long span, const long *used, size_t n)
{
    for (long tries = 0; tries < span; tries++) {
        size_t i = 0;
        while (i < n && used[i] != at)
            i++;
        if (i == n)
            return at;
        at = at + 1 < lo + span ? at + 1 : lo;
    }
    return at; /* every minute taken: cannot happen with n < span */
}

static int alerts_today(struct gen *g)
{
    return (int)gsl_ran_poisson(g->rng, alert_model.per_1000 / 1000);
}

static void day_vest(struct gen *g, const struct subject *s, long day,
                     int logged)
{
    char ts[40], dev[24];
    snprintf(dev, sizeof dev, "V%s", s->id + 2);
    long start = (long)(420 + gsl_ran_gaussian(g->rng, 60));
    long dur = (long)(600 + gsl_ran_gaussian(g->rng, 120));
    dur = dur < 60 ? 60 : dur > 960 ? 960 : dur;
    if (start + dur > 1440)
        dur = 1440 - start; /* a day's log ends at midnight */
    double hr0 = 72 + gsl_ran_gaussian(g->rng, 4);
    long off = (long)gsl_rng_uniform_int(g->rng, 20); /* on, not yet worn */
    /* Now and then taken off for a while (bathing, a nap): a gap. */
    long gap_at =
        start + dur / 4 +
        (long)gsl_rng_uniform_int(g->rng, (unsigned long)(dur / 4 + 1));
    long gap = gsl_rng_uniform(g->rng) < 0.4
                   ? 10 + (long)gsl_rng_uniform_int(g->rng, 31)
                   : 0;
    if (logged) {
        for (long m = start - off; m < start; m++)
            row(g, NTABLES + L_VEST_EPOCHS, "%s,%s,%s,,,,false\n", s->id,
                fmt_ts(ts, day, m, 0), dev);
        for (long m = start; m < start + dur; m++) {
            if (m >= gap_at && m < gap_at + gap) {
                row(g, NTABLES + L_VEST_EPOCHS, "%s,%s,%s,,,,false\n", s->id,
                    fmt_ts(ts, day, m, 0), dev);
                continue;
            }
            double hr = hr0 + 4 * sin(m / 90.0) + gsl_ran_gaussian(g->rng, 3);
            int rr = (int)round(16 + gsl_ran_gaussian(g->rng, 1.5));
            double hrv = 45 + gsl_ran_gaussian(g->rng, 8);
            char n[SSP_NUM_BUFSZ];
            row(g, NTABLES + L_VEST_EPOCHS, "%s,%s,%s,%d,%d,%s,true\n", s->id,
                fmt_ts(ts, day, m, 0), dev, (int)round(hr), rr < 6 ? 6 : rr,
                num(n, round_to(hrv < 5 ? 5 : hrv, 0.1)));
        }
    }
    usage(g, s, day, "wear_minutes", (double)(dur - gap));
    int na = alerts_today(g);
    long used[64]; /* the minutes of today's alerts */
    na = na > 64 ? 64 : na;
    for (int k = 0; k < na; k++) {
        static const char *const kinds[] = {"heart_rate_high", "heart_rate_low",
                                            "respiration_high",
                                            "no_vital_signs", "fall"};
        const char *kind = kinds[gsl_rng_uniform_int(g->rng, 5)];
        long at = start + (long)gsl_rng_uniform_int(g->rng, (unsigned long)dur);
        at = used[k] = free_minute(at, start, dur, used, (size_t)k);
        double ack, res;
        const char *outcome;
        alert_times(g, &ack, &res, &outcome);
        if (logged) {
            char a[40], b[40], c[40], id[48];
            snprintf(id, sizeof id, "%s-a%07llu", s->c->prefix, g->ids + 1);
            row(g, NTABLES + L_VEST_ALERTS, "%s,%s,%s,%s,%s,%s,%s\n", id, s->id,
                kind, fmt_ts(a, day, at, 0),
                fmt_ts(b, day, at + (long)ack, (int)(fmod(ack, 1) * 60)),
                fmt_ts(c, day, at + (long)res, (int)(fmod(res, 1) * 60)),
                outcome);
        }
        event(g, s, "emergency_alert", day, at, ack, res, outcome,
              5 + gsl_ran_exponential(g->rng, 10));
    }
    usage(g, s, day, "alerts", na);
}

static void day_band(struct gen *g, const struct subject *s, long day,
                     int logged)
{
    /* Worn by day, or (some people) day and night but for a shower and
     * the evening charge; by day a gap now and then. */
    long on = (long)(390 + gsl_ran_gaussian(g->rng, 45));
    long dur = (long)(840 + gsl_ran_gaussian(g->rng, 100));
    dur = dur < 120 ? 120 : dur > 1380 - on ? 1380 - on : dur;
    long gap1 = 420 + (long)gsl_rng_uniform_int(g->rng, 120);
    long len1 = 15 + (long)gsl_rng_uniform_int(g->rng, 31);
    long gap2 = 1080 + (long)gsl_rng_uniform_int(g->rng, 180);
    long len2 = s->night_wear ? 30 + (long)gsl_rng_uniform_int(g->rng, 31)
                : gsl_rng_uniform(g->rng) < 0.5 ? 0
                                                : 20;
    if (!s->night_wear)
        gap2 = on + dur / 2;
    long steps_total = 0, active = 0, wear = 0;
    char ts[40];
    for (long m = 0; m < 1440; m++) {
        int worn = s->night_wear ? !(m >= gap1 && m < gap1 + len1)
                                 : m >= on && m < on + dur;
        worn = worn && !(m >= gap2 && m < gap2 + len2);
        int asleep = m < 360 || m >= 1380;
        int steps = 0, hr = 0;
        if (worn) {
            int act = !asleep && gsl_rng_uniform(g->rng) < 0.12;
            steps = act ? (int)(20 + gsl_rng_uniform_int(g->rng, 90)) : 0;
            hr = (int)round((asleep ? 58 : 68) + (act ? 18 : 0) +
                            gsl_ran_gaussian(g->rng, asleep ? 3 : 4));
            steps_total += steps;
            active += act;
            wear++;
        }
        if (logged) {
            if (worn)
                row(g, NTABLES + L_BAND, "%s,%s,%d,%d,true\n", s->id,
                    fmt_ts(ts, day, m, 0), steps, hr);
            else
                row(g, NTABLES + L_BAND, "%s,%s,0,,false\n", s->id,
                    fmt_ts(ts, day, m, 0));
        }
    }
    usage(g, s, day, "wear_minutes", (double)wear);
    usage(g, s, day, "steps", (double)steps_total);
    usage(g, s, day, "active_minutes", (double)active);
    /* The speaker: a morning check-in, chats, now and then an SOS. */
    int checkins = gsl_rng_uniform(g->rng) < 0.9;
    int chats = (int)gsl_ran_poisson(g->rng, 1.5);
    int sos = gsl_rng_uniform(g->rng) < 0.004;
    static const char *const moods[] = {"positive", "neutral", "negative",
                                        "unknown"};
    for (int k = 0; k < checkins + chats + sos; k++) {
        const char *kind = k < checkins           ? "checkin"
                           : k < checkins + chats ? "chat"
                                                  : "sos";
        /* Each interaction in a slot of its own, so none share a time. */
        long slot = 660 / (chats + sos ? chats + sos : 1);
        long at =
            k < checkins
                ? 540 + (long)gsl_rng_uniform_int(g->rng, 60)
                : 600 + (k - checkins) * slot +
                      (long)gsl_rng_uniform_int(g->rng, (unsigned long)slot);
        int sec = (int)gsl_rng_uniform_int(g->rng, 60);
        int secs = (int)(k < checkins ? 30 + gsl_rng_uniform_int(g->rng, 60)
                                      : 60 + gsl_rng_uniform_int(g->rng, 600));
        if (logged) {
            char id[48];
            snprintf(id, sizeof id, "%s-i%07llu", s->c->prefix, ++g->ids);
            row(g, NTABLES + L_SPEAKER, "%s,%s,%s,%s,%d,%s\n", id, s->id,
                fmt_ts(ts, day, at, sec), kind, secs,
                moods[gsl_rng_uniform_int(g->rng, 4)]);
        }
        if (!strcmp(kind, "sos")) {
            double ack, res;
            const char *outcome;
            alert_times(g, &ack, &res, &outcome);
            event(g, s, "sos", day, at, ack, res, outcome,
                  10 + gsl_ran_exponential(g->rng, 15));
        }
    }
    if (!checkins && gsl_rng_uniform(g->rng) < 0.3)
        event(g, s, "no_response", day, 720, 30, 90, "resolved", 15);
    usage(g, s, day, "checkins", checkins);
    usage(g, s, day, "chats", chats);
    usage(g, s, day, "sos_calls", sos);
}

static void day_food(struct gen *g, const struct subject *s, long day,
                     int logged, double waste, double trend)
{
    static const struct {
        const char *cat;
        double served, factor, kcal_g, carb, prot, fat;
        int snack;
    } menu[] = {
        {"rice", 120, 0.6, 1.5, 0.33, 0.03, 0.003, 0},
        {"soup", 150, 1.0, 0.3, 0.03, 0.02, 0.01, 0},
        {"main_dish", 70, 0.8, 1.8, 0.08, 0.15, 0.10, 0},
        {"vegetable_side", 50, 1.8, 0.5, 0.07, 0.02, 0.02, 0},
        {"kimchi", 20, 2.0, 0.3, 0.04, 0.02, 0.005, 0},
        {"fruit", 60, 0.5, 0.6, 0.14, 0.005, 0.002, 1},
        {"dairy", 100, 0.4, 0.65, 0.05, 0.03, 0.035, 1},
    };
    char d[16], n1[SSP_NUM_BUFSZ], n2[SSP_NUM_BUFSZ], n3[SSP_NUM_BUFSZ],
        n4[SSP_NUM_BUFSZ], n5[SSP_NUM_BUFSZ], n6[SSP_NUM_BUFSZ];
    double served_t = 0, left_t = 0, kcal_t = 0;
    double by_cat[2][sizeof menu / sizeof menu[0]] = {{0}};
    int has_cat[sizeof menu / sizeof menu[0]] = {0};
    int snack_item = 5 + (int)gsl_rng_uniform_int(g->rng, 2);
    for (size_t k = 0; k < sizeof menu / sizeof menu[0]; k++) {
        if (menu[k].snack && (int)k != snack_item)
            continue;
        double served =
            round(menu[k].served * (0.85 + 0.3 * gsl_rng_uniform(g->rng)));
        double frac = waste * menu[k].factor * trend *
                      (0.6 + 0.8 * gsl_rng_uniform(g->rng));
        frac = frac > 1 ? 1 : frac;
        double left = round(served * frac), eaten = served - left;
        served_t += served;
        left_t += left;
        by_cat[0][k] += served;
        by_cat[1][k] += left;
        has_cat[k] = 1;
        kcal_t += round_to(eaten * menu[k].kcal_g, 0.1); /* as logged */
        if (logged)
            row(g, NTABLES + L_MEALS, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
                s->id, s->site, "", fmt_date(d, day),
                menu[k].snack ? "snack" : "lunch", menu[k].cat, num(n1, served),
                num(n2, left), num(n3, round_to(eaten * menu[k].kcal_g, 0.1)),
                num(n4, round_to(eaten * menu[k].carb, 0.1)),
                num(n5, round_to(eaten * menu[k].prot, 0.1)),
                num(n6, round_to(eaten * menu[k].fat, 0.1)));
    }
    usage(g, s, day, "meals", 2);
    usage(g, s, day, "served_g", served_t);
    usage(g, s, day, "leftover_g", left_t);
    usage(g, s, day, "kcal", round_to(kcal_t, 0.1));
    for (int half = 0; half < 2; half++)
        for (size_t k = 0; k < sizeof menu / sizeof menu[0]; k++)
            if (has_cat[k]) {
                char metric[40];
                snprintf(metric, sizeof metric, "%s.%s",
                         half ? "leftover_g" : "served_g", menu[k].cat);
                usage(g, s, day, metric, by_cat[half][k]);
            }
}

static void day_kiosk(struct gen *g, const struct subject *s, long day,
                      int logged, double cognition)
{
    char ts[40], n[SSP_NUM_BUFSZ];
    int sessions = 1 + (gsl_rng_uniform(g->rng) < 0.2);
    int tests = 0;
    double minutes = 0, training = 0;
    long used[2]; /* the start minutes of today's sessions */
    for (int k = 0; k < sessions; k++) {
        long at = 540 + (long)gsl_rng_uniform_int(g->rng, 480);
        at = used[k] = free_minute(at, 540, 480, used, (size_t)k);
        int test = weekday(day) == 2 && k == 0; /* a weekly self-test */
        const char *act = test                            ? "self_test"
                          : gsl_rng_uniform(g->rng) < 0.6 ? "brain_training"
                                                          : "exercise";
        int secs = (int)(test ? 420 + gsl_rng_uniform_int(g->rng, 300)
                              : 300 + gsl_rng_uniform_int(g->rng, 1500));
        double score = score_of(&(ssp_range){"CIST", 0, 30, 0, 1, 1},
                                cognition + gsl_ran_gaussian(g->rng, 2));
        const char *risk = score < 15   ? "high"
                           : score < 20 ? "caution"
                                        : "normal";
        if (logged) {
            char id[48];
            snprintf(id, sizeof id, "%s-k%07llu", s->c->prefix, ++g->ids);
            row(g, NTABLES + L_KIOSK, "%s,%s,%s,%s,%s,%d,%s,%s\n", id, s->id,
                s->site, fmt_ts(ts, day, at, 0), act, secs,
                test ? num(n, score) : "", test ? risk : "");
        }
        tests += test;
        /* minutes to 1e-6, cut as ssp panel does */
        if (!strcmp(act, "brain_training"))
            training += floor(secs * 1e6 / 60);
        else if (!strcmp(act, "exercise"))
            minutes += floor(secs * 1e6 / 60);
        if (test && score < 15) { /* referred; the health centre follows up */
            event(g, s, "referral", day, at + 10, -1, -1, "referred", 10);
            event(g, s, "follow_up",
                  day + 2 + (long)gsl_rng_uniform_int(g->rng, 5), 600, -1, -1,
                  "resolved", 30);
        }
    }
    usage(g, s, day, "kiosk_sessions", sessions);
    usage(g, s, day, "cognitive_tests", tests);
    usage(g, s, day, "brain_training_minutes", training / 1e6);
    usage(g, s, day, "exercise_minutes", minutes / 1e6);
}

static void day_diaper(struct gen *g, const struct subject *s, long day,
                       int logged)
{
    static const char *const postures[] = {"supine", "left", "right"};
    char ts[40], n[SSP_NUM_BUFSZ], id[48];
    int voids = (int)gsl_ran_poisson(g->rng, 6);
    double delay_sum = 0;
    int changes = 0;
    long pending = -1; /* second of the change already coming, if any */
    for (int k = 0; k < voids; k++) {
        long slot = 1440 / voids; /* one void a slot: no two at once */
        long at =
            k * slot + (long)gsl_rng_uniform_int(g->rng, (unsigned long)slot);
        int sec = (int)gsl_rng_uniform_int(g->rng, 60);
        double vol = gsl_ran_lognormal(g->rng, log(150), 0.4);
        vol = vol > 1200 ? 1200 : vol;
        /* The change follows after a delay, in whole seconds; a void before
         * the change already coming is changed with it. */
        long void_s = at * 60 + sec;
        long delay_s = (long)(60 * gsl_ran_lognormal(g->rng, log(35), 0.6));
        int new_change = pending <= void_s;
        if (new_change) /* changed by midnight: a day's log is the day's */
            pending = void_s + delay_s < 86400 ? void_s + delay_s : 86399;
        if (logged) {
            snprintf(id, sizeof id, "%s-d%07llu", s->c->prefix, ++g->ids);
            row(g, NTABLES + L_DIAPER, "%s,%s,%s,%s,void,%s,%s\n", id, s->id,
                s->site, fmt_ts(ts, day, at, sec), num(n, round(vol)),
                postures[gsl_rng_uniform_int(g->rng, 3)]);
        }
        if (logged && new_change) {
            snprintf(id, sizeof id, "%s-d%07llu", s->c->prefix, ++g->ids);
            row(g, NTABLES + L_DIAPER, "%s,%s,%s,%s,change,,%s\n", id, s->id,
                s->site, fmt_ts(ts, day, pending / 60, (int)(pending % 60)),
                "supine");
        }
        delay_sum += (double)(pending - void_s);
        changes += new_change;
    }
    for (long m = 0; logged && m < 1440; m += 150) { /* repositioning */
        snprintf(id, sizeof id, "%s-d%07llu", s->c->prefix, ++g->ids);
        row(g, NTABLES + L_DIAPER, "%s,%s,%s,%s,reposition,,%s\n", id, s->id,
            s->site, fmt_ts(ts, day, m + 7, 30), postures[(m / 150) % 3]);
    }
    if (gsl_rng_uniform(g->rng) < 0.01) {
        long at = (long)gsl_rng_uniform_int(g->rng, 1440);
        if (logged) {
            snprintf(id, sizeof id, "%s-d%07llu", s->c->prefix, ++g->ids);
            row(g, NTABLES + L_DIAPER, "%s,%s,%s,%s,fall_risk_alert,,sitting\n",
                id, s->id, s->site, fmt_ts(ts, day, at, 0));
        }
        double ack, res;
        const char *outcome;
        alert_times(g, &ack, &res, &outcome);
        event(g, s, "fall_risk", day, at, ack, res, outcome,
              5 + gsl_ran_exponential(g->rng, 5));
    }
    usage(g, s, day, "voids", voids);
    usage(g, s, day, "changes", changes);
    if (voids) /* the day's mean over its voids, in minutes to 1e-6 */
        usage(g, s, day, "void_to_change_minutes",
              floor((2 * delay_sum * 1e6 + 60.0 * voids) / (120.0 * voids)) /
                  1e6);
}

static void day_bike(struct gen *g, const struct subject *s, long day,
                     int logged)
{
    char ts[40], n1[SSP_NUM_BUFSZ], n2[SSP_NUM_BUFSZ], n3[SSP_NUM_BUFSZ],
        n4[SSP_NUM_BUFSZ];
    double dur = 25 + gsl_ran_gaussian(g->rng, 8);
    dur = round_to(dur < 5 ? 5 : dur > 60 ? 60 : dur, 0.1);
    double speed = 12 + gsl_ran_gaussian(g->rng, 2.5);
    double dist = round_to(dur / 60 * (speed < 4 ? 4 : speed), 0.01);
    double cad = round_to(45 + gsl_ran_gaussian(g->rng, 8), 0.1);
    double pw = round_to(40 + gsl_ran_gaussian(g->rng, 12), 0.1);
    if (logged) {
        char id[48];
        snprintf(id, sizeof id, "%s-b%07llu", s->c->prefix, ++g->ids);
        row(g, NTABLES + L_BIKE, "%s,%s,%s,%s,%s,%s,%s\n", id, s->id,
            fmt_ts(ts, day, 600 + (long)gsl_rng_uniform_int(g->rng, 420), 0),
            num(n1, dur), num(n2, dist), num(n3, cad < 5 ? 5 : cad),
            num(n4, pw < 5 ? 5 : pw));
    }
    usage(g, s, day, "sessions", 1);
    usage(g, s, day, "exercise_minutes", dur);
    usage(g, s, day, "distance_km", dist);
}

/* ---- a participant's whole course ----------------------------------- */

static void make_subject(struct gen *g, size_t ci, int i, struct subject *s)
{
    const struct cohort *c = &cohorts[ci];
    const ssp_synth_opts *o = g->o;
    gsl_rng_set(g->rng,
                (unsigned long)mix(mix(o->seed) ^ (ci << 24) ^ (uint64_t)i));
    memset(s, 0, sizeof *s);
    s->c = c;
    if (o->vendor) /* the vendor's own numbers; ingest pseudonymizes them */
        snprintf(s->id, sizeof s->id, "%s-%04d", c->raw_prefix, i + 1);
    else
        snprintf(s->id, sizeof s->id, "s_%012llx",
                 (unsigned long long)(mix(o->seed * 1000003u + ci * 65537u +
                                          (uint64_t)i) &
                                      0xFFFFFFFFFFFFull));
    snprintf(s->site, sizeof s->site, "%s%d", c->site, i % c->nsites + 1);
    s->comparison = gsl_rng_uniform(g->rng) < o->comparison_share;
    s->enrolled = g->day0 + c->start + (long)gsl_rng_uniform_int(g->rng, 21);
    s->last = g->day_end;
    double p = o->dropout >= 0 ? o->dropout : c->dropout;
    for (int k = 0; k < 6 && c->inst[k].code && o->mar_code[0]; k++)
        s->mar |= !strcmp(c->inst[k].code, o->mar_code);
    if (s->mar) { /* leave after the midline, the likelier the worse it was */
        const struct inst *in = &c->inst[0];
        for (int k = 0; strcmp(in->code, o->mar_code); k++)
            in = &c->inst[k + 1];
        s->u = gsl_ran_gaussian(g->rng, 1);
        double z =
            (s->comparison ? 0 : o->midline_fraction * effect_of(o, in)) + s->u;
        double q = 2 * p * gsl_cdf_ugaussian_P(-o->mar * z);
        long mid = s->enrolled + 90, span = g->day_end - mid - 14;
        if (gsl_rng_uniform(g->rng) < (q < 1 ? q : 1) && span > 0) {
            s->last = mid + 1 +
                      (long)gsl_rng_uniform_int(g->rng, (unsigned long)span);
            s->dropped = 1;
        }
    } else if (gsl_rng_uniform(g->rng) < p) {
        long span = g->day_end - s->enrolled - 14;
        s->last =
            s->enrolled + 14 +
            (span > 0 ? (long)gsl_rng_uniform_int(g->rng, (unsigned long)span)
                      : 0);
        s->dropped = 1;
    }
    double a = c->use_prob * 8;
    s->engagement = gsl_ran_beta(g->rng, a, 8 - a);
    s->night_wear = gsl_rng_uniform(g->rng) < 0.3;
}

static void write_subject(struct gen *g, const struct subject *s)
{
    static const char *const reasons[] = {"withdrew", "hospitalized", "died",
                                          "moved", "transferred"};
    const struct cohort *c = s->c;
    char d1[16], d2[16];
    int born = c->born_from +
               (int)gsl_rng_uniform_int(
                   g->rng, (unsigned long)(c->born_to - c->born_from + 1));
    int month = 1 + (int)gsl_rng_uniform_int(g->rng, 12);
    const char *sex =
        gsl_rng_uniform(g->rng) < (c->tech == FOOD ? 0.5 : 0.62) ? "F" : "M";
    row(g, O_SUBJECTS, "%s,%s,%s,%s,%s,%s,%d-%02d,%s,%s,%s\n", s->id, c->region,
        c->technology, s->site, s->comparison ? "comparison" : "intervention",
        sex, born, month, fmt_date(d1, s->enrolled),
        s->dropped ? fmt_date(d2, s->last) : "",
        s->dropped ? reasons[gsl_rng_uniform_int(g->rng, 5)] : "");
}

static void measure(struct gen *g, const struct subject *s, const char *code,
                    const char *phase, long day, double v)
{
    char d[16], n[SSP_NUM_BUFSZ];
    row(g, O_MEASURES, "%s,%s,%s,%s,%s\n", s->id, code, phase, fmt_date(d, day),
        num(n, v));
}

static void write_measures(struct gen *g, const struct subject *s)
{
    const struct cohort *c = s->c;
    long end_day = g->day_end - (long)gsl_rng_uniform_int(g->rng, 10);
    long mid_day = s->enrolled + 90;
    int has_mid = mid_day <= s->last && mid_day < end_day - 30;
    int has_end = !s->dropped;
    for (int k = 0; k < 6 && c->inst[k].code; k++) {
        const struct inst *in = &c->inst[k];
        const ssp_range *e = entry(g, in->code);
        double base = in->b_mean + gsl_ran_gaussian(g->rng, in->b_sd);
        double dz = s->comparison ? 0 : effect_of(g->o, in);
        double mean = (e->higher_better ? 1 : -1) * dz * in->sd_change;
        double d_end = mean + gsl_ran_gaussian(g->rng, in->sd_change);
        double d_mid = g->o->midline_fraction * mean +
                       (s->mar && !strcmp(in->code, g->o->mar_code)
                            ? s->u * in->sd_change
                            : gsl_ran_gaussian(g->rng, in->sd_change));
        if (s->mar && !strcmp(in->code, g->o->mar_code)) /* correlated */
            d_end = mean + MAR_RHO * s->u * in->sd_change +
                    sqrt(1 - MAR_RHO * MAR_RHO) * (d_end - mean);
        measure(g, s, in->code, "baseline", s->enrolled, score_of(e, base));
        if (has_mid)
            measure(g, s, in->code, "midline", mid_day,
                    score_of(e, base + d_mid));
        if (has_end)
            measure(g, s, in->code, "endline", end_day,
                    score_of(e, base + d_end));
    }
    if (has_end) { /* satisfaction: the mean of five 1-5 items */
        double mu = (s->comparison ? 3.7 : 4.0) + gsl_ran_gaussian(g->rng, 0.5);
        double sum = 0;
        int items[5];
        for (int k = 0; k < 5; k++) {
            double item = round(mu + gsl_ran_gaussian(g->rng, 0.7));
            items[k] = item < 1 ? 1 : item > 5 ? 5 : (int)item;
            sum += items[k];
        }
        if (g->o->vendor) { /* the survey sheet has the five answers */
            char d[16];
            row(g, MEAS, "%s,SAT5,endline,%s,%d,%d,%d,%d,%d\n", s->id,
                fmt_date(d, end_day), items[0], items[1], items[2], items[3],
                items[4]);
        } else {
            measure(g, s, "SAT5", "endline", end_day, sum / 5);
        }
    }
}

/* Usual care, in both arms: a weekly call, a visit every four weeks. */
static void service(struct gen *g, const struct subject *s, long day)
{
    if (s->c->tech != VEST && s->c->tech != BAND)
        return;
    if (weekday(day) == 2)
        event(g, s, "phone_call", day,
              600 + (long)gsl_rng_uniform_int(g->rng, 300), -1, -1, "resolved",
              5 + gsl_ran_exponential(g->rng, 6));
    if ((day - s->enrolled) % 28 == 10)
        event(g, s, "care_visit", day,
              780 + (long)gsl_rng_uniform_int(g->rng, 180), -1, -1, "resolved",
              30 + gsl_ran_exponential(g->rng, 20));
}

static void course(struct gen *g, const struct subject *s)
{
    const struct cohort *c = s->c;
    double waste = gsl_ran_beta(g->rng, 2, 6);
    double cognition = 21 + gsl_ran_gaussian(g->rng, 4);
    for (long day = s->enrolled; day <= s->last; day++) {
        service(g, s, day);
        if (s->comparison)
            continue; /* no device in the comparison arm */
        double t = (double)(day - s->enrolled) /
                   (double)(g->day_end - s->enrolled + 1);
        double p = s->engagement * (1 - 0.25 * t); /* use fades a little */
        if (c->tech == FOOD && (weekday(day) == 0 || weekday(day) == 6))
            continue;
        if (gsl_rng_uniform(g->rng) >= p)
            continue;
        int logged = !g->o->log_days || day - s->enrolled < g->o->log_days;
        switch (c->tech) {
        case VEST: day_vest(g, s, day, logged); break;
        case FOOD: day_food(g, s, day, logged, waste, 1 - 0.3 * t); break;
        case KIOSK: day_kiosk(g, s, day, logged, cognition); break;
        case DIAPER: day_diaper(g, s, day, logged); break;
        case BIKE: day_bike(g, s, day, logged); break;
        case BAND: day_band(g, s, day, logged); break;
        }
    }
}

/* ---- truth and the package descriptor -------------------------------- */

static json_t *truth_cohort(const struct gen *g, const struct cohort *c, int n,
                            int comparison, int dropped)
{
    const ssp_synth_opts *o = g->o;
    json_t *inst = json_array();
    for (int k = 0; k < 6 && c->inst[k].code; k++) {
        const struct inst *in = &c->inst[k];
        const ssp_range *e = entry(g, in->code);
        double sign = e->higher_better ? 1 : -1, dz = effect_of(o, in);
        json_array_append_new(
            inst,
            json_pack("{s:s, s:f, s:f, s:{s:{s:f, s:f, s:f, s:f}, s:{s:f, s:f, "
                      "s:f, s:f}}}",
                      "code", in->code, "baseline_mean", in->b_mean,
                      "baseline_sd", in->b_sd, "arms", "intervention", "dz", dz,
                      "mean_change", sign * dz * in->sd_change, "sd_change",
                      in->sd_change, "midline_mean_change",
                      o->midline_fraction * sign * dz * in->sd_change,
                      "comparison", "dz", 0.0, "mean_change", 0.0, "sd_change",
                      in->sd_change, "midline_mean_change", 0.0));
    }
    json_array_append_new(
        inst,
        json_pack("{s:s, s:s, s:{s:{s:f}, s:{s:f}}}", "code", "SAT5", "model",
                  "mean of five 1-5 items, each round(mu + "
                  "N(0, 0.7)) clipped; mu ~ N(m, 0.5)",
                  "arms", "intervention", "m", 4.0, "comparison", "m", 3.7));
    char from[16];
    fmt_date(from, g->day0 + c->start);
    return json_pack(
        "{s:s, s:s, s:i, s:i, s:i, s:i, s:s, s:f, s:o, s:{s:f, s:f, s:s}}",
        "region", c->region, "technology", c->technology, "subjects", n,
        "sites", c->nsites, "comparison", comparison, "dropped", dropped,
        "enrolment_from", from, "dropout_rate",
        o->dropout >= 0 ? o->dropout : c->dropout, "instruments", inst, "usage",
        "use_probability_mean", c->use_prob, "fade_by_end", 0.25, "engagement",
        "per person Beta(8p, 8(1-p)); daily use with prob engagement * (1 - "
        "0.25 t), t the share of the person's period elapsed");
}

/* screening.csv: per cohort its n enrolled and 20-40% more assessed and
 * excluded (not eligible 55%, declined 30%, other 15%), in a random
 * order, screened in the two weeks before enrolment opens; the counts go
 * into the cohort's truth. */
static ssp_status write_screening(struct gen *g, json_t *cohort_truth,
                                  ssp_error *err)
{
    static const char *const outs[] = {"enrolled", "not_eligible", "declined",
                                       "other"};
    char path[4200];
    snprintf(path, sizeof path, "%s/screening.csv", g->o->outdir);
    ssp_atomic a;
    ssp_status st = ssp_atomic_open(&a, path, 0, err);
    if (st)
        return st;
    fputs("screening_id,region,technology,screened_on,outcome,reason\n", a.fp);
    for (size_t ci = 0; ci < NCOHORTS; ci++) {
        const struct cohort *c = &cohorts[ci];
        json_t *t = json_array_get(cohort_truth, ci);
        int n = (int)json_integer_value(json_object_get(t, "subjects"));
        gsl_rng_set(g->rng,
                    (unsigned long)mix(mix(g->o->seed) ^ 0x5C4EE7u ^ ci));
        int extra = (int)lround(n * (0.2 + 0.2 * gsl_rng_uniform(g->rng)));
        int *o = malloc((size_t)(n + extra) * sizeof *o), k[4] = {n, 0, 0, 0};
        if (!o) {
            ssp_atomic_abort(&a);
            return ssp_error_nomem(err);
        }
        for (int i = 0; i < n + extra; i++) {
            double u = gsl_rng_uniform(g->rng);
            o[i] = i < n ? 0 : u < 0.55 ? 1 : u < 0.85 ? 2 : 3;
            k[o[i]] += i >= n;
        }
        gsl_ran_shuffle(g->rng, o, (size_t)(n + extra), sizeof *o);
        for (int i = 0; i < n + extra; i++) {
            char d[16];
            fprintf(a.fp, "%s-scr-%04d,%s,%s,%s,%s,\n", c->prefix, i + 1,
                    c->region, c->technology,
                    fmt_date(d, g->day0 + c->start - 14 +
                                    (long)gsl_rng_uniform_int(g->rng, 14)),
                    outs[o[i]]);
        }
        free(o);
        json_object_set_new(t, "screening",
                            json_pack("{s:i, s:{s:i, s:i, s:i}}", "assessed",
                                      n + extra, "excluded", "not_eligible",
                                      k[1], "declined", k[2], "other", k[3]));
    }
    return ssp_atomic_commit(&a, err);
}

static json_t *package_json(int screening)
{
    json_t *res = json_array();
    for (int i = 0; i < NTABLES; i++) {
        char path[64], schema[64];
        snprintf(path, sizeof path, "%s.csv", table_names[i]);
        snprintf(schema, sizeof schema, "%s.schema.json", table_names[i]);
        json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, s:s}",
                                             "name", table_names[i], "path",
                                             path, "format", "csv", "encoding",
                                             "utf-8", "schema", schema));
    }
    for (int i = 0; i < NLOGS; i++) {
        char path[80], schema[80];
        snprintf(path, sizeof path, "logs/%s.csv", logs[i].name);
        snprintf(schema, sizeof schema, "%s.schema.json", logs[i].name);
        json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, s:s}",
                                             "name", logs[i].name, "path", path,
                                             "format", "csv", "encoding",
                                             "utf-8", "schema", schema));
    }
    if (screening)
        json_array_append_new(
            res, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "screening",
                           "path", "screening.csv", "format", "csv", "encoding",
                           "utf-8", "schema", "screening.schema.json"));
    return json_pack(
        "{s:s, s:s, s:s, s:o}", "name", "ssp-synthetic-pilot", "title",
        "Synthetic Smart Social Service pilot (ssp synth)", "description",
        "Generated by ssp synth: synthetic, not pilot data. The "
        "true parameters are in truth.json.",
        "resources", res);
}

/* ---- driver ---------------------------------------------------------- */

void ssp_synth_opts_init(ssp_synth_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->scale = 1;
    o->log_days = 14;
    o->dropout = -1;
    o->midline_fraction = 0.6;
    o->faults = 0.01;
}

static ssp_status open_out(struct out *w, const char *dir, const char *name,
                           const char *header, ssp_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    ssp_status st = ssp_atomic_open(&w->a, path, 0, err);
    if (st != SSP_OK)
        return st;
    w->fp = w->a.fp;
    fprintf(w->fp, "%s\n", header);
    return SSP_OK;
}

static ssp_status write_json(const char *dir, const char *name, json_t *j,
                             ssp_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (ssp_json_failed()) /* the document is not whole */
        return ssp_error_nomem(err);
    ssp_atomic a;
    ssp_status st = ssp_atomic_open(&a, path, 0, err);
    if (st != SSP_OK)
        return st;
    if (json_dumpf(j, a.fp,
                   JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                       JSON_REAL_PRECISION(15)) != 0 &&
        !ferror(a.fp)) { /* a write error is reported at the commit */
        ssp_atomic_abort(&a);
        return ssp_error_nomem(err);
    }
    fputc('\n', a.fp);
    return ssp_atomic_commit(&a, err);
}

/* Open every vendor file, with its header, in its encoding. */
static ssp_status open_vendor(struct gen *g, ssp_error *err)
{
    for (size_t r = 0; r < 5; r++) {
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", g->o->outdir, regions[r]);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            return ssp_error_set(err, SSP_EIO, dir, 0, 0, "cannot create: %s",
                                 strerror(errno));
    }
    for (size_t k = 0; k < NVFILES; k++) {
        const struct vfile *vf = &vfiles[k];
        for (size_t r = 0; r < (vf->per_region ? 5u : 1u); r++) {
            struct vout *o = &g->v[k][r];
            if (vf->per_region)
                snprintf(o->path, sizeof o->path, "%s/%s", regions[r],
                         vf->name);
            else
                snprintf(o->path, sizeof o->path, "%s", vf->name);
            o->encoding = vf->encoding >= 0 ? vf->encoding : region_encoding[r];
            char full[4400];
            snprintf(full, sizeof full, "%s/%s", g->o->outdir, o->path);
            ssp_status st = ssp_atomic_open(&o->a, full, 0, err);
            if (st != SSP_OK)
                return st;
            o->open = 1;
            o->fp = o->a.fp;
            o->cd =
                o->encoding == 2 ? iconv_open("CP949", "UTF-8") : (iconv_t)-1;
            if (o->encoding == 1)
                fputs("\xEF\xBB\xBF", o->fp);
            if (vf->ndjson)
                continue;
            char line[1024];
            size_t at = 0;
            for (size_t c = 0; c < 13 && vf->cols[c].name; c++)
                at += (size_t)snprintf(line + at, sizeof line - at, "%s%s",
                                       c ? "," : "", vf->cols[c].name);
            at += (size_t)snprintf(line + at, sizeof line - at, "%s",
                                   o->encoding == 2 ? "\r\n" : "\n");
            vwrite(o, line, at);
        }
    }
    return SSP_OK;
}

/* The vendor files, as truth.json describes them. */
static json_t *vendor_files(const struct gen *g)
{
    json_t *files = json_array();
    for (size_t k = 0; k < NVFILES; k++) {
        const struct vfile *vf = &vfiles[k];
        for (size_t r = 0; r < (vf->per_region ? 5u : 1u); r++) {
            const struct vout *o = &g->v[k][r];
            json_t *cols = json_array();
            for (size_t c = 0; c < 13 && vf->cols[c].name; c++)
                json_array_append_new(cols, json_string(vf->cols[c].name));
            json_array_append_new(
                files,
                json_pack(
                    "{s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:s, s:s?, s:s?, "
                    "s:s?, s:b}",
                    "path", o->path, "format", vf->ndjson ? "ndjson" : "csv",
                    "encoding", encoding_names[o->encoding], "line_end",
                    o->encoding == 2 ? "crlf" : "lf", "rows",
                    (json_int_t)o->rows, "lines", (json_int_t)o->lines,
                    "columns", cols, "id_column",
                    vf->cols[vf->cols[0].src == 0 && vf->stream != SUBJ ? 0 : 1]
                        .name,
                    "time_column",
                    vf->time_col >= 0 ? vf->cols[vf->time_col].name : NULL,
                    "reading_column",
                    vf->reading_col >= 0 ? vf->cols[vf->reading_col].name
                                         : NULL,
                    "out_of_range_value", vf->absurd, "faults", vf->faults));
        }
    }
    return files;
}

/* truth.json: the object, with the faults from the scratch file spliced
 * in place of its empty "faults" array (the last member). */
static ssp_status write_truth(const char *dir, json_t *truth, FILE *faults,
                              unsigned long long n, ssp_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/truth.json", dir);
    char *text = ssp_json_failed()
                     ? NULL
                     : json_dumps(truth, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                             JSON_REAL_PRECISION(15));
    if (!text)
        return ssp_error_nomem(err);
    char *tail = strstr(text, "\"faults\": []");
    ssp_atomic a;
    ssp_status st = ssp_atomic_open(&a, path, 0, err);
    if (st != SSP_OK || !tail) {
        free(text);
        return st != SSP_OK ? st
                            : ssp_error_set(err, SSP_EINTERNAL, NULL, 0, 0,
                                            "truth.json: no faults member");
    }
    fwrite(text, 1, (size_t)(tail - text), a.fp);
    fputs("\"faults\": [", a.fp);
    rewind(faults);
    char buf[65536];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, faults)) > 0)
        fwrite(buf, 1, k, a.fp);
    fputs(n ? "\n  ]" : "]", a.fp);
    fputs(tail + strlen("\"faults\": []"), a.fp);
    fputc('\n', a.fp);
    free(text);
    return ssp_atomic_commit(&a, err);
}

ssp_status ssp_synth_write(const ssp_synth_opts *o, ssp_error *err)
{
    struct gen g = {.o = o};
    ssp_status st = SSP_OK;
    char dir[4000];
    g.day0 = days_from_civil(2024, 6, 1);
    g.day_end = days_from_civil(2024, 12, 31);
    if ((st = ssp_catalogue_load("instruments.json", &g.cat, &g.ncat, err)) !=
        SSP_OK)
        return st;
    for (size_t i = 0; i < NCOHORTS && st == SSP_OK; i++)
        for (int k = 0; k < 6 && cohorts[i].inst[k].code && st == SSP_OK; k++)
            if (!entry(&g, cohorts[i].inst[k].code))
                st = ssp_error_set(err, SSP_EUSAGE, "instruments.json", 0, 0,
                                   "no instrument %s", cohorts[i].inst[k].code);
    snprintf(dir, sizeof dir, "%s/logs", o->outdir);
    if (st == SSP_OK &&
        ((mkdir(o->outdir, 0777) != 0 && errno != EEXIST) ||
         (!o->vendor && mkdir(dir, 0777) != 0 && errno != EEXIST)))
        st = ssp_error_set(err, SSP_EIO, o->outdir, 0, 0, "cannot create: %s",
                           strerror(errno));
    if (st == SSP_OK && (!(g.rng = gsl_rng_alloc(gsl_rng_mt19937)) ||
                         !(g.fault_rng = gsl_rng_alloc(gsl_rng_mt19937))))
        st = ssp_error_nomem(err);
    if (st == SSP_OK && !(g.faults = tmpfile()))
        st = ssp_error_set(err, SSP_EIO, NULL, 0, 0,
                           "cannot make a scratch file: %s", strerror(errno));
    if (st != SSP_OK) {
        gsl_rng_free(g.rng);
        gsl_rng_free(g.fault_rng);
        free(g.cat);
        return st;
    }
    gsl_rng_set(g.fault_rng, (unsigned long)mix(o->seed ^ 0xFA017u));
    if (o->vendor) {
        st = open_vendor(&g, err);
    } else {
        for (int i = 0; i < NTABLES && st == SSP_OK; i++)
            st = open_out(&g.t[i], o->outdir, table_names[i], table_headers[i],
                          err);
        for (int i = 0; i < NLOGS && st == SSP_OK; i++)
            st = open_out(&g.l[i], dir, logs[i].name, logs[i].header, err);
    }
    json_t *cohort_truth = json_array();
    for (size_t ci = 0; ci < NCOHORTS && st == SSP_OK; ci++) {
        const struct cohort *c = &cohorts[ci];
        int n = (int)lround(c->n * o->scale);
        n = n < 1 ? 1 : n;
        int ncomp = 0, ndrop = 0;
        g.region = 0;
        while (strcmp(regions[g.region], c->region))
            g.region++;
        for (int i = 0; i < n; i++) {
            struct subject s;
            make_subject(&g, ci, i, &s);
            write_subject(&g, &s);
            write_measures(&g, &s);
            course(&g, &s);
            ncomp += s.comparison;
            ndrop += s.dropped;
        }
        json_array_append_new(cohort_truth,
                              truth_cohort(&g, c, n, ncomp, ndrop));
    }
    json_t *rows = json_object();
    if (!o->vendor) {
        for (int i = 0; i < NTABLES; i++)
            json_object_set_new(rows, table_names[i],
                                json_integer((json_int_t)g.t[i].rows));
        for (int i = 0; i < NLOGS; i++)
            json_object_set_new(rows, logs[i].name,
                                json_integer((json_int_t)g.l[i].rows));
    }
    json_t *files = o->vendor ? vendor_files(&g) : json_array();
    for (int i = 0; i < NTABLES && st == SSP_OK && !o->vendor; i++)
        st = ssp_atomic_commit(&g.t[i].a, err);
    for (int i = 0; i < NLOGS && st == SSP_OK && !o->vendor; i++)
        st = ssp_atomic_commit(&g.l[i].a, err);
    for (size_t k = 0; k < NVFILES; k++)
        for (size_t r = 0; r < 5; r++) {
            struct vout *v = &g.v[k][r];
            if (!v->open)
                continue;
            if (st == SSP_OK)
                st = ssp_atomic_commit(&v->a, err);
            ssp_atomic_abort(&v->a);
            if (v->cd != (iconv_t)-1)
                iconv_close(v->cd);
        }
    for (int i = 0; i < NTABLES; i++)
        ssp_atomic_abort(&g.t[i].a);
    for (int i = 0; i < NLOGS; i++)
        ssp_atomic_abort(&g.l[i].a);
    if (st == SSP_OK && o->screening && !o->vendor)
        st = write_screening(&g, cohort_truth, err);
    json_t *effects = json_object(), *mar = json_null();
    if (o->mar_code[0])
        mar = json_pack(
            "{s:s, s:f, s:f, s:s}", "instrument", o->mar_code, "strength",
            o->mar, "midline_endline_correlation", MAR_RHO, "model",
            "a participant of a cohort measuring the instrument leaves after "
            "the midline (day 90) with probability min(1, 2 p Phi(-strength "
            "z)), z = u + (intervention ? midline_fraction dz : 0), u ~ N(0, "
            "1) the standardized residual of the midline change; the "
            "endline residual is 0.7 u + sqrt(1 - 0.49) e: missing at random "
            "given the midline, so completers are a selected group");
    for (int i = 0; i < o->neffects; i++)
        json_object_set_new(effects, o->effects[i].code,
                            json_real(o->effects[i].dz));
    json_t *truth = json_pack(
        "{s:s, s:s, s:s, s:s, s:{s:I, s:f, s:i, s:f, s:o, s:f, s:f, s:o}, "
        "s:{s:s, s:s}, s:{s:f, s:f, s:f, s:f, s:f, s:s}, s:o, s:o, s:o, s:o}",
        "tool", "ssp synth", "version", SSP_VERSION, "command",
        o->command ? o->command : "", "kind",
        o->vendor ? "vendor" : "canonical", "options", "seed",
        (json_int_t)o->seed, "scale", o->scale, "log_days", o->log_days,
        "comparison_share", o->comparison_share, "dropout",
        o->dropout >= 0 ? json_real(o->dropout) : json_null(),
        "midline_fraction", o->midline_fraction, "faults", o->faults, "effects",
        effects, "period", "start", "2024-06-01", "end", "2024-12-31", "alerts",
        "per_1000_use_days", alert_model.per_1000, "false_alarm_share",
        alert_model.false_share, "ack_minutes_median", alert_model.ack_median,
        "ack_minutes_sdlog", alert_model.ack_sdlog, "resolve_minutes_median",
        alert_model.resolve_median, "ack_distribution",
        "lognormal: log(minutes) ~ N(log(median), sdlog)", "cohorts",
        cohort_truth, "rows", rows, "files", files, "faults", json_array());
    if (truth && o->mar_code[0]) /* only then: other pilots' truth unchanged */
        json_object_set_new(json_object_get(truth, "options"), "mar_dropout",
                            mar);
    else
        json_decref(mar);
    if (st == SSP_OK && g.oom)
        st = ssp_error_nomem(err);
    if (st == SSP_OK && ferror(g.faults))
        st = ssp_error_set(err, SSP_EIO, NULL, 0, 0,
                           "the faults' scratch file: write error");
    if (st == SSP_OK)
        st = write_truth(o->outdir, truth, g.faults, g.nfaults, err);
    json_decref(truth);
    fclose(g.faults);
    if (!o->vendor) {
        json_t *pkg = package_json(o->screening);
        if (st == SSP_OK)
            st = write_json(o->outdir, "datapackage.json", pkg, err);
        json_decref(pkg);
    }
    gsl_rng_free(g.rng);
    gsl_rng_free(g.fault_rng);
    free(g.cat);
    return st;
}
