# make-ref.R: the R reference values for ssp power (tests/ref/power).
# Rerun from the repo root (R >= 4.0; Debian's r-cran-pwr for pwr):
#   Rscript tests/ref/power/make-ref.R          # writes tests/ref/power/expected.csv
#   Rscript tests/ref/power/make-ref.R OUTDIR   # writes OUTDIR/expected.csv
# Check an ssp binary against it with tests/ref/power/check.sh.
# expected.csv has one row per calculation:
#   source     power.t.test, ancova (power.t.test's own formula with the
#              residual sd and df 2n - 3, see ssp-power(1)) or pwr
#   tol        the relative tolerance check.sh allows: 1e-9 where R's
#              numbers and ssp's come from the same steps; for pwr's
#              solved n or d, 5e-4, as pwr solves with uniroot over its
#              own bracket (2 + 1e-10, 1e9) and tolerance (1.2e-4)
#   test, alternative, strict, alpha, sd, r   the inputs
#   solve      which of n, delta, power R solved (the others were given)
#   n, delta, power, n_enrol   R's values; n_enrol is the least whole
#              n >= 2 with power at least the target when n is solved,
#              ceiling(n) otherwise
suppressMessages(library(pwr))

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
trailing <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(trailing) >= 1) trailing[1] else
  if (length(file_arg) == 1) dirname(file_arg) else "tests/ref/power"
if (!dir.exists(outdir)) stop("output directory does not exist: ", outdir)

# power.t.test's p.body, with ANCOVA's residual sd and df 2n - 3
ancova_power <- function(n, delta, sd, r, sig.level, tside, strict) {
  s <- sd * sqrt(1 - r^2)
  nu <- pmax(1e-07, 2 * n - 3)
  qu <- qt(sig.level / tside, nu, lower.tail = FALSE)
  ncp <- sqrt(n / 2) * delta / s
  p <- pt(qu, nu, ncp = ncp, lower.tail = FALSE)
  if (strict && tside == 2) p <- p + pt(-qu, nu, ncp = ncp, lower.tail = TRUE)
  p
}
ancova <- function(n = NULL, delta = NULL, sd, r, sig.level, power = NULL,
                   alternative, strict) {
  tside <- if (alternative == "one.sided") 1 else 2
  tol <- .Machine$double.eps^0.25
  f <- function(n, delta) ancova_power(n, delta, sd, r, sig.level, tside, strict)
  if (is.null(power)) power <- f(n, delta)
  else if (is.null(n))
    n <- uniroot(function(n) f(n, delta) - power, c(2, 1e+07), tol = tol,
                 extendInt = "upX")$root
  else
    delta <- uniroot(function(delta) f(n, delta) - power, sd * c(1e-07, 1e+07),
                     tol = tol, extendInt = "upX")$root
  list(n = n, delta = delta, power = power)
}

enrol <- function(n, solve, powfun, target) {
  if (solve != "n") return(ceiling(n))
  m <- max(2, ceiling(n))
  while (m > 2 && powfun(m - 1) >= target) m <- m - 1
  while (powfun(m) < target) m <- m + 1
  m
}

rows <- list()
add <- function(...) rows[[length(rows) + 1]] <<- data.frame(...)
fmt <- function(x) sprintf("%.17g", x)

grid <- expand.grid(alpha = c(0.05, 0.01), sd = c(1, 2.5),
                    alternative = c("two.sided", "one.sided"),
                    strict = c(FALSE, TRUE), stringsAsFactors = FALSE)
grid <- grid[!(grid$strict & grid$alternative == "one.sided"), ]
# given values: (n, delta) for power; (delta, power) for n; (n, power) for delta
givens <- list(list(solve = "power", n = 10, delta = 0.8),
               list(solve = "power", n = 37.5, delta = 0.35),
               list(solve = "power", n = 250, delta = 0.1),
               list(solve = "n", delta = 0.5, power = 0.8),
               list(solve = "n", delta = 1.3, power = 0.9),
               list(solve = "n", delta = 0.2, power = 0.95),
               list(solve = "delta", n = 12, power = 0.8),
               list(solve = "delta", n = 64, power = 0.9),
               list(solve = "delta", n = 400, power = 0.5))
for (g in seq_len(nrow(grid))) {
  a <- grid$alpha[g]; s <- grid$sd[g]; alt <- grid$alternative[g]
  st <- grid$strict[g]; tside <- if (alt == "one.sided") 1 else 2
  for (v in givens) {
    # delta scales with sd so that each case is a realistic effect size
    d <- if (is.null(v$delta)) NULL else v$delta * s
    for (test in c("paired", "two-sample")) {
      type <- if (test == "paired") "paired" else "two.sample"
      res <- power.t.test(n = v$n, delta = d, sd = s, sig.level = a,
                          power = v$power, type = type, alternative = alt,
                          strict = st)
      pf <- function(m) power.t.test(n = m, delta = res$delta, sd = s,
                                     sig.level = a, type = type,
                                     alternative = alt, strict = st)$power
      add(source = "power.t.test", tol = "1e-9", test = test,
          alternative = alt, strict = st, alpha = a, sd = s, r = "",
          solve = v$solve, n = fmt(res$n), delta = fmt(res$delta),
          power = fmt(res$power),
          n_enrol = enrol(res$n, v$solve, pf, res$power))
      # pwr: the two-sided power counts both tails (strict), one-sided is
      # "greater"; effect size d = delta / sd
      if (st || alt == "one.sided") {
        palt <- if (alt == "one.sided") "greater" else "two.sided"
        pr <- pwr.t.test(n = v$n, d = if (is.null(d)) NULL else d / s,
                         sig.level = a, power = v$power, type = type,
                         alternative = palt)
        add(source = "pwr", tol = if (v$solve == "power") "1e-9" else "5e-4",
            test = test, alternative = alt, strict = st, alpha = a, sd = s,
            r = "", solve = v$solve, n = fmt(pr$n), delta = fmt(pr$d * s),
            power = fmt(pr$power), n_enrol = "")
      }
    }
    for (r in c(0, 0.5, -0.7)) {
      res <- ancova(n = v$n, delta = d, sd = s, r = r, sig.level = a,
                    power = v$power, alternative = alt, strict = st)
      pf <- function(m) ancova_power(m, res$delta, s, r, a, tside, st)
      add(source = "ancova", tol = "1e-9", test = "ancova",
          alternative = alt, strict = st, alpha = a, sd = s, r = r,
          solve = v$solve, n = fmt(res$n), delta = fmt(res$delta),
          power = fmt(res$power),
          n_enrol = enrol(res$n, v$solve, pf, res$power))
    }
  }
}
out <- do.call(rbind, rows)
out$strict <- ifelse(out$strict, "TRUE", "FALSE")
write.csv(out, file.path(outdir, "expected.csv"), row.names = FALSE,
          quote = FALSE)
cat(sprintf("%s: %d rows (%s)\n", file.path(outdir, "expected.csv"),
            nrow(out), R.version.string))
