#!/usr/bin/env Rscript
# make-ref-sided.R: R reference values for ssp test prop and rate at other
# confidence levels and, for prop, one-sided alternatives.  Reads prop.csv
# and rate.csv (written by make-ref.R) and writes
#   prop-sided-expected.csv: set,method,alternative,level,p0,x,n,estimate,
#     ci_low,ci_high,p
#   rate-level-expected.csv: set,level,per,events,exposure,rate,ci_low,ci_high
# Usage: Rscript tests/ref/test/make-ref-sided.R [OUTDIR]
#
# wilson   = prop.test(x, n, alternative, conf.level, correct = FALSE)$conf.int
# exact    = binom.test(x, n, p0, alternative, conf.level)$conf.int
# jeffreys = qbeta at the ends of Beta(x + .5, n - x + .5): two-sided the
#            (1 - level)/2 and (1 + level)/2 quantiles, one-sided [0, q(level)]
#            (less) or [q(1 - level), 1] (greater); 0 at x = 0, 1 at x = n.
# p        = binom.test(x, n, p0, alternative)$p.value
# rate CI  = poisson.test(events, exposure, conf.level = level)$conf.int * per
# Numbers as make-ref.R writes them: %.17g, NA, Inf.
args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
trailing <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(trailing) >= 1) trailing[1] else
  if (length(file_arg) == 1) dirname(file_arg) else "tests/ref/test"
fmt <- function(v) {
  v <- as.numeric(v)
  if (is.na(v)) "NA" else if (is.infinite(v)) if (v > 0) "Inf" else "-Inf"
  else sprintf("%.17g", v)
}
rd <- function(name) read.csv(file.path(outdir, name), colClasses = "character")
wr <- function(name, header, rows) {
  con <- file(file.path(outdir, name), open = "wb")
  writeLines(c(paste(header, collapse = ","),
               vapply(rows, paste, "", collapse = ",")), con, sep = "\n")
  close(con)
  length(rows)
}
alt_name <- c(two.sided = "two-sided", less = "less", greater = "greater")

pr <- rd("prop.csv")
rows <- list()
for (i in seq_len(nrow(pr))) {
  x <- as.numeric(pr$x[i]); n <- as.numeric(pr$n[i])
  for (alt in names(alt_name)) for (level in c(0.90, 0.99)) {
    w <- as.numeric(suppressWarnings(prop.test(x, n, alternative = alt,
                      conf.level = level, correct = FALSE))$conf.int)
    ex <- as.numeric(binom.test(x, n, alternative = alt,
                                conf.level = level)$conf.int)
    q <- function(p) qbeta(p, x + 0.5, n - x + 0.5)
    jf <- switch(alt, two.sided = q(c((1 - level) / 2, (1 + level) / 2)),
                 less = c(0, q(level)), greater = c(q(1 - level), 1))
    if (x == 0) jf[1] <- 0
    if (x == n) jf[2] <- 1
    for (m in c("wilson", "exact", "jeffreys")) for (p0 in c(0.5, 0.3)) {
      ci <- switch(m, wilson = w, exact = ex, jeffreys = jf)
      pv <- binom.test(x, n, p0, alternative = alt)$p.value
      rows[[length(rows) + 1]] <- c(pr$set[i], m, alt_name[[alt]],
        sprintf("%.2f", level), sprintf("%.15g", p0), fmt(x), fmt(n),
        fmt(x / n), fmt(ci[1]), fmt(ci[2]), fmt(pv))
    }
  }
}
np <- wr("prop-sided-expected.csv", c("set", "method", "alternative", "level",
         "p0", "x", "n", "estimate", "ci_low", "ci_high", "p"), rows)

ra <- rd("rate.csv")
rows <- list()
for (i in seq_len(nrow(ra))) {
  ev <- as.numeric(ra$events[i]); ex <- as.numeric(ra$exposure[i])
  for (level in c(0.90, 0.99)) for (per in c(1, 1000)) {
    ci <- poisson.test(ev, ex, conf.level = level)$conf.int * per
    rows[[length(rows) + 1]] <- c(ra$set[i], sprintf("%.2f", level),
      sprintf("%.15g", per), fmt(ev), fmt(ex), fmt(ev / ex * per),
      fmt(ci[1]), fmt(ci[2]))
  }
}
nr <- wr("rate-level-expected.csv", c("set", "level", "per", "events",
         "exposure", "rate", "ci_low", "ci_high"), rows)
cat(sprintf("wrote prop-sided %d, rate-level %d expected rows\n", np, nr))
