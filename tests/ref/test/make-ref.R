# make-ref.R -- R reference fixtures for `ssp test` and `ssp adjust`.
#
# Rerun from the repo root (base R only, no packages; deterministic):
#   Rscript tests/ref/test/make-ref.R            # writes tests/ref/test/*
#   Rscript tests/ref/test/make-ref.R OUTDIR     # writes OUTDIR/*
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330).  A second run
# reproduces every file byte for byte.
#
# For each subcommand it writes an input CSV and an expected CSV:
#   paired.csv     set,pre,post          -> paired-expected.csv
#   twosample.csv  set,value,group       -> twosample-expected.csv
#   prop.csv       set,x,n               -> prop-expected.csv
#   rate.csv       set,events,exposure   -> rate-expected.csv
#   anova.csv      set,value,group       -> anova-expected.csv
#   chisq.csv      set,row,col           -> chisq-expected.csv
#   trend.csv      set,y,x               -> trend-expected.csv
#   adjust.csv     set,p                 -> adjust-expected.csv
# All files: UTF-8, header row, LF line ends, comma-separated, no quoting
# (no field contains a comma, quote or newline).  Sets are contiguous and the
# expected rows follow the first-seen order of the sets in the input.
# Numbers are written with sprintf("%.17g") (exact round trip through strtod),
# missing values as `NA` (R's NA and NaN both become `NA`), infinities as
# `Inf` / `-Inf`, logicals as 0/1.  Parameter columns (level, p0, per, mcid)
# are written short ("0.95", "0.3", "1000") and parse to the same double R used.
# Every input file is written first and read back from its text before any
# statistic is computed, so R worked on exactly the doubles a C reader gets.
#
# Column definitions (R >= 4.2 semantics; see each section for details):
#
# paired-expected.csv: set,alternative,level,mcid,lower_is_better,n,mean_pre,
#   mean_post,mean_diff,sd_diff,ci_low,ci_high,t,df,p,dz,g,wilcoxon_v,
#   wilcoxon_p,improved,worsened,unchanged
#   Subjects with NA in pre or post are dropped; n = complete pairs.
#   d = post - pre (per subject, in double); mean_diff = mean(d) (NOT
#   mean_post - mean_pre), sd_diff = sd(d).
#   t.test(post, pre, paired = TRUE, alternative, conf.level = level):
#   ci_low/ci_high/t/p; df = n - 1.  One-sided CIs have an infinite end.
#   wilcox.test(post, pre, paired = TRUE, alternative, exact = NULL,
#   correct = TRUE): V and p, R's own exact/normal choice.
#   dz = mean_diff / sd_diff; g = dz * J, J = exp(lgamma(df/2) -
#   log(sqrt(df/2)) - lgamma((df-1)/2)), df = n - 1; J(1) is NaN (gamma(0)),
#   so g is NA when n = 2, and dz, g are NA where t.test stops or gives NaN.
#   "change" = d if higher is better (lower_is_better = 0), -d = pre - post if
#   lower is better.  mcid > 0: improved = #{change >= mcid}, worsened =
#   #{change <= -mcid}, unchanged = the rest.  mcid = 0: improved =
#   #{change > 0}, worsened = #{change < 0}, unchanged = #{change == 0}.
#   t, wilcoxon and counts do not depend on mcid / lower_is_better except
#   the counts.  n < 2: everything except set..lower_is_better, n, mean_pre,
#   mean_post, mean_diff is NA.  When t.test() errors (all d equal and
#   nonzero: "data are essentially constant") or returns NaN (all d zero),
#   ci/t/p are NA but df = n - 1 is still written.
#
# twosample-expected.csv: set,var_equal,alternative,level,group1,group2,n1,
#   n2,mean1,mean2,mean_diff,ci_low,ci_high,t,df,p,g,mw_w,mw_p
#   group1 = first group met in the set's input rows, group2 the other.
#   NA values are dropped.  mean_diff = mean1 - mean2.
#   t.test(x1, x2, var.equal, alternative, conf.level): ci/t/df/p (df is the
#   Welch df when var_equal = 0); NA for all four when R errors.
#   g = (mean1 - mean2) / sp * J(n1 + n2 - 2), sp^2 = pooled variance as in
#   t.test(var.equal = TRUE) (a group of size 1 contributes 0).
#   wilcox.test(x1, x2, alternative) W and p (exact = NULL, correct = TRUE).
#
# prop-expected.csv: set,method,p0,x,n,estimate,ci_low,ci_high,p  (95% CIs)
#   estimate = x/n; p = binom.test(x, n, p0)$p.value (two-sided) for every
#   method; CIs do not depend on p0.
#   wilson   = prop.test(x, n, correct = FALSE)$conf.int, checked against the
#              score formula (see prop section); exactly 0 / 1 at x = 0 / n.
#   exact    = binom.test(x, n)$conf.int (Clopper-Pearson).
#   jeffreys = qbeta(c(.025, .975), x + .5, n - x + .5), lower 0 if x = 0,
#              upper 1 if x = n.
#
# rate-expected.csv: set,per,events,exposure,rate,ci_low,ci_high
#   rate = events/exposure*per, CI = poisson.test(events, exposure)$conf.int
#   * per (exact Garwood 95%: qgamma(.025, x)/T, qgamma(.975, x+1)/T; lower 0
#   when x = 0).
#
# anova-expected.csv: set,k,n,f,df1,df2,p,kw_h,kw_df,kw_p
#   NA values dropped; k groups, n values.  oneway.test(value ~ group,
#   var.equal = TRUE): f, p (NA when R errors: a group of size 1); df1 = k-1,
#   df2 = n-k always written.  kruskal.test(value ~ group): H (ties-corrected),
#   kw_df = k - 1, p.
#
# chisq-expected.csv: set,yates,chisq,df,p,fisher_p
#   Table = table(row, col) of the set's observations.  chisq.test(tab,
#   correct = yates): statistic, df, p (warnings suppressed).  2x2 tables get
#   rows yates = 0 and 1, other tables yates = 0 only.  fisher_p =
#   fisher.test(tab)$p.value for 2x2, NA otherwise.
#
# trend-expected.csv: set,level,n,slope,intercept,slope_se,ci_low,ci_high,t,p,r2
#   lm(y ~ x) on complete rows; slope row of summary(); confint(level) for the
#   slope; r2 = summary()$r.squared.  Two exceptions, both documented below:
#   the 1e9-offset set (fit on x - 1e9, exact shift) and the perfect-fit set
#   (exact zero residual: se 0, t Inf, p 0 instead of R's rounding noise).
#
# adjust-expected.csv: set,method,row,p,p_adjusted
#   p.adjust(p, method) on the whole set, NAs kept in place (they stay NA and
#   do not count in n).  row = 1-based row within the set; methods holm,
#   hochberg, bonferroni, bh, by (R: "BH", "BY").

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
trailing <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(trailing) >= 1) {
  trailing[1]
} else if (length(file_arg) == 1) {
  dirname(file_arg)
} else {
  "tests/ref/test"
}
if (!dir.exists(outdir)) stop("output directory does not exist: ", outdir)

## ------------------------------------------------------------ helpers ----
g17 <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))  # inputs

fmt <- function(v) {                    # one expected value
  v <- as.numeric(v)
  if (length(v) != 1) stop("fmt: need one value")
  if (is.na(v)) "NA"                    # NA and NaN
  else if (is.infinite(v)) if (v > 0) "Inf" else "-Inf"
  else sprintf("%.17g", v)
}
par_fmt <- function(v) sprintf("%.15g", v)   # parameters: 0.95, 0.3, 1000
lvl_fmt <- function(v) sprintf("%.2f", v)    # levels as in tests/ref/stats
alt_name <- c(two.sided = "two-sided", less = "less", greater = "greater")
## (alternative, level) combinations used by paired and two-sample
alt_grid <- list(c("two.sided", 0.95), c("two.sided", 0.90),
                 c("less", 0.95), c("greater", 0.95))

write_csv <- function(name, header, cols) {   # cols: list of char vectors
  cols <- lapply(cols, as.character)
  stopifnot(length(unique(lengths(cols))) == 1,
            !anyNA(unlist(cols)), !grepl("[,\"\r\n]", unlist(cols)))
  lines <- c(paste(header, collapse = ","), do.call(paste, c(cols, sep = ",")))
  con <- file(file.path(outdir, name), open = "wb")   # "wb": LF endings
  writeLines(enc2utf8(lines), con, sep = "\n", useBytes = TRUE)
  close(con)
  invisible(length(lines) - 1L)
}
write_rows <- function(name, header, rows) {        # rows: list of char vecs
  m <- do.call(rbind, rows)
  stopifnot(ncol(m) == length(header))
  write_csv(name, header, lapply(seq_len(ncol(m)), function(j) m[, j]))
}

read_csv <- function(name) {              # all columns as character
  l <- readLines(file.path(outdir, name), encoding = "UTF-8")
  hdr <- strsplit(l[1], ",", fixed = TRUE)[[1]]
  f <- strsplit(l[-1], ",", fixed = TRUE)
  stopifnot(all(lengths(f) == length(hdr)))
  d <- as.data.frame(do.call(rbind, f), stringsAsFactors = FALSE)
  names(d) <- hdr
  d
}
num <- function(s) {
  v <- rep(NA_real_, length(s))
  ok <- s != "NA"
  v[ok] <- as.numeric(s[ok])
  stopifnot(!is.na(v[ok]))
  v
}
set_order <- function(d) {                # sets must be contiguous
  r <- rle(d$set)$values
  stopifnot(!anyDuplicated(r))
  r
}

## Hedges' small-sample factor, exactly as specified (J(1) = 0 via
## lgamma(0) = Inf).
## Issue 12: J(1) = Gamma(1/2) / (sqrt(1/2) Gamma(0)) is NaN in R (gamma(0)
## is NaN), so g at df = 1 is NA, not the 0 that exp(-lgamma(0)) gave; for
## df >= 2 the lgamma form (gamma() overflows past df ~ 340).
hedges_J <- function(df) {
  if (df < 2) return(suppressWarnings(gamma(df / 2) / (sqrt(df / 2) * gamma((df - 1) / 2))))
  exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
}
stopifnot(is.nan(hedges_J(1)))

try_test <- function(expr) tryCatch(suppressWarnings(expr), error = function(e) NULL)

## binary fractions near 1e9: multiples of 1/1024, so differences and (with
## power-of-two group sizes) means are exact in double
offset_vals <- function(n, sd = 1, mean = 0) 1e9 + round(rnorm(n, mean, sd) * 1024) / 1024

set.seed(20240612)

## =========================================================== paired ====
## Sets (n = complete pairs):
##   n1, n2, n3, n5 .... tiny samples (n = 1: only n and means; n = 2: g NA)
##   ties ............... integer, |d| tied, no zeros -> normal approx + ties
##   zeros .............. continuous, 3 zero d -> zeros dropped, normal approx
##   allzero ............ post == pre: t NaN -> NA, wilcoxon V = 0 and p =
##                        NaN two-sided but 1 one-sided (SIGMA = 0)
##   constdiff .......... d all = 2: t.test errors -> NA; dz, g NA (issue 12)
##   allneg ............. n = 8, every d < 0, exact signed-rank
##   exact49 ............ n = 49, no ties/zeros -> exact (n < 50)
##   normal50 ........... n = 50 -> normal approx (boundary)
##   zeros52 ............ n = 52 with 3 zero d: 49 nonzero, still normal
##                        because of the zeros
##   normal60 ........... n = 60 -> normal approx
##   scores ............. integer 0..15, many ties and zeros, d = +-1 on the
##                        mcid boundary (>= / <= are inclusive)
##   withna ............. NA in pre only, post only, both -> 15 of 20 used
##   offset ............. 1e9 + k/1024 values, d exact
P <- list()
addp <- function(name, pre, post) {
  stopifnot(length(pre) == length(post))
  P[[name]] <<- list(pre = g17(pre), post = g17(post))
}
local({
  pre <- rnorm(1, 20, 4); addp("n1", pre, pre + rnorm(1, 1, 2))
  pre <- rnorm(2, 20, 4); addp("n2", pre, pre + rnorm(2, 1, 2))
  pre <- rnorm(3, 20, 4); addp("n3", pre, pre + rnorm(3, 1, 2))
  pre <- rnorm(5, 20, 4); addp("n5", pre, pre + rnorm(5, 1, 2))
  pre <- sample(10:20, 12, replace = TRUE)
  addp("ties", pre, pre + c(1, -1, 2, 2, 3, -3, 1, 4, 2, -2, 5, 1))
  pre <- rnorm(15, 50, 10); post <- pre + rnorm(15, 2, 3)
  post[c(2, 9, 14)] <- pre[c(2, 9, 14)]
  addp("zeros", pre, post)
  pre <- rnorm(6, 30, 5); addp("allzero", pre, pre)
  pre <- sample(5:25, 7, replace = TRUE); addp("constdiff", pre, pre + 2)
  pre <- rnorm(8, 100, 15); addp("allneg", pre, pre - rexp(8, 0.2))
  pre <- rnorm(49, 0, 1); addp("exact49", pre, pre + rnorm(49, 0.3, 1))
  pre <- rnorm(50, 0, 1); addp("normal50", pre, pre + rnorm(50, -0.2, 1))
  pre <- rnorm(52, 10, 2); post <- pre + rnorm(52, 0.4, 1.5)
  post[c(5, 30, 52)] <- pre[c(5, 30, 52)]
  addp("zeros52", pre, post)
  pre <- rnorm(60, 10, 2); addp("normal60", pre, pre + rnorm(60, 0.25, 1.5))
  pre <- sample(0:15, 40, replace = TRUE,
                prob = c(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1, 1))
  post <- pmin(15, pmax(0, pre + sample(-4:2, 40, replace = TRUE)))
  addp("scores", pre, post)
  pre <- rnorm(20, 60, 8); post <- pre + rnorm(20, -1.5, 3)
  pre[c(3, 11)] <- NA; post[c(7, 20)] <- NA; pre[16] <- NA; post[16] <- NA
  addp("withna", pre, post)
  pre <- offset_vals(25, 3); post <- pre + round(rnorm(25, 0.5, 2) * 1024) / 1024
  addp("offset", pre, post)
})
write_csv("paired.csv", c("set", "pre", "post"),
          list(rep(names(P), vapply(P, function(s) length(s$pre), 1L)),
               unlist(lapply(P, `[[`, "pre"), use.names = FALSE),
               unlist(lapply(P, `[[`, "post"), use.names = FALSE)))

pd <- read_csv("paired.csv")
rows <- list()
for (s in set_order(pd)) {
  pre0 <- num(pd$pre[pd$set == s]); post0 <- num(pd$post[pd$set == s])
  ok <- !is.na(pre0) & !is.na(post0)
  pre <- pre0[ok]; post <- post0[ok]; n <- length(pre)
  d <- post - pre
  base <- list(n = n, mean_pre = mean(pre), mean_post = mean(post),
               mean_diff = mean(d))
  for (ag in alt_grid) {
    alt <- ag[1]; lv <- as.numeric(ag[2])
    for (mcid in c(0, 1)) for (lib in c(0, 1)) {
      v <- c(base, sd_diff = NA, ci_low = NA, ci_high = NA, t = NA, df = NA,
             p = NA, dz = NA, g = NA, wilcoxon_v = NA, wilcoxon_p = NA,
             improved = NA, worsened = NA, unchanged = NA)
      if (n >= 2) {
        v$sd_diff <- sd(d); v$df <- n - 1
        tt <- try_test(t.test(post, pre, paired = TRUE, alternative = alt,
                              conf.level = lv))
        if (!is.null(tt)) {
          stopifnot(tt$parameter == n - 1)
          v$ci_low <- tt$conf.int[1]; v$ci_high <- tt$conf.int[2]
          v$t <- tt$statistic; v$p <- tt$p.value
        }
        ## Issue 12: where t.test stops (essentially constant differences)
        ## or gives NaN (all zero), dz and g have no value either: NA, not
        ## the Inf of mean / 0.
        if (!is.null(tt) && !is.nan(tt$statistic)) {
          v$dz <- v$mean_diff / v$sd_diff
          v$g <- v$dz * hedges_J(n - 1)
        }
        wt <- try_test(wilcox.test(post, pre, paired = TRUE, alternative = alt,
                                   exact = NULL, correct = TRUE))
        if (!is.null(wt)) { v$wilcoxon_v <- wt$statistic; v$wilcoxon_p <- wt$p.value }
        chg <- if (lib == 1) pre - post else d
        if (mcid == 0) {
          v$improved <- sum(chg > 0); v$worsened <- sum(chg < 0)
        } else {
          v$improved <- sum(chg >= mcid); v$worsened <- sum(chg <= -mcid)
        }
        v$unchanged <- n - v$improved - v$worsened
      }
      rows[[length(rows) + 1L]] <-
        c(s, alt_name[[alt]], lvl_fmt(lv), par_fmt(mcid), lib,
          vapply(v, fmt, ""))
    }
  }
}
nr_paired <- write_rows("paired-expected.csv",
  c("set", "alternative", "level", "mcid", "lower_is_better", "n", "mean_pre",
    "mean_post", "mean_diff", "sd_diff", "ci_low", "ci_high", "t", "df", "p",
    "dz", "g", "wilcoxon_v", "wilcoxon_p", "improved", "worsened",
    "unchanged"), rows)

## ======================================================== two-sample ====
## Sets (group1 = first group met):
##   basic ...... a/b, 12 vs 15, continuous -> exact Mann-Whitney
##   firstb ..... rows start with group b and interleave -> group1 = b
##   korean ..... groups 여 / 남 (UTF-8), 여 first
##   unequal .... 5 vs 30
##   n1two ...... n1 = 2, n2 = 7
##   n1one ...... n1 = 1: Welch errors (NA), pooled t works, g defined
##   ties ....... integer scores with ties -> normal approx + ties correction
##   equal ...... all values equal: t errors (NA), g NaN (NA), MW W = n1*n2/2,
##                p NaN two-sided, 1 one-sided
##   twoconst ... each group constant, different values: t errors, g -Inf
##   oneconst ... one group constant (vx = 0), other varied
##   withna ..... NA values in both groups (dropped)
##   mw49 ....... 49 vs 12, no ties -> exact MW (both n < 50)
##   mw50 ....... 50 vs 8, no ties -> normal approx (n1 = 50)
##   large ...... 60 vs 45 -> normal approx
##   offset ..... 1e9 + k/1024, group sizes 8 and 16 (exact means)
TS <- list()
addt <- function(name, value, group) {
  stopifnot(length(value) == length(group))
  TS[[name]] <<- list(value = g17(value), group = group)
}
ko_f <- "\uc5ec"; ko_m <- "\ub0a8"     # 여 (female), 남 (male)
local({
  addt("basic", c(rnorm(12, 10, 2), rnorm(15, 11.5, 2.5)),
       rep(c("a", "b"), c(12, 15)))
  v <- c(rnorm(9, 5, 1), rnorm(11, 4, 1.5)); gr <- rep(c("b", "a"), c(9, 11))
  o <- order(runif(20)); o <- c(1, setdiff(o, 1))   # keep a "b" first
  addt("firstb", v[o], gr[o])
  v <- c(rnorm(14, 160, 6), rnorm(13, 173, 7)); gr <- rep(c(ko_f, ko_m), c(14, 13))
  o <- c(1, setdiff(order(runif(27)), 1))
  addt("korean", v[o], gr[o])
  addt("unequal", c(rnorm(5, 0, 1), rnorm(30, 0.8, 3)), rep(c("a", "b"), c(5, 30)))
  addt("n1two", c(rnorm(2, 3, 1), rnorm(7, 4, 1)), rep(c("a", "b"), c(2, 7)))
  addt("n1one", c(rnorm(1, 3, 1), rnorm(6, 4, 1)), rep(c("a", "b"), c(1, 6)))
  addt("ties", c(sample(1:7, 18, replace = TRUE), sample(2:7, 16, replace = TRUE)),
       rep(c("a", "b"), c(18, 16)))
  addt("equal", rep(4, 9), rep(c("a", "b"), c(4, 5)))
  addt("twoconst", c(rep(2, 3), rep(5, 4)), rep(c("a", "b"), c(3, 4)))
  addt("oneconst", c(rep(2, 5), rnorm(6, 3, 1)), rep(c("a", "b"), c(5, 6)))
  v <- c(rnorm(10, 20, 4), rnorm(12, 24, 4)); v[c(2, 15, 22)] <- NA
  addt("withna", v, rep(c("a", "b"), c(10, 12)))
  addt("mw49", c(rnorm(49, 0, 1), rnorm(12, 0.5, 1)), rep(c("a", "b"), c(49, 12)))
  addt("mw50", c(rnorm(50, 0, 1), rnorm(8, 0.5, 1)), rep(c("a", "b"), c(50, 8)))
  addt("large", c(rnorm(60, 0, 1), rnorm(45, 0.3, 1.3)), rep(c("a", "b"), c(60, 45)))
  addt("offset", c(offset_vals(8, 2), offset_vals(16, 2, 1.5)),
       rep(c("a", "b"), c(8, 16)))
})
write_csv("twosample.csv", c("set", "value", "group"),
          list(rep(names(TS), vapply(TS, function(s) length(s$value), 1L)),
               unlist(lapply(TS, `[[`, "value"), use.names = FALSE),
               unlist(lapply(TS, `[[`, "group"), use.names = FALSE)))

td <- read_csv("twosample.csv")
rows <- list()
for (s in set_order(td)) {
  val <- num(td$value[td$set == s]); grp <- td$group[td$set == s]
  gl <- unique(grp); stopifnot(length(gl) == 2)
  x1 <- val[grp == gl[1]]; x1 <- x1[!is.na(x1)]
  x2 <- val[grp == gl[2]]; x2 <- x2[!is.na(x2)]
  n1 <- length(x1); n2 <- length(x2)
  m1 <- mean(x1); m2 <- mean(x2)
  if (s == "offset") stopifnot(m1 == sum(x1) / n1, m2 == sum(x2) / n2)
  dfp <- n1 + n2 - 2
  sp2 <- ((if (n1 > 1) (n1 - 1) * var(x1) else 0) +
          (if (n2 > 1) (n2 - 1) * var(x2) else 0)) / dfp
  ## Issue 12: no g over a pooled deviation of 0 or rounding noise (the
  ## t.test(var.equal = TRUE) criterion), nor at df = 1 (J is NaN)
  gval <- if (dfp >= 1 && sp2 > 0 &&
              !(sqrt(sp2 * (1 / n1 + 1 / n2)) < 10 * .Machine$double.eps *
                max(abs(m1), abs(m2))))
    (m1 - m2) / sqrt(sp2) * hedges_J(dfp) else NA
  for (ve in c(0, 1)) for (ag in alt_grid) {
    alt <- ag[1]; lv <- as.numeric(ag[2])
    v <- list(n1 = n1, n2 = n2, mean1 = m1, mean2 = m2, mean_diff = m1 - m2,
              ci_low = NA, ci_high = NA, t = NA, df = NA, p = NA, g = gval,
              mw_w = NA, mw_p = NA)
    tt <- try_test(t.test(x1, x2, var.equal = (ve == 1), alternative = alt,
                          conf.level = lv))
    if (!is.null(tt)) {
      v$ci_low <- tt$conf.int[1]; v$ci_high <- tt$conf.int[2]
      v$t <- tt$statistic; v$df <- tt$parameter; v$p <- tt$p.value
    }
    wt <- try_test(wilcox.test(x1, x2, alternative = alt))
    if (!is.null(wt)) { v$mw_w <- wt$statistic; v$mw_p <- wt$p.value }
    rows[[length(rows) + 1L]] <-
      c(s, ve, alt_name[[alt]], lvl_fmt(lv), gl[1], gl[2], vapply(v, fmt, ""))
  }
}
nr_two <- write_rows("twosample-expected.csv",
  c("set", "var_equal", "alternative", "level", "group1", "group2", "n1", "n2",
    "mean1", "mean2", "mean_diff", "ci_low", "ci_high", "t", "df", "p", "g",
    "mw_w", "mw_p"), rows)

## ============================================================== prop ====
## Sets: x = 0 (n = 10), x = n (n = 10), n = 1 with x = 0 and x = 1, x = n/2
## (20/40: binom p = 1 exactly at p0 = .5 since x == n*p0), x = n*p0 for
## p0 = .3 (3/10), 7/20 (symmetric binomial at p0 = .5: the 1 + 1e-7 relErr
## tie fuzz in binom.test decides which tail terms count), 1/2, 13/29,
## 47/50, large n 4321/10000 (p ~ 5e-42 and 4e-171: far binomial tails),
## 299/1000 and 8123/20000.  No n is so large that the true p underflows:
## then R's binom.test returns an artefact (e.g. 500123/1e6 at p0 = .3 gives
## 2.96e-323: dbinom(x) underflows to 0, so the "as extreme" count y picks
## up every underflowing term and a denormal tail is added), which no other
## implementation would reproduce.
prop_sets <- list(x0 = c(0, 10), xn = c(10, 10), n1x0 = c(0, 1), n1x1 = c(1, 1),
                  half = c(20, 40), x3n10 = c(3, 10), x7n20 = c(7, 20),
                  x1n2 = c(1, 2), x13n29 = c(13, 29), x47n50 = c(47, 50),
                  large = c(4321, 10000), x299n1000 = c(299, 1000),
                  n20000 = c(8123, 20000))
write_csv("prop.csv", c("set", "x", "n"),
          list(names(prop_sets), g17(vapply(prop_sets, `[`, 0, 1)),
               g17(vapply(prop_sets, `[`, 0, 2))))
## Wilson score interval (no continuity correction), the binom package's
## binom.wilson formula:
##   z = qnorm(1 - (1 - conf)/2); p = x/n
##   (p + z^2/(2n) -+ z*sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n)
## prop.test(correct = FALSE) computes the same thing with z22n = z^2/(2n):
##   (p + z22n -+ z*sqrt(p(1-p)/n + z22n/(2n))) / (1 + 2*z22n)
## but returns exactly 0 for the lower end when x = 0 and exactly 1 for the
## upper end when x = n (the formula gives ~1e-17 / 1 - 1e-16 there).  The
## reference is prop.test's value; the formula must agree to 1e-13.
wilson_formula <- function(x, n, conf = 0.95) {
  z <- qnorm(1 - (1 - conf) / 2); p <- x / n
  ctr <- p + z^2 / (2 * n); hw <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  c(ctr - hw, ctr + hw) / (1 + z^2 / n)
}
pr <- read_csv("prop.csv")
rows <- list()
for (i in seq_len(nrow(pr))) {
  s <- pr$set[i]; x <- num(pr$x[i]); n <- num(pr$n[i])
  w <- as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int)
  stopifnot(abs(w - wilson_formula(x, n)) <= 1e-13,
            x > 0 || w[1] == 0, x < n || w[2] == 1)
  ex <- as.numeric(binom.test(x, n)$conf.int)
  jf <- qbeta(c(0.025, 0.975), x + 0.5, n - x + 0.5)
  if (x == 0) jf[1] <- 0
  if (x == n) jf[2] <- 1
  for (m in c("wilson", "exact", "jeffreys")) for (p0 in c(0.5, 0.3)) {
    ci <- switch(m, wilson = w, exact = ex, jeffreys = jf)
    pv <- binom.test(x, n, p0)$p.value
    stopifnot(pv > 1e-300)   # no underflow artefacts (see above)
    rows[[length(rows) + 1L]] <-
      c(s, m, par_fmt(p0), fmt(x), fmt(n), fmt(x / n), fmt(ci[1]), fmt(ci[2]),
        fmt(pv))
  }
}
nr_prop <- write_rows("prop-expected.csv",
  c("set", "method", "p0", "x", "n", "estimate", "ci_low", "ci_high", "p"), rows)

## ============================================================== rate ====
## Sets: 0 events (exposure 1 and 0.5), 1, 3 in 0.25, 10 in 2.5, 100 in
## 1000, 57 in 123.456, 12345 in 678.9.
rate_sets <- list(e0 = c(0, 1), e0frac = c(0, 0.5), e1 = c(1, 1),
                  e3q = c(3, 0.25), e10 = c(10, 2.5), e100 = c(100, 1000),
                  e57 = c(57, 123.456), e12345 = c(12345, 678.9))
write_csv("rate.csv", c("set", "events", "exposure"),
          list(names(rate_sets), g17(vapply(rate_sets, `[`, 0, 1)),
               g17(vapply(rate_sets, `[`, 0, 2))))
rt <- read_csv("rate.csv")
rows <- list()
for (i in seq_len(nrow(rt))) {
  s <- rt$set[i]; ev <- num(rt$events[i]); ex <- num(rt$exposure[i])
  ci <- as.numeric(poisson.test(ev, ex)$conf.int)
  for (per in c(1, 1000)) {
    rows[[length(rows) + 1L]] <-
      c(s, par_fmt(per), fmt(ev), fmt(ex), fmt(ev / ex * per),
        fmt(ci[1] * per), fmt(ci[2] * per))
  }
}
nr_rate <- write_rows("rate-expected.csv",
  c("set", "per", "events", "exposure", "rate", "ci_low", "ci_high"), rows)

## ============================================================= anova ====
## Sets: g3 (sizes 5, 8, 12), g4ties (integer, ties, interleaved rows),
## g5 (sizes 3..10), k2 (two groups: F = t^2 of the pooled t),
## zerowithin (each group constant, groups differ: F = Inf, p = 0),
## const (all values equal: F and H are NaN -> NA), single (a group of size
## 1: oneway.test errors -> f/p NA, Kruskal-Wallis fine), withna (NA values
## dropped), offset (1e9 + k/1024, sizes 4, 4, 8: exact group means).
AN <- list()
adda <- function(name, value, group) {
  stopifnot(length(value) == length(group))
  AN[[name]] <<- list(value = g17(value), group = group)
}
local({
  adda("g3", c(rnorm(5, 10, 2), rnorm(8, 12, 2), rnorm(12, 11, 3)),
       rep(c("ctl", "low", "high"), c(5, 8, 12)))
  v <- c(sample(1:6, 7, TRUE), sample(2:7, 9, TRUE), sample(1:5, 6, TRUE),
         sample(3:8, 8, TRUE))
  gr <- rep(c("w", "x", "y", "z"), c(7, 9, 6, 8)); o <- order(runif(30))
  adda("g4ties", v[o], gr[o])
  sz <- c(3, 5, 6, 8, 10)
  adda("g5", rnorm(sum(sz), rep(c(0, 0.5, 1, 0.2, 0.8), sz), 1),
       rep(paste0("g", 1:5), sz))
  adda("k2", c(rnorm(6, 0, 1), rnorm(9, 1, 1)), rep(c("a", "b"), c(6, 9)))
  adda("zerowithin", rep(c(1, 3, 2), c(3, 4, 2)), rep(c("a", "b", "c"), c(3, 4, 2)))
  adda("const", rep(7, 9), rep(c("a", "b", "c"), c(3, 4, 2)))
  ## issue 12: one group -- oneway.test and kruskal.test stop: f, p, H NA
  adda("onegroup", c(1.5, 2, 4, 3.25), rep("a", 4))
  adda("single", c(rnorm(1, 5), rnorm(4, 6), rnorm(5, 5.5)),
       rep(c("a", "b", "c"), c(1, 4, 5)))
  v <- c(rnorm(6, 20, 3), rnorm(7, 22, 3), rnorm(8, 25, 3)); v[c(1, 9, 21)] <- NA
  adda("withna", v, rep(c("a", "b", "c"), c(6, 7, 8)))
  adda("offset", c(offset_vals(4, 1), offset_vals(4, 1, 1), offset_vals(8, 1, 0.5)),
       rep(c("a", "b", "c"), c(4, 4, 8)))
})
write_csv("anova.csv", c("set", "value", "group"),
          list(rep(names(AN), vapply(AN, function(s) length(s$value), 1L)),
               unlist(lapply(AN, `[[`, "value"), use.names = FALSE),
               unlist(lapply(AN, `[[`, "group"), use.names = FALSE)))
ad <- read_csv("anova.csv")
rows <- list()
for (s in set_order(ad)) {
  val <- num(ad$value[ad$set == s]); grp <- ad$group[ad$set == s]
  ok <- !is.na(val)
  dat <- data.frame(value = val[ok], group = factor(grp[ok]))
  k <- nlevels(dat$group); n <- nrow(dat)
  if (s == "offset")
    stopifnot(all(tapply(dat$value, dat$group, mean) ==
                  tapply(dat$value, dat$group, sum) / table(dat$group)))
  v <- list(k = k, n = n, f = NA, df1 = k - 1, df2 = n - k, p = NA,
            kw_h = NA, kw_df = k - 1, kw_p = NA)   # df written, as df1
  ow <- try_test(oneway.test(value ~ group, data = dat, var.equal = TRUE))
  if (!is.null(ow)) {
    stopifnot(ow$parameter[1] == k - 1, ow$parameter[2] == n - k)
    v$f <- ow$statistic; v$p <- ow$p.value
  }
  kw <- try_test(kruskal.test(value ~ group, data = dat))
  if (!is.null(kw)) { v$kw_h <- kw$statistic; v$kw_df <- kw$parameter; v$kw_p <- kw$p.value }
  rows[[length(rows) + 1L]] <- c(s, vapply(v, fmt, ""))
}
nr_anova <- write_rows("anova-expected.csv",
  c("set", "k", "n", "f", "df1", "df2", "p", "kw_h", "kw_df", "kw_p"), rows)

## ============================================================= chisq ====
## Sets (counts given row-major as a matrix, written one row per
## observation, shuffled within the set):
##   t22 (moderate), t22zero (a zero cell), t22small (3 1 / 1 3),
##   yatescap (2 4 / 4 6: every |O-E| = 0.25 < 0.5, R's Yates correction is
##   min(0.5, |O-E|) so the corrected statistic is exactly 0, p = 1),
##   t22large (hundreds), t22one (1 9 / 8 2), t23, t33, t33sparse (small
##   expected counts), t32 (3 rows x 2 cols: not 2x2, no Yates/Fisher).
CT <- list(
  t22 = list(c("yes", "no"), c("drug", "placebo"), matrix(c(15, 9, 7, 14), 2, byrow = TRUE)),
  t22zero = list(c("yes", "no"), c("A", "B"), matrix(c(0, 6, 5, 4), 2, byrow = TRUE)),
  t22small = list(c("r1", "r2"), c("c1", "c2"), matrix(c(3, 1, 1, 3), 2, byrow = TRUE)),
  yatescap = list(c("r1", "r2"), c("c1", "c2"), matrix(c(2, 4, 4, 6), 2, byrow = TRUE)),
  t22large = list(c("m", "f"), c("y", "n"), matrix(c(120, 80, 95, 105), 2, byrow = TRUE)),
  t22one = list(c("r1", "r2"), c("c1", "c2"), matrix(c(1, 9, 8, 2), 2, byrow = TRUE)),
  t23 = list(c("m", "f"), c("low", "mid", "high"), matrix(c(10, 15, 5, 8, 12, 14), 2, byrow = TRUE)),
  t33 = list(c("a", "b", "c"), c("x", "y", "z"),
             matrix(c(12, 5, 8, 6, 14, 9, 4, 7, 15), 3, byrow = TRUE)),
  t33sparse = list(c("a", "b", "c"), c("x", "y", "z"),
                   matrix(c(1, 0, 3, 2, 4, 0, 0, 1, 2), 3, byrow = TRUE)),
  t32 = list(c("p", "q", "r"), c("u", "v"), matrix(c(6, 2, 3, 7, 5, 5), 3, byrow = TRUE))
)
local({
  set <- character(); rr <- character(); cc <- character()
  for (s in names(CT)) {
    lab_r <- CT[[s]][[1]]; lab_c <- CT[[s]][[2]]; m <- CT[[s]][[3]]
    ri <- rep(rep(seq_along(lab_r), ncol(m)), as.vector(m))
    ci <- rep(rep(seq_along(lab_c), each = nrow(m)), as.vector(m))
    o <- order(runif(length(ri)))
    set <- c(set, rep(s, length(ri))); rr <- c(rr, lab_r[ri[o]]); cc <- c(cc, lab_c[ci[o]])
  }
  write_csv("chisq.csv", c("set", "row", "col"), list(set, rr, cc))
})
cd <- read_csv("chisq.csv")
rows <- list()
for (s in set_order(cd)) {
  tab <- table(cd$row[cd$set == s], cd$col[cd$set == s])
  m <- CT[[s]][[3]]
  stopifnot(sum(tab) == sum(m), all(sort(as.vector(tab)) == sort(as.vector(m))))
  is22 <- all(dim(tab) == 2)
  fp <- if (is22) fisher.test(tab)$p.value else NA
  for (yates in if (is22) c(0, 1) else 0) {
    ct <- suppressWarnings(chisq.test(tab, correct = (yates == 1)))
    rows[[length(rows) + 1L]] <-
      c(s, yates, fmt(ct$statistic), fmt(ct$parameter), fmt(ct$p.value), fmt(fp))
  }
}
nr_chisq <- write_rows("chisq-expected.csv",
  c("set", "yates", "chisq", "df", "p", "fisher_p"), rows)

## ============================================================= trend ====
## Sets: n3, n20, negative (negative slope, ties in x), withna (NA in y and
## in x: rows dropped), offset (x = 1e9 + k/4), perfect (y = 3 + 2x exactly),
## constx (all x equal: lm's slope is NA (aliased), so slope and its
## se/ci/t/p are NA, intercept = mean(y), r2 = 0).
##
## offset: R's lm() works on the raw x via Householder QR with a collinearity
## tolerance of 1e-7.  With x = 1e9 + (0..40) the centred x is too small
## relative to the intercept column, so lm(y ~ x) declares x ALIASED and
## reports slope NA (checked below); with a spread of 1000 above 1e9 it fits
## but t/p are off by ~1e-8 relative, 1e4 -> ~5e-10.  Neither is a usable
## reference.  The reference is the fit of y on x - 1e9 (an exact shift: x
## holds multiples of 1/4), which has the true slope, slope_se, ci, t, p and
## r2; intercept = a' - slope * 1e9.  A C implementation working with
## centred sums (x - mean(x)) gets these to ~1e-15.
## perfect: R's residuals are rounding noise (~1e-15), so R reports slope_se
## ~1e-16 and t ~1e16, p ~1e-130 (with the "essentially perfect fit"
## warning), values no other implementation can reproduce.  The reference
## uses the exact zero residual sum of squares of this integer data
## (Syy - Sxy^2/Sxx = 0 exactly with centred sums): slope_se = 0,
## ci_low = ci_high = slope, t = Inf, p = 0, r2 = 1; slope and intercept are
## lm's (2 and 3 to within 4 ulp).
TR <- list()
addr <- function(name, y, x) TR[[name]] <<- list(y = g17(y), x = g17(x))
local({
  x <- c(1, 2, 4); addr("n3", 1.5 + 0.8 * x + rnorm(3, 0, 0.5), x)
  x <- round(runif(20, 0, 10), 2); addr("n20", 4 - 0.6 * x + rnorm(20, 0, 1.2), x)
  x <- rep(1:6, c(2, 3, 1, 4, 2, 3)); addr("negative", 50 - 3.5 * x + rnorm(15, 0, 4), x)
  x <- runif(14, 20, 60); y <- 10 + 0.25 * x + rnorm(14, 0, 2)
  y[c(4, 10)] <- NA; x[7] <- NA
  addr("withna", y, x)
  xs <- round(runif(20, 0, 40) * 4) / 4
  addr("offset", 7 + 0.3 * xs + rnorm(20, 0, 1.5), 1e9 + xs)
  x <- 1:10; addr("perfect", 3 + 2 * x, x)
  addr("constx", c(1, 4, 2, 5, 3, 3), rep(2, 6))
})
write_csv("trend.csv", c("set", "y", "x"),
          list(rep(names(TR), vapply(TR, function(s) length(s$y), 1L)),
               unlist(lapply(TR, `[[`, "y"), use.names = FALSE),
               unlist(lapply(TR, `[[`, "x"), use.names = FALSE)))
trd <- read_csv("trend.csv")
rows <- list()
for (s in set_order(trd)) {
  y <- num(trd$y[trd$set == s]); x <- num(trd$x[trd$set == s])
  ok <- !is.na(x) & !is.na(y); y <- y[ok]; x <- x[ok]; n <- length(y)
  shift <- if (s == "offset") 1e9 else 0
  xs <- x - shift
  if (shift != 0) stopifnot(xs + shift == x, xs * 4 == round(xs * 4))
  if (shift != 0) stopifnot(is.na(coef(lm(y ~ x))[[2]]))   # see above
  fit <- lm(y ~ xs)
  sm <- suppressWarnings(summary(fit))
  cf <- coef(fit)
  for (lv in c(0.95, 0.90)) {
    v <- list(n = n, slope = NA, intercept = cf[[1]], slope_se = NA, ci_low = NA,
              ci_high = NA, t = NA, p = NA, r2 = sm$r.squared)
    if (!is.na(cf[[2]])) {
      v$slope <- cf[[2]]
      v$intercept <- cf[[1]] - cf[[2]] * shift
      st <- coef(sm)["xs", ]
      v$slope_se <- st[["Std. Error"]]; v$t <- st[["t value"]]; v$p <- st[["Pr(>|t|)"]]
      ci <- suppressWarnings(confint(fit, "xs", level = lv))
      v$ci_low <- ci[1]; v$ci_high <- ci[2]
    } else {
      stopifnot(s == "constx", sm$r.squared == 0)
    }
    if (s == "perfect") {
      xm <- mean(x); sxx <- sum((x - xm)^2); sxy <- sum((x - xm) * (y - mean(y)))
      syy <- sum((y - mean(y))^2)
      stopifnot(syy - sxy^2 / sxx == 0, abs(v$slope_se) < 1e-12 * abs(v$slope),
                abs(v$slope - sxy / sxx) <= 1e-14 * abs(v$slope))
      v$slope_se <- 0; v$ci_low <- v$slope; v$ci_high <- v$slope
      v$t <- Inf; v$p <- 0; v$r2 <- 1
    }
    rows[[length(rows) + 1L]] <- c(s, lvl_fmt(lv), vapply(v, fmt, ""))
  }
}
nr_trend <- write_rows("trend-expected.csv",
  c("set", "level", "n", "slope", "intercept", "slope_se", "ci_low", "ci_high",
    "t", "p", "r2"), rows)

## ============================================================ adjust ====
## Sets: basic (8 values, unsorted), ties (tied p's), ones (several 1s and
## values whose adjustment exceeds 1 -> capped at 1), withna (NA kept in
## place, n = 4 non-NA), single (one value: every method returns it),
## allna (only NA), n20 (20 values, mixed small/large), tiny (0, 1e-300,
## 1e-10: no underflow trouble), sorted_desc (decreasing input order).
AD <- list(
  basic = c(0.041, 0.0023, 0.5, 0.012, 0.33, 0.049, 0.0004, 0.08),
  ties = c(0.01, 0.03, 0.01, 0.03, 0.2, 0.03, 0.5),
  ones = c(1, 0.9, 0.04, 1, 0.6, 1),
  withna = c(0.02, NA, 0.001, 0.3, NA, 0.04),
  single = 0.03,
  allna = c(NA, NA),
  n20 = NULL,
  tiny = c(0, 1e-300, 1e-10, 0.5, 0.02),
  sorted_desc = c(0.9, 0.5, 0.2, 0.04, 0.01, 0.001)
)
AD$n20 <- c(runif(6, 0, 0.01), runif(7, 0, 0.1), runif(7, 0, 1))[order(runif(20))]
write_csv("adjust.csv", c("set", "p"),
          list(rep(names(AD), lengths(AD)), g17(unlist(AD, use.names = FALSE))))
pa <- read_csv("adjust.csv")
rows <- list()
for (s in set_order(pa)) {
  p <- num(pa$p[pa$set == s])
  for (m in c("holm", "hochberg", "bonferroni", "BH", "BY")) {
    adj <- p.adjust(p, m)
    stopifnot(identical(adj, p.adjust(p, m, n = sum(!is.na(p)))),
              identical(is.na(adj), is.na(p)))
    for (i in seq_along(p))
      rows[[length(rows) + 1L]] <- c(s, tolower(m), i, fmt(p[i]), fmt(adj[i]))
  }
}
nr_adjust <- write_rows("adjust-expected.csv",
  c("set", "method", "row", "p", "p_adjusted"), rows)

cat(sprintf("wrote %s: paired %d, twosample %d, prop %d, rate %d, anova %d, chisq %d, trend %d, adjust %d expected rows\n",
            outdir, nr_paired, nr_two, nr_prop, nr_rate, nr_anova, nr_chisq,
            nr_trend, nr_adjust))
