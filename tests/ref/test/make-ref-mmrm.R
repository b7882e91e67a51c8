# make-ref-mmrm.R -- R reference fixtures for `ssp test mmrm`.
#
# Rerun from the repo root (deterministic; needs r-cran-nlme):
#   Rscript tests/ref/test/make-ref-mmrm.R          # writes tests/ref/test/*
#   Rscript tests/ref/test/make-ref-mmrm.R OUTDIR   # writes OUTDIR/*
# Writes:
#   mmrm.csv           set,id,visit,arm,base,y: long data, one row per subject
#                      and post-baseline visit (synthetic sets, below); a
#                      missing outcome is an empty y field
#   mmrm-expected.csv  set,levels,visit, then the columns ssp test mmrm
#                      prints: n,estimate,se,df,ci_low,ci_high,t,p
#   (stdout: per fit set, levels, REML logLik, the optimisers' iterations and
#   convergence messages and how far each fit is from the optimum, for a human
#   to inspect; the logLiks of one run are listed at the end of this file)
# Sets of mmrm.csv (arm intervention / comparison, base the baseline score
# ~ N(20, 4) and constant within subject; y = a_v + b_v base + delta_v [arm =
# intervention] + e, e ~ N(0, Sigma) per subject with Sigma unstructured and
# unequal variances per visit, delta_v growing over the visits; ids sNN-MMM are
# unique across sets; base rounded to 1 decimal, y to 2):
#   balanced3      3 visits v1..v3, 60 subjects, nothing missing
#   mar3           3 visits, 120 subjects, monotone dropout whose probability
#                  depends on the last observed y (MAR); a dropout's later
#                  visits are either rows with an empty y or no rows at all;
#                  rows shuffled so that the visits first appear as v2,v3,v1
#   intermittent4  4 visits, 80 subjects, non-monotone gaps (some subjects miss
#                  an early visit and come back later; empty y or no row),
#                  visit sds 2, 4, 7, 11
#   two2           2 visits midline, endline, 40 subjects, 4 missing endline
#   small          2 visits v1, v2, 12 subjects (6 per arm), one missing v1
#                  (empty y) and one missing v2 (no row)
# Model for each set (the set column is the group, -g set):
#   gls(y ~ 0 + visit + visit:arm + visit:base,
#       correlation = corSymm(form = ~ vnum | id),
#       weights = varIdent(form = ~ 1 | visit), method = "REML",
#       na.action = na.omit)
# with visit a factor whose levels are the visits in order of first appearance
# in the set's rows (empty-y rows included; the script checks that the order
# is the same without them), vnum the integer position of the visit in that
# order, and arm a factor with levels c(B, A), so the coefficient
# visit<v>:arm<A> is the adjusted difference A - B at visit v (unstructured
# covariance, separate intercept, arm effect and baseline slope per visit:
# p = 3T coefficients). Every set is fitted with levels
# intervention/comparison; two2 also with comparison/intervention.
# Per visit: n = subjects with a non-missing y at that visit; estimate, se, t,
# p = the visit<v>:arm<A> row of summary(fit)$tTable; df = N - p (N rows used):
# nlme's summary.gls computes p = 2 pt(-|t|, dims$N - dims$p) and
# intervals.gls uses qt((1 - level)/2, dims$N - dims$p) (no Satterthwaite or
# Kenward-Roger df); ci_low, ci_high = estimate -/+ qt(0.975, df) se, checked
# against intervals(fit, which = "coef") and the p against pt(|t|, N - p).
# Optimum: glsControl(maxIter = 500, msMaxIter = 1000, tolerance = 1e-12,
# msTol = 1e-14) is accepted, but with corSymm + varIdent gls's outer loop
# runs once (numIter 0) and nlminb only gets iter.max = msMaxIter (its
# rel.tol stays 1e-10); optim (BFGS) gets maxit = msMaxIter and reltol =
# msTol but differentiates numerically with ndeps 1e-3. So the free fits
# (opt = "nlminb" and opt = "optim", both run and printed) stop up to ~5e-6
# (nlminb) and ~7e-7 (optim) relative away from the optimum in estimate and
# se, and differ from each other by as much: a 1e-8 nlminb/optim check cannot
# pass. The optimum is instead found by an independent REML written here
# (Sigma unstructured, analytic gradient, nlminb from a diagonal start, then
# Newton steps until the step is < 1e-13 relative; the Hessian must be
# positive definite), and the expected values come from the same gls model
# with corSymm and varIdent fixed at that Sigma, summary(fit)$tTable and
# intervals(fit, which = "coef"). The script stops unless nlme there and the
# independent REML agree to 1e-10 relative (estimate: relative to max(|est|,
# se)), both free fits are within 1e-4 of it and neither has a higher logLik
# (1e-9).
# Numbers are written with sprintf("%.17g"); every input is written first and
# read back before it is fitted.
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "tests/ref/test"
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

set.seed(20)
# n subjects, visit labels vis, visit sds sd, correlation matrix R, arm effects
# delta; miss(y) returns a matrix of codes: 0 observed, 1 missing (a row with
# an empty y), 2 missing (no row at all)
mk <- function(set, k, n, vis, sd, R, delta, miss = NULL) {
  nv <- length(vis)
  arm <- sample(rep(c("intervention", "comparison"), length.out = n))
  base <- rnorm(n, 20, 4)
  S <- diag(sd) %*% R %*% diag(sd)
  e <- matrix(rnorm(n * nv), n) %*% chol(S)
  a <- 6 + 1.5 * seq_len(nv); b <- seq(0.7, 0.5, length.out = nv)
  y <- outer(rep(1, n), a) + outer(base, b) + outer(arm == "intervention", delta) + e
  base <- round(base, 1); y <- round(y, 2)
  m <- if (is.null(miss)) matrix(0, n, nv) else miss(y)
  drop <- m == 2
  y[m > 0] <- NA
  id <- sprintf("s%02d-%03d", k, seq_len(n))
  d <- data.frame(set = set, id = rep(id, each = nv), visit = rep(vis, n),
                  arm = rep(arm, each = nv), base = rep(base, each = nv),
                  y = as.vector(t(y)))
  d[!as.vector(t(drop)), ]
}
cor3 <- matrix(c(1, .6, .45, .6, 1, .7, .45, .7, 1), 3)
cor4 <- matrix(c(1, .5, .35, .3, .5, 1, .6, .45, .35, .6, 1, .65, .3, .45, .65, 1), 4)
cor2 <- matrix(c(1, .55, .55, 1), 2)
# per subject, its missing visits are all empty rows or all absent rows
code <- function(m) m * (1 + (runif(nrow(m)) < 0.5))
mar <- function(y) {  # monotone dropout, more likely after a low y
  m <- matrix(FALSE, nrow(y), ncol(y))
  for (v in 2:ncol(y)) {
    p <- plogis(-1.8 - 0.35 * (y[, v - 1] - mean(y[, v - 1])))
    m[, v] <- m[, v - 1] | runif(nrow(y)) < p
  }
  code(m)
}
gaps <- function(y) {  # non-monotone: any visit may be missed
  m <- matrix(runif(length(y)) < c(0.12, 0.15, 0.12, 0.10)[col(y)], nrow(y))
  m[rowSums(!m) == 0, 4] <- FALSE  # nobody misses every visit
  m[1, ] <- FALSE  # the first subject has every visit (first-appearance order)
  code(m)
}
endline <- function(y) cbind(0, c(0, 1, 2, 1, 2)[match(seq_len(nrow(y)), c(5, 12, 23, 31), 0) + 1])
small <- function(y) cbind(1 * (seq_len(12) == 4), 2 * (seq_len(12) == 9))

d3 <- mk("mar3", 2, 120, c("v1", "v2", "v3"), c(3, 4, 5.5), cor3, c(0.5, 1.5, 2.5), mar)
repeat {  # shuffle until the visits first appear as v2, v3, v1
  d3 <- d3[sample(nrow(d3)), ]
  if (identical(unique(d3$visit), c("v2", "v3", "v1")) &&
      identical(unique(d3$visit[!is.na(d3$y)]), c("v2", "v3", "v1"))) break
}
d <- rbind(mk("balanced3", 1, 60, c("v1", "v2", "v3"), c(3, 4, 5), cor3, c(0.5, 1.5, 2.5)),
           d3,
           mk("intermittent4", 3, 80, c("v1", "v2", "v3", "v4"), c(2, 4, 7, 11), cor4,
              c(0.3, 1.2, 2.4, 3.6), gaps),
           mk("two2", 4, 40, c("midline", "endline"), c(3.5, 5), cor2, c(1, 2.5), endline),
           mk("small", 5, 12, c("v1", "v2"), c(3, 4.5), cor2, c(1.5, 3), small))
write.csv(d, file.path(out, "mmrm.csv"), row.names = FALSE, quote = FALSE, na = "")
d <- read.csv(file.path(out, "mmrm.csv"), stringsAsFactors = FALSE)

# --- independent REML (to confirm the optimum) and gls at it -------------
source("tests/ref/test/mmrm-reml.R")

# --- the nlme fits -------------------------------------------------------
# the optimiser's own result (gls does not keep it): trace nlminb and optim
# as gls calls them
.opt <- new.env()
for (fn in c("nlminb", "optim"))
  suppressMessages(trace(fn, exit = quote(assign("res", returnValue(), envir = .opt)),
                         print = FALSE, where = asNamespace("nlme")))
fit_free <- function(df, opt) {
  .opt$res <- NULL
  fit <- gls(fo, data = df, correlation = corSymm(form = ~ vnum | id),
             weights = varIdent(form = ~ 1 | visit), method = "REML",
             na.action = na.omit, control = ctl(opt))
  r <- .opt$res
  msg <- if (opt == "nlminb") sprintf("%s, %d iterations", r$message, r$iterations) else
    sprintf("convergence %d, counts %s", r$convergence, paste(r$counts, collapse = "/"))
  list(fit = fit, msg = msg)
}

rows <- character(0); maxrel <- matrix(0, 3, 2, dimnames = list(c("nlminb", "optim", "reml"), c("estimate", "se")))
add <- function(key, v) rows <<- c(rows, paste(c(key, f17(v)), collapse = ","))
lvs <- list(c("intervention", "comparison"))
for (set in unique(d$set)) {
  a <- d[d$set == set, ]
  lev <- unique(a$visit); T <- length(lev)
  if (!identical(lev, unique(a$visit[!is.na(a$y)]))) stop("visit order depends on empty rows")
  for (lv in c(lvs, if (set == "two2") list(rev(lvs[[1]])))) {
    A <- lv[1]; B <- lv[2]; df <- frame_of(a, lev, A, B)
    ind <- reml_of(a, lev, A)
    fit <- fit_at(df, ind$S, lev)
    tt <- summary(fit)$tTable
    if (!identical(rownames(tt), names(ind$beta))) stop("coefficient names")
    cmp <- rbind(reml = c(relerr(tt[, "Value"], ind$beta, ind$se), relerr(tt[, "Std.Error"], ind$se, 0)))
    fr <- list(nlminb = fit_free(df, "nlminb"), optim = fit_free(df, "optim"))
    for (o in names(fr)) {
      to <- summary(fr[[o]]$fit)$tTable
      cmp <- rbind(cmp, c(relerr(to[, "Value"], tt[, "Value"], tt[, "Std.Error"]),
                          relerr(to[, "Std.Error"], tt[, "Std.Error"], 0)))
      rownames(cmp)[nrow(cmp)] <- o
      if (logLik(fr[[o]]$fit) > logLik(fit) + 1e-9) stop(set, ": ", o, " found a higher logLik")
    }
    if (any(cmp["reml", ] > 1e-10)) stop(set, ": nlme at the optimum differs from the REML check")
    if (any(cmp[c("nlminb", "optim"), ] > 1e-4)) stop(set, ": a free nlme fit is far from the optimum")
    maxrel <- pmax(maxrel, cmp[rownames(maxrel), ])
    N <- fit$dims$N; p <- fit$dims$p
    if (p != 3 * T || N != sum(!is.na(a$y))) stop("unexpected N or p")
    dfr <- N - p; q <- qt(0.975, dfr)
    ci <- intervals(fit, which = "coef")$coef
    for (v in seq_len(T)) {
      cn <- paste0("visit", lev[v], ":arm", A)
      est <- tt[cn, "Value"]; se <- tt[cn, "Std.Error"]
      lo <- est - q * se; hi <- est + q * se
      if (abs(lo - ci[cn, "lower"]) > 1e-12 * se || abs(hi - ci[cn, "upper"]) > 1e-12 * se ||
          tt[cn, "p-value"] != 2 * pt(-abs(tt[cn, "t-value"]), dfr)) stop("df is not N - p")
      n <- length(unique(a$id[a$visit == lev[v] & !is.na(a$y)]))
      add(c(set, paste(lv, collapse = "/"), lev[v]),
          c(n, est, se, dfr, lo, hi, tt[cn, "t-value"], tt[cn, "p-value"]))
    }
    cat(sprintf("%s %s: logLik %.12g (free nlminb %.12g, optim %.12g)\n", set,
                paste(lv, collapse = "/"), logLik(fit), logLik(fr$nlminb$fit), logLik(fr$optim$fit)))
    cat(sprintf("  nlminb: %s, numIter %d; optim: %s, numIter %d\n", fr$nlminb$msg,
                fr$nlminb$fit$numIter, fr$optim$msg, fr$optim$fit$numIter))
    cat(sprintf("  REML check: search %s, %d Newton steps, max |grad * theta| %.2g\n",
                ind$search, ind$newton, ind$grad))
    cat(sprintf("  max relative difference to the optimum (estimate, se): nlminb %.2g %.2g, optim %.2g %.2g, REML check %.2g %.2g\n",
                cmp["nlminb", 1], cmp["nlminb", 2], cmp["optim", 1], cmp["optim", 2],
                cmp["reml", 1], cmp["reml", 2]))
  }
}
cat("max relative difference to the optimum over all fits:\n"); print(signif(maxrel, 3))
hdr <- "set,levels,visit,n,estimate,se,df,ci_low,ci_high,t,p"
writeLines(c(hdr, rows), file.path(out, "mmrm-expected.csv"))

# REML logLik(fit) at the optimum, from one run (R 4.2.2, nlme 3.1.162); not
# written to the fixtures, printed for inspection (the free nlminb fit of mar3
# and intermittent4 stops 3e-9 and 7e-9 lower):
#   balanced3      intervention/comparison  -471.730242688
#   mar3           intervention/comparison  -758.738140694
#   intermittent4  intervention/comparison  -782.794877013
#   two2           intervention/comparison  -190.032178448
#   two2           comparison/intervention  -190.032178448
#   small          intervention/comparison  -47.9983967914
