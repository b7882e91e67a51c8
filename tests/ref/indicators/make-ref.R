# make-ref.R -- independent R reference for `ssp indicators` (the indicator
# engine of ssp-indicators(7)).
#
# Rerun from the repo root (needs R with the packages jsonlite, survival,
# clubSandwich and nlme (r-cran-nlme); deterministic: a second run
# reproduces both files byte for byte):
#   Rscript tests/ref/indicators/make-ref.R          # writes tests/ref/indicators/
#   Rscript tests/ref/indicators/make-ref.R OUTDIR   # writes OUTDIR/
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), survival 3.5-3,
# jsonlite 1.8.4, clubSandwich 0.5.8, nlme 3.1-162.  Compare an ssp binary with
# tests/ref/indicators/check.sh.
#
# It reads the catalogue data-schema/indicators.json and interprets every
# entry generically (no indicator code appears below), over the datasets
# tests/ref/indicators/pilot and tests/ref/indicators/synth taken together
# as ONE analysis (their subjects, measures, usage and events concatenated;
# manifest.json is read from each dataset that has one), and writes
#   expected.csv         level 0.95, no disaggregation; columns
#     indicator,technology,region,arm,n,numerator,denominator,estimate,
#     ci_low,ci_high,statistic,df,p,p_adjusted,effect,estimand
#   expected-by-sex.csv  level 0.90, disaggregated by subjects.csv's sex
#     (a margin row with sex empty pooling both sexes, then one row per sex
#     value); the same columns with sex after arm.
# Matches `ssp indicators --min-cell 0 --min-n 0 [--level 0.9 --by sex]
#   tests/ref/indicators/pilot tests/ref/indicators/synth` (no disclosure
# control).  CSV, LF, header, no quoting (no field has a comma).  Numbers
# are sprintf("%.17g") (counts too), missing values `NA` (R's NA and NaN),
# infinities `Inf`/`-Inf`.  Every input is read as text
# (colClasses = "character") and converted with as.numeric, so R works on
# the doubles C's strtod reads.
#
# Conventions (ssp-indicators(7), plus the decisions it leaves open):
# Rows. For each entry (catalogue order), each of its technologies (in its
#   order) with at least one subject: population = that technology's
#   subjects whose arm is in the entry's `arms` (default both) and who are
#   observed at least one day of the period (from <= to); one row per
#   (region, arm) present [by-sex file: per (region, arm) a margin row and
#   one row per sex present].  Row order: catalogue, technology, region
#   ascending, intervention before comparison, margin before sex ascending.
#   arm_difference: one row per region [and sex, with margin] of the
#   population, arm `intervention-comparison`, x = intervention changes,
#   y = comparison changes, n = length(x) + length(y).
#   ancova: the same rows as arm_difference (one per region [and sex, with
#   margin], arm `intervention-comparison`); subjects = those of both arms
#   of the cell with both scores, n = their count.
#   mmrm: the same rows as ancova; subjects = those of both arms of the
#   cell with the from score and a score at one or more of `visits`, n =
#   their count.
#   estimand (text): itt for mmrm, completers for paired_change,
#   arm_difference and ancova, NA (ssp: empty) for every other type.
#   A ratio whose numerator and denominator are {"manifest": F}: one row
#   per technology that has at least one manifest entry whose table is in
#   device_logs[technology]; region = the technology's region when all its
#   subjects share one region, else empty; arm (and sex) empty; N and D the
#   sums of F over those entries; n = D; Wilson interval as for any ratio.
# Observation period (per technology, over all its subjects, both arms):
#   first/last = min/max usage date of its subjects' usage rows; without
#   usage rows first = min enrolled_on, last = the data end.  Data end =
#   the latest enrolled_on, exited_on, measured_on, usage date or raised_at
#   date (its first 10 characters, the local date as written) of its
#   subjects.  A subject is observed from max(enrolled_on, first) to
#   min(exited_on if given, last), days = max(0, to - from + 1); weeks =
#   days/7, months = days/30.4375.  Usage rows count when their date, and
#   events when the first 10 characters of raised_at, fall in the window.
# Values per subject (missing -> subject left out): count subjects 1;
#   exposure; usage sum (0 without rows) / days (distinct dates with a row
#   of M; with at_least X only dates whose values of M sum to >= X) /
#   mean_per_day (sum / days, missing with no days) / days_without
#   (exposure days - days); events count / staff_minutes (empty = 0) /
#   resolved (resolved_at given) / acknowledged_within (acknowledged_at
#   given and minutes <= within) / minutes_to_acknowledge (one value per
#   acknowledged event, quantile only; minutes = (acknowledged_at -
#   raised_at) in seconds / 60 with the UTC offsets applied); the optional
#   outcome filter; measure score (missing if none) or, with stat present,
#   1/0 (any instrument when I is "*"); change = score(to) - score(from).
#   op/value -> 1/0; improved_by X -> 1 when the change is >= X in the
#   better direction (> 0 when X is 0).  The better direction is the
#   value's "better" member when present (the catalogue gives it for every
#   *_IMPROVED entry; the man page does not document it), else the
#   indicator's direction.  Comparisons are plain IEEE double comparisons
#   of post - pre with X, no tolerance: e.g. TUG 10.1 -> 9 is a change of
#   -1.0999999999999996, NOT improved by 1.1, while 17.5 -> 16.4
#   (-1.1000000000000014) is; EFF_TUG_IMPROVED depends on this.
#   A usage row counts towards "days" whatever its value (rows of 0 too).
# Types (level L = 0.95 or 0.90):
#   ratio: subjects with both values; n = their count, N, D sums;
#     estimate = factor*N/D (NA if D == 0).  wilson (a share of counts:
#     subjects, events, days): prop.test(N, D, correct = FALSE,
#     conf.level = L)$conf.int*factor, and n = D (the trials); poisson:
#     poisson.test(N, D, conf.level = L)$conf.int*factor; delta: R = N/D,
#     s2 = sum((num - R den)^2)/(n-1), se = sqrt(s2/n)/(D/n), CI =
#     factor*(R -+ qt((1+L)/2, n-1) se), df = n-1 (CI and df NA when n < 2
#     or D == 0); delta_logit: the same se on the logit scale, CI =
#     factor*plogis(qlogis(R) -+ qt((1+L)/2, n-1) se/(R(1-R))), NA unless
#     0 < R < 1.  numerator = N, denominator = D.  statistic, p, effect NA;
#     df NA but for delta.
#   mean: estimate factor*mean; t.test(x, conf.level = L)$conf.int*factor;
#     df = n-1; CI/df NA when n < 2; CI NA when t.test stops (constant data).
#   quantile: estimate factor*quantile(x, prob, type = 7); l = qbinom((1-L)/2,
#     n, prob), u = qbinom((1+L)/2, n, prob) + 1, ci_low = factor*sort(x)[l]
#     if l >= 1, ci_high = factor*sort(x)[u] if u <= n; all NA when n = 0.
#   paired_change: subjects with both scores; d = post - pre; t.test(post,
#     pre, paired = TRUE): estimate mean(d), CI, statistic t, df n-1, p,
#     effect Cohen's dz = mean(d)/sd(d).  n < 2: all NA but n.  sd(d) == 0
#     (or t.test stopping): statistic, p, CI and effect NA (estimate and
#     df kept).
#   arm_difference: t.test(x, y) (Welch): estimate mean(x)-mean(y), CI, t,
#     Welch df, p; effect Hedges' g = (mean(x)-mean(y))/sp * J, sp the
#     pooled SD, J = exp(lgamma(m/2) - log(sqrt(m/2)) - lgamma((m-1)/2)),
#     m = n1+n2-2.  NA but n when either arm has fewer than 2 changes.
#   ancova: subjects of both arms with both scores (the scores of
#     paired_change); fit = lm(post ~ a + pre), a = 1 intervention, 0
#     comparison; estimate = factor * coef a (the emmeans adjusted mean
#     difference intervention - comparison).  When the subjects are in more
#     than one distinct site_id (among them): clubSandwich::coef_test(fit,
#     vcov = "CR2", cluster = site_id, test = "Satterthwaite") for a gives
#     the SE, statistic (tstat), df (df_Satt) and p (p_Satt), CI = factor *
#     (coef -+ qt((1+L)/2, df_Satt) SE).  With one site: summary(fit)'s se,
#     t and p on df = n - 3, CI = factor * confint(fit, "a", level = L).
#     All NA but n when an arm has fewer than 2 subjects, n <= 3, pre is
#     constant, lm aliases a coefficient (a collinear with pre: pre
#     constant within each arm), the SE is not finite and positive (e.g. a
#     perfect fit), or the df is not finite and positive.
#     numerator, denominator, effect NA.
#   mmrm: long data, one row per subject of the model and visit of
#     `visits` with a score (y), base = the from score, arm = the subject's
#     arm; fit = nlme::gls(y ~ 0 + visit + visit:arm + visit:base,
#     correlation = corSymm(form = ~ vnum | id), weights = varIdent(form =
#     ~ 1 | visit), method = "REML"), visit a factor with the levels of
#     `visits` in the catalogue's order, vnum its position, arm a factor
#     with levels comparison, intervention; the coefficient
#     visit<to>:armintervention is the estimate (times factor).  N = rows,
#     p = 3 T (T visits), df = N - p, statistic = gls's t, p = 2 pt(-|t|,
#     N - p) (summary.gls), CI = factor * (b -+ qt(1 - (1-L)/2, N - p) se)
#     (intervals.gls).  The REML optimum: nlme's nlminb stops within about
#     5e-6 relative of it, so (as tests/ref/test/make-ref-mmrm.R, whose
#     functions reml_of, frame_of and fit_at are copied below) an
#     independent REML (unstructured Sigma, analytic gradient, nlminb then
#     Newton steps to < 1e-13 relative) finds Sigma, and the values come
#     from the same gls with corSymm and varIdent fixed at that Sigma; the
#     script stops unless that gls and the independent REML agree to 1e-10
#     and nlme's free fit is within 1e-4 of it with no higher logLik.
#     All NA but n when an arm has fewer than 2 subjects, an arm has no
#     score at some visit, the baseline is constant, or N < p + T(T+1)/2
#     (fewer rows than fixed and covariance parameters, as ssp test mmrm);
#     no cell of these data meets any of them: all 13 + 39 fits have an
#     estimate (stderr lists each fit).  Not clustered by site.
#     numerator, denominator, effect NA.
#   retention: survfit(Surv(time, event) ~ 1, conf.type = "log",
#     conf.int = L), time = (exited_on if on or before the data end, else
#     the data end: censored there) - enrolled_on in days, event = exited_on
#     on or before the data end and exit_reason != "completed";
#     summary(fit, times = day, extend = TRUE): estimate factor*surv, CI
#     factor*(lower, upper) (survival caps upper at 1); numerator = events
#     with time <= day, denominator = n = the subjects; estimate and CI NA
#     when n.risk == 0 at day.
#   p_adjusted: Holm (p.adjust) over the rows of domain effectiveness with
#     a p, within each family of equal technology, region, arm [and sex
#     value, the margin being its own family]; NA elsewhere.  The arm
#     `intervention-comparison` family thus holds the arm_difference, the
#     ancova and the mmrm rows of a technology and region together.
# Disclosure control is off in the comparison (--min-cell 0 --min-n 0):
#   nothing is suppressed, for mmrm rows as for the others.

args <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(args) >= 1) args[1] else "tests/ref/indicators"
suppressPackageStartupMessages({
  library(jsonlite)
  library(survival)
  library(clubSandwich)
  library(nlme)
})
options(warn = 1)
if (!file.exists("data-schema/indicators.json"))
  stop("run from the repo root: Rscript tests/ref/indicators/make-ref.R")

catalogue <- fromJSON("data-schema/indicators.json", simplifyVector = FALSE)
device_logs <- lapply(catalogue$device_logs, unlist)
datasets <- c("tests/ref/indicators/pilot", "tests/ref/indicators/synth")

# ---- data ---------------------------------------------------------------
rd <- function(f) {
  do.call(rbind, lapply(datasets, function(d)
    read.csv(file.path(d, f), colClasses = "character",
             na.strings = character(0), encoding = "UTF-8")))
}
S <- rd("subjects.csv")
Ms <- rd("measures.csv")
U <- rd("usage.csv")
E <- rd("events.csv")
stopifnot(!anyDuplicated(S$subject_id))
manifest <- list()
for (d in datasets) {
  f <- file.path(d, "manifest.json")
  if (file.exists(f))
    manifest <- c(manifest, fromJSON(f, simplifyVector = FALSE)$inputs)
}

day <- function(x) as.numeric(as.Date(x, format = "%Y-%m-%d"))
S$enr <- day(S$enrolled_on)
S$ext <- ifelse(S$exited_on == "", NA, day(S$exited_on))
Ms$score_num <- as.numeric(Ms$score)
Ms$mday <- day(Ms$measured_on)
U$val <- as.numeric(U$value)
U$d <- day(U$date)
E$d <- day(substr(E$raised_at, 1, 10))
E$staff <- ifelse(E$staff_minutes == "", 0, as.numeric(E$staff_minutes))
stopifnot(!anyNA(S$enr), !anyNA(U$val), !anyNA(U$d), !anyNA(E$d),
          !anyNA(Ms$score_num), !anyNA(E$staff))

# seconds since the epoch (UTC) of an ISO 8601 time with a UTC offset
# (YYYY-MM-DDTHH:MM:SS+HH:MM, or Z)
epoch <- function(x) {
  local <- as.numeric(as.POSIXct(substr(x, 1, 19), format = "%Y-%m-%dT%H:%M:%S",
                                 tz = "UTC"))
  z <- substr(x, 20, nchar(x))
  off <- ifelse(z == "Z" | z == "", 0,
                ifelse(substr(z, 1, 1) == "-", -1, 1) *
                  (as.numeric(substr(z, 2, 3)) * 3600 +
                   as.numeric(substr(z, 5, 6)) * 60))
  local - off
}
E$ack_min <- ifelse(E$acknowledged_at == "", NA,
                    (epoch(E$acknowledged_at) - epoch(E$raised_at)) / 60)
stopifnot(!anyNA(E$ack_min[E$acknowledged_at != ""]))

# ---- observation period per technology ------------------------------------
S$from <- NA_real_; S$to <- NA_real_; S$dataend <- NA_real_
period <- list()
for (tech in unique(S$technology)) {
  i <- S$technology == tech
  ids <- S$subject_id[i]
  u <- U$d[U$subject_id %in% ids]
  dataend <- max(c(S$enr[i], S$ext[i], Ms$mday[Ms$subject_id %in% ids], u,
                   E$d[E$subject_id %in% ids]), na.rm = TRUE)
  if (length(u)) { first <- min(u); last <- max(u) }
  else { first <- min(S$enr[i]); last <- dataend }
  period[[tech]] <- c(first = first, last = last, dataend = dataend)
  S$from[i] <- pmax(S$enr[i], first)
  S$to[i] <- ifelse(is.na(S$ext[i]), last, pmin(S$ext[i], last))
  S$dataend[i] <- dataend
}
S$expdays <- pmax(0, S$to - S$from + 1)
rownames(S) <- S$subject_id

# usage rows and events within their subject's window
inwin <- function(sid, d) {
  k <- match(sid, S$subject_id)
  !is.na(k) & d >= S$from[k] & d <= S$to[k]
}
UW <- U[inwin(U$subject_id, U$d), ]
EW <- E[inwin(E$subject_id, E$d), ]

# ---- values -----------------------------------------------------------------
known <- function(spec, keys) {
  bad <- setdiff(names(spec), keys)
  if (length(bad)) stop("unknown member(s) of a value: ", paste(bad, collapse = ", "))
}
mods <- c("op", "value", "improved_by", "better")

# per-subject sums over a subject vector; f: values, g: subject ids
bysub <- function(sids, g, f) {
  r <- rep(0, length(sids))
  if (length(g)) {
    t <- tapply(f, factor(g, levels = sids), sum)
    t[is.na(t)] <- 0
    r <- as.numeric(t)
  }
  r
}

usage_value <- function(spec, sids) {
  known(spec, c("usage", "stat", "at_least", mods))
  M <- unlist(spec$usage)
  rows <- UW[UW$subject_id %in% sids, ]
  if (!identical(M, "*")) rows <- rows[rows$metric %in% M, ]
  ndays <- function() {
    # per subject and date, the sum of M's values
    if (!nrow(rows)) return(rep(0, length(sids)))
    agg <- aggregate(val ~ subject_id + d, data = rows, FUN = sum)
    if (!is.null(spec$at_least)) agg <- agg[agg$val >= spec$at_least, ]
    as.numeric(table(factor(agg$subject_id, levels = sids)))
  }
  switch(spec$stat,
    sum = bysub(sids, rows$subject_id, rows$val),
    days = ndays(),
    mean_per_day = {
      if (!is.null(spec$at_least)) stop("at_least with mean_per_day")
      s <- bysub(sids, rows$subject_id, rows$val); n <- ndays()
      ifelse(n > 0, s / n, NA)
    },
    days_without = S[sids, "expdays"] - ndays(),
    stop("unknown usage stat ", spec$stat))
}

event_rows <- function(spec, sids) {
  K <- unlist(spec$events)
  rows <- EW[EW$subject_id %in% sids & EW$kind %in% K, ]
  if (!is.null(spec$outcome)) rows <- rows[rows$outcome %in% unlist(spec$outcome), ]
  rows
}

event_value <- function(spec, sids) {
  known(spec, c("events", "stat", "outcome", "within", mods))
  rows <- event_rows(spec, sids)
  switch(spec$stat,
    count = bysub(sids, rows$subject_id, rep(1, nrow(rows))),
    staff_minutes = bysub(sids, rows$subject_id, rows$staff),
    resolved = bysub(sids, rows$subject_id, as.numeric(rows$resolved_at != "")),
    acknowledged_within = bysub(sids, rows$subject_id,
      as.numeric(!is.na(rows$ack_min) & rows$ack_min <= spec$within)),
    stop("events stat ", spec$stat, " is not a per-subject value"))
}

score <- function(sids, instrument, phase) {
  m <- Ms[Ms$instrument == instrument & Ms$phase == phase, ]
  m$score_num[match(sids, m$subject_id)]
}

measure_value <- function(spec, sids) {
  known(spec, c("measure", "phase", "stat", mods))
  if (!is.null(spec$stat)) {
    if (spec$stat != "present") stop("unknown measure stat ", spec$stat)
    m <- Ms[Ms$phase == spec$phase, ]
    if (spec$measure != "*") m <- m[m$instrument == spec$measure, ]
    as.numeric(sids %in% m$subject_id)
  } else score(sids, spec$measure, spec$phase)
}

change_value <- function(spec, sids) {
  known(spec, c("change", "from", "to", mods))
  score(sids, spec$change, spec$to) - score(sids, spec$change, spec$from)
}

value <- function(spec, sids, entry) {
  v <- if (!is.null(spec$count)) {
    known(spec, c("count", mods))
    if (spec$count != "subjects") stop("unknown count ", spec$count)
    rep(1, length(sids))
  } else if (!is.null(spec$exposure)) {
    known(spec, c("exposure", mods))
    dd <- S[sids, "expdays"]
    switch(spec$exposure, days = dd, weeks = dd / 7, months = dd / 30.4375,
           stop("unknown exposure ", spec$exposure))
  } else if (!is.null(spec$usage)) usage_value(spec, sids)
  else if (!is.null(spec$events)) event_value(spec, sids)
  else if (!is.null(spec$measure)) measure_value(spec, sids)
  else if (!is.null(spec$change)) change_value(spec, sids)
  else stop("unknown value in ", entry$code)
  if (!is.null(spec$op)) {
    x <- spec$value
    v <- switch(spec$op, ">=" = v >= x, ">" = v > x, "<=" = v <= x,
                "<" = v < x, "==" = v == x, stop("unknown op ", spec$op))
    v <- as.numeric(v)
  }
  if (!is.null(spec$improved_by)) {
    better <- if (!is.null(spec$better)) spec$better else entry$direction
    ch <- switch(better, higher = v, lower = -v, stop("no better direction"))
    X <- spec$improved_by
    v <- as.numeric(if (X == 0) ch > 0 else ch >= X)
  }
  v
}

# ---- statistics per type ------------------------------------------------------
NAROW <- c(n = NA, numerator = NA, denominator = NA, estimate = NA,
           ci_low = NA, ci_high = NA, statistic = NA, df = NA, p = NA,
           effect = NA)
row_of <- function(...) {
  r <- NAROW
  a <- c(...)
  stopifnot(names(a) %in% names(NAROW), lengths(list(...)) == 1)
  r[names(a)] <- a
  r
}

ratio_stat <- function(N, D, n, num, den, ci, f, level) {
  est <- if (D == 0) NA else f * N / D
  lo <- hi <- df <- NA
  if (ci == "wilson") {
    if (D > 0) {
      cc <- suppressWarnings(prop.test(N, D, correct = FALSE,
                                       conf.level = level)$conf.int)
      lo <- f * cc[1]; hi <- f * cc[2]
    }
  } else if (ci == "poisson") {
    if (D > 0) {
      cc <- poisson.test(N, D, conf.level = level)$conf.int
      lo <- f * cc[1]; hi <- f * cc[2]
    }
  } else if (ci == "delta" || ci == "delta_logit") {
    if (n >= 2 && D != 0) {
      R <- N / D
      s2 <- sum((num - R * den)^2) / (n - 1)
      se <- sqrt(s2 / n) / (D / n)
      q <- qt((1 + level) / 2, n - 1)
      df <- n - 1
      if (ci == "delta") {
        lo <- f * (R - q * se); hi <- f * (R + q * se)
      } else if (R > 0 && R < 1) {
        # logit scale: se(logit R) = se / (R (1 - R)), back with plogis
        lse <- se / (R * (1 - R))
        lo <- f * plogis(qlogis(R) - q * lse); hi <- f * plogis(qlogis(R) + q * lse)
      }
    }
  } else if (ci != "none") stop("unknown ci ", ci)
  # a share's n is its trials: the subjects, events or days of D
  row_of(n = if (ci == "wilson") D else n, numerator = N, denominator = D,
         estimate = est, ci_low = lo, ci_high = hi, df = df)
}

do_ratio <- function(e, sids, level) {
  f <- if (is.null(e$factor)) 1 else e$factor
  ci <- if (is.null(e$ci)) "none" else e$ci
  num <- value(e$numerator, sids, e)
  den <- value(e$denominator, sids, e)
  k <- !is.na(num) & !is.na(den)
  num <- num[k]; den <- den[k]
  ratio_stat(sum(num), sum(den), length(num), num, den, ci, f, level)
}

do_mean <- function(e, sids, level) {
  f <- if (is.null(e$factor)) 1 else e$factor
  x <- value(e$value, sids, e)
  x <- x[!is.na(x)]
  n <- length(x)
  if (n == 0) return(row_of(n = 0))
  r <- row_of(n = n, estimate = f * mean(x))
  if (n >= 2) {
    r["df"] <- n - 1
    tt <- tryCatch(t.test(x, conf.level = level), error = function(err) NULL)
    if (!is.null(tt)) { r["ci_low"] <- f * tt$conf.int[1]; r["ci_high"] <- f * tt$conf.int[2] }
  }
  r
}

do_quantile <- function(e, sids, level) {
  f <- if (is.null(e$factor)) 1 else e$factor
  spec <- e$value
  prob <- e$prob
  if (!is.null(spec$events) && identical(spec$stat, "minutes_to_acknowledge")) {
    known(spec, c("events", "stat", "outcome"))
    x <- event_rows(spec, sids)$ack_min
  } else x <- value(spec, sids, e)
  x <- sort(x[!is.na(x)])
  n <- length(x)
  if (n == 0) return(row_of(n = 0))
  l <- qbinom((1 - level) / 2, n, prob)
  u <- qbinom((1 + level) / 2, n, prob) + 1
  row_of(n = n, estimate = f * quantile(x, prob, type = 7, names = FALSE),
         ci_low = if (l >= 1) f * x[l] else NA,
         ci_high = if (u <= n) f * x[u] else NA)
}

do_paired <- function(e, sids, level) {
  pre <- score(sids, e$instrument, e$from)
  post <- score(sids, e$instrument, e$to)
  k <- !is.na(pre) & !is.na(post)
  pre <- pre[k]; post <- post[k]
  n <- length(pre)
  if (n < 2) return(row_of(n = n))
  d <- post - pre
  r <- row_of(n = n, estimate = mean(d), df = n - 1)
  if (sd(d) > 0) {
    tt <- tryCatch(t.test(post, pre, paired = TRUE, conf.level = level),
                   error = function(err) NULL)
    if (!is.null(tt)) {
      r[c("ci_low", "ci_high")] <- tt$conf.int
      r["statistic"] <- tt$statistic
      r["p"] <- tt$p.value
      r["effect"] <- mean(d) / sd(d)
    }
  }
  r
}

changes <- function(e, sids) {
  ch <- score(sids, e$instrument, e$to) - score(sids, e$instrument, e$from)
  ch[!is.na(ch)]
}

do_armdiff <- function(e, xs, ys, level) {
  x <- changes(e, xs); y <- changes(e, ys)
  n1 <- length(x); n2 <- length(y)
  r <- row_of(n = n1 + n2)
  if (n1 < 2 || n2 < 2) return(r)
  tt <- tryCatch(t.test(x, y, conf.level = level), error = function(err) NULL)
  if (is.null(tt)) return(r)
  m <- n1 + n2 - 2
  sp <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / m)
  J <- exp(lgamma(m / 2) - log(sqrt(m / 2)) - lgamma((m - 1) / 2))
  row_of(n = n1 + n2, estimate = mean(x) - mean(y),
         ci_low = tt$conf.int[1], ci_high = tt$conf.int[2],
         statistic = unname(tt$statistic), df = unname(tt$parameter),
         p = tt$p.value,
         effect = (mean(x) - mean(y)) / sp * J)
}

do_ancova <- function(e, xs, ys, level) {
  f <- if (is.null(e$factor)) 1 else e$factor
  ids <- c(xs, ys)
  pre <- score(ids, e$instrument, e$from)
  post <- score(ids, e$instrument, e$to)
  k <- !is.na(pre) & !is.na(post)
  d <- data.frame(post = post[k], a = rep(c(1, 0), c(length(xs), length(ys)))[k],
                  pre = pre[k], site = S[ids[k], "site_id"])
  n <- nrow(d)
  r <- row_of(n = n)
  if (sum(d$a == 1) < 2 || sum(d$a == 0) < 2 || n <= 3 ||
      length(unique(d$pre)) < 2) return(r)
  fit <- lm(post ~ a + pre, data = d)
  # a and pre collinear (pre constant within each arm): lm aliases one
  if (anyNA(coef(fit))) return(r)
  b <- unname(coef(fit)["a"])
  if (length(unique(d$site)) > 1) {
    ct <- coef_test(fit, vcov = "CR2", cluster = d$site,
                    test = "Satterthwaite", coefs = "a")
    se <- ct$SE; df <- ct$df_Satt; t <- ct$tstat; p <- ct$p_Satt
    q <- qt(1 - (1 - level) / 2, df)
    ci <- c(b - q * se, b + q * se)
  } else {
    cf <- summary(fit)$coefficients
    se <- cf["a", "Std. Error"]; t <- cf["a", "t value"]
    p <- cf["a", "Pr(>|t|)"]; df <- fit$df.residual
    stopifnot(df == n - 3)
    ci <- if (is.finite(se) && se > 0) unname(confint(fit, "a", level = level)[1, ])
  }
  if (!is.finite(se) || se <= 0 || !is.finite(df) || df <= 0) return(r)
  row_of(n = n, estimate = f * b, ci_low = f * ci[1], ci_high = f * ci[2],
         statistic = t, df = df, p = p)
}

# ---- mmrm: the REML optimum and gls at it (tests/ref/test/mmrm-reml.R) ----
source("tests/ref/test/mmrm-reml.R")
mmrm_log <- character(0)  # one line per fit, printed at the end

do_mmrm <- function(e, xs, ys, level, label) {
  f <- if (is.null(e$factor)) 1 else e$factor
  lev <- unlist(e$visits); T <- length(lev)
  stopifnot(T >= 2, e$to %in% lev, !(e$from %in% lev), !anyDuplicated(lev))
  ids <- c(xs, ys)
  arm <- rep(c("intervention", "comparison"), c(length(xs), length(ys)))
  base <- score(ids, e$instrument, e$from)
  # long: one row per subject and visit with a score, subjects with a baseline
  a <- do.call(rbind, lapply(seq_len(T), function(j)
    data.frame(id = ids, visit = lev[j], arm = arm, base = base,
               y = score(ids, e$instrument, lev[j]), o = seq_along(ids),
               stringsAsFactors = FALSE)))
  a <- a[!is.na(a$base) & !is.na(a$y), ]
  a <- a[order(a$o, match(a$visit, lev)), c("id", "visit", "arm", "base", "y")]
  rownames(a) <- NULL
  first <- !duplicated(a$id)
  n <- sum(first)
  r <- row_of(n = n)
  narm <- table(factor(a$arm[first], levels = c("intervention", "comparison")))
  N <- nrow(a); p <- 3 * T
  if (any(narm < 2)) return(r)
  if (any(table(factor(a$visit, levels = lev),
                factor(a$arm, levels = c("intervention", "comparison"))) == 0) ||
      length(unique(a$base[first])) < 2 || N < p + T * (T + 1) / 2) {
    mmrm_log <<- c(mmrm_log, sprintf("%s: degenerate (n %d, N %d): NA", label, n, N))
    return(r)
  }
  ind <- reml_of(a, lev, "intervention")
  df <- frame_of(a, lev, "intervention", "comparison")
  fit <- fit_at(df, ind$S, lev)
  tt <- summary(fit)$tTable
  if (!identical(rownames(tt), names(ind$beta))) stop(label, ": coefficient names")
  if (relerr(tt[, "Value"], ind$beta, ind$se) > 1e-10 || relerr(tt[, "Std.Error"], ind$se, 0) > 1e-10)
    stop(label, ": nlme at the optimum differs from the REML check")
  # nlme's own fit: near the optimum, and not above it
  free <- gls(fo, data = df, correlation = corSymm(form = ~ vnum | id),
              weights = varIdent(form = ~ 1 | visit), method = "REML",
              na.action = na.omit, control = ctl("nlminb"))
  tf <- summary(free)$tTable
  dfree <- c(relerr(tf[, "Value"], tt[, "Value"], tt[, "Std.Error"]),
             relerr(tf[, "Std.Error"], tt[, "Std.Error"], 0))
  if (any(dfree > 1e-4)) stop(label, ": the free nlme fit is far from the optimum")
  if (logLik(free) > logLik(fit) + 1e-9) stop(label, ": the free nlme fit has a higher logLik")
  if (fit$dims$N != N || fit$dims$p != p) stop(label, ": unexpected N or p")
  cn <- paste0("visit", e$to, ":armintervention")
  b <- tt[cn, "Value"]; se <- tt[cn, "Std.Error"]; t <- tt[cn, "t-value"]
  dfr <- N - p
  q <- qt(1 - (1 - level) / 2, dfr)
  lo <- b - q * se; hi <- b + q * se
  ci <- intervals(fit, level = level, which = "coef")$coef
  if (abs(lo - ci[cn, "lower"]) > 1e-12 * se || abs(hi - ci[cn, "upper"]) > 1e-12 * se ||
      tt[cn, "p-value"] != 2 * pt(-abs(t), dfr)) stop(label, ": df is not N - p")
  mmrm_log <<- c(mmrm_log, sprintf(
    "%s: n %d (%d without %s), N %d, logLik %.12g; free nlminb %.2g %.2g off (estimate, se), logLik %.3g lower; %d Newton steps",
    label, n, n - length(unique(a$id[a$visit == e$to])), e$to, N, logLik(fit),
    dfree[1], dfree[2], logLik(fit) - logLik(free), ind$newton))
  if (!is.finite(se) || se <= 0) return(r)
  row_of(n = n, estimate = f * b, ci_low = f * lo, ci_high = f * hi,
         statistic = t, df = dfr, p = tt[cn, "p-value"])
}

do_retention <- function(e, sids, level) {
  f <- if (is.null(e$factor)) 1 else e$factor
  s <- S[sids, ]
  # follow-up stops at the data end: a later exit is censored there
  left <- !is.na(s$ext) & s$ext <= s$dataend
  time <- ifelse(left, s$ext, s$dataend) - s$enr
  event <- as.numeric(left & s$exit_reason != "completed")
  n <- length(sids)
  dd <- e$day
  r <- row_of(n = n, numerator = sum(event == 1 & time <= dd), denominator = n)
  fit <- survfit(Surv(time, event) ~ 1, conf.type = "log", conf.int = level)
  sm <- summary(fit, times = dd, extend = TRUE)
  if (sm$n.risk > 0) {
    r["estimate"] <- f * sm$surv
    r["ci_low"] <- f * sm$lower
    r["ci_high"] <- f * sm$upper
  }
  r
}

is_manifest <- function(e) {
  identical(e$type, "ratio") && !is.null(e$numerator$manifest) &&
    !is.null(e$denominator$manifest)
}

do_manifest <- function(e, tech, level) {
  f <- if (is.null(e$factor)) 1 else e$factor
  ci <- if (is.null(e$ci)) "none" else e$ci
  fields <- c("rows_read", "accepted", "rejected", "duplicates", "filtered")
  stopifnot(e$numerator$manifest %in% fields, e$denominator$manifest %in% fields)
  hit <- Filter(function(m) m$table %in% device_logs[[tech]], manifest)
  if (!length(hit)) return(NULL)
  N <- sum(sapply(hit, function(m) m[[e$numerator$manifest]]))
  D <- sum(sapply(hit, function(m) m[[e$denominator$manifest]]))
  r <- ratio_stat(N, D, D, NULL, NULL, if (ci == "delta") "none" else ci, f, level)
  r["n"] <- D
  r
}

# ---- rows ---------------------------------------------------------------------
asc <- function(x) sort(unique(x), method = "radix")
arm_order <- function(a) c("intervention", "comparison")[c("intervention", "comparison") %in% a]

run <- function(level, by) {
  out <- list()
  add <- function(e, tech, region, arm, sexv, r) {
    est <- switch(e$type, mmrm = "itt", paired_change = , arm_difference = ,
                  ancova = "completers", "NA")
    out[[length(out) + 1]] <<- list(indicator = e$code, domain = e$domain,
      technology = tech, region = region, arm = arm, sex = sexv, r = r,
      estimand = est)
  }
  for (e in catalogue$indicators) {
    known(e, c("code", "label_ko", "label_en", "domain", "technologies", "arms",
               "unit", "direction", "type", "factor", "definition", "numerator",
               "denominator", "ci", "value", "prob", "instrument", "from", "to",
               "mcid", "day", "visits"))
    arms <- if (is.null(e$arms)) c("intervention", "comparison") else unlist(e$arms)
    for (tech in unlist(e$technologies)) {
      tsub <- S[S$technology == tech, ]
      if (!nrow(tsub)) next
      if (is_manifest(e)) {
        reg <- unique(tsub$region)
        r <- do_manifest(e, tech, level)
        if (!is.null(r)) add(e, tech, if (length(reg) == 1) reg else "", "", "", r)
        next
      }
      # in a denominator: observed at least one day of the period
      pop <- tsub[tsub$arm %in% arms & tsub$to >= tsub$from, ]
      for (region in asc(pop$region)) {
        pr <- pop[pop$region == region, ]
        # the (label, subjects) cells of a set of subjects: all, or margin + sexes
        cells <- function(p) {
          if (!by) return(list(list(sex = "", ids = p$subject_id)))
          c(list(list(sex = "", ids = p$subject_id)),
            lapply(asc(p$sex), function(v) list(sex = v, ids = p$subject_id[p$sex == v])))
        }
        if (e$type %in% c("arm_difference", "ancova", "mmrm")) {
          for (cl in cells(pr)) {
            ids <- cl$ids
            a <- S[ids, "arm"]
            xs <- ids[a == "intervention"]; ys <- ids[a == "comparison"]
            r <- switch(e$type,
              arm_difference = do_armdiff(e, xs, ys, level),
              ancova = do_ancova(e, xs, ys, level),
              mmrm = do_mmrm(e, xs, ys, level, sprintf("L %.2f %s %s %s %s", level,
                             e$code, tech, region, if (cl$sex == "") "-" else cl$sex)))
            add(e, tech, region, "intervention-comparison", cl$sex, r)
          }
          next
        }
        for (arm in arm_order(pr$arm)) {
          pa <- pr[pr$arm == arm, ]
          for (cl in cells(pa)) {
            r <- switch(e$type,
              ratio = do_ratio(e, cl$ids, level),
              mean = do_mean(e, cl$ids, level),
              quantile = do_quantile(e, cl$ids, level),
              paired_change = do_paired(e, cl$ids, level),
              retention = do_retention(e, cl$ids, level),
              stop("unknown type ", e$type))
            add(e, tech, region, arm, cl$sex, r)
          }
        }
      }
    }
  }
  # table
  num <- do.call(rbind, lapply(out, function(o) o$r))
  key <- data.frame(indicator = sapply(out, `[[`, "indicator"),
                    technology = sapply(out, `[[`, "technology"),
                    region = sapply(out, `[[`, "region"),
                    arm = sapply(out, `[[`, "arm"),
                    sex = sapply(out, `[[`, "sex"),
                    stringsAsFactors = FALSE)
  dom <- sapply(out, `[[`, "domain")
  padj <- rep(NA_real_, length(out))
  fam <- paste(key$technology, key$region, key$arm, key$sex, sep = "\r")
  for (fm in unique(fam)) {
    k <- which(fam == fm & dom == "effectiveness" & !is.na(num[, "p"]))
    if (length(k)) padj[k] <- p.adjust(num[k, "p"], method = "holm")
  }
  list(key = key, num = num, padj = padj,
       estimand = sapply(out, `[[`, "estimand"))
}

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

write_rows <- function(res, by, path) {
  k <- res$key; m <- res$num
  cols <- list(k$indicator, k$technology, k$region, k$arm)
  hdr <- c("indicator", "technology", "region", "arm")
  if (by) { cols <- c(cols, list(k$sex)); hdr <- c(hdr, "sex") }
  numcols <- list(m[, "n"], m[, "numerator"], m[, "denominator"], m[, "estimate"],
                  m[, "ci_low"], m[, "ci_high"], m[, "statistic"], m[, "df"],
                  m[, "p"], res$padj, m[, "effect"])
  cols <- c(cols, lapply(numcols, fmt), list(res$estimand))
  hdr <- c(hdr, "n", "numerator", "denominator", "estimate", "ci_low", "ci_high",
           "statistic", "df", "p", "p_adjusted", "effect", "estimand")
  lines <- c(paste(hdr, collapse = ","), do.call(paste, c(cols, sep = ",")))
  stopifnot(!any(grepl('"', lines)),
            all(lengths(regmatches(lines, gregexpr(",", lines))) == length(hdr) - 1))
  keys <- do.call(paste, c(cols[seq_len(if (by) 5 else 4)], sep = ","))
  stopifnot(!anyDuplicated(keys))
  con <- file(path, "wb")
  writeLines(lines, con, sep = "\n")
  close(con)
  invisible(lines)
}

dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
res <- run(0.95, FALSE)
write_rows(res, FALSE, file.path(outdir, "expected.csv"))
resby <- run(0.90, TRUE)
write_rows(resby, TRUE, file.path(outdir, "expected-by-sex.csv"))

# ---- a summary for the eye (stderr) ---------------------------------------------
msg <- function(...) cat(..., "\n", sep = "", file = stderr())
msg(R.version.string, "; survival ", as.character(packageVersion("survival")),
    "; jsonlite ", as.character(packageVersion("jsonlite")),
    "; clubSandwich ", as.character(packageVersion("clubSandwich")),
    "; nlme ", as.character(packageVersion("nlme")))
for (tech in names(period))
  msg(sprintf("period %-16s %s .. %s, data end %s", tech,
              as.Date(period[[tech]][["first"]], origin = "1970-01-01"),
              as.Date(period[[tech]][["last"]], origin = "1970-01-01"),
              as.Date(period[[tech]][["dataend"]], origin = "1970-01-01")))
types <- sapply(catalogue$indicators, function(e) e$type)
names(types) <- sapply(catalogue$indicators, function(e) e$code)
msg("expected.csv: ", nrow(res$key), " rows; expected-by-sex.csv: ",
    nrow(resby$key), " rows")
tt <- table(type = types[res$key$indicator])
msg("rows per type (expected.csv): ", paste(names(tt), tt, sep = "=", collapse = " "))
tt <- table(type = types[resby$key$indicator])
msg("rows per type (expected-by-sex.csv): ", paste(names(tt), tt, sep = "=", collapse = " "))
msg("mmrm fits (level, indicator, technology, region, sex):")
for (l in mmrm_log) msg("  ", l)
