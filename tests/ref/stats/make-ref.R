# make-ref.R -- R reference fixtures for `ssp stats`.
#
# Produces, next to this script (or in the directory given as the first
# argument):
#   data.csv      header `set,x`; deterministic test sets (set.seed below).
#                 Reals are written with sprintf("%.17g") so a C strtod reads
#                 back exactly the same doubles.  Missing values are written
#                 either as an empty field or as the literal `NA`.
#   expected.csv  header `set,qtype,level,op,value`; one row per set x op
#                 (x qtype 1..9 for quantile ops, x level 0.95/0.90 for
#                 mean-ci-lo/hi), computed with base R from the values read
#                 back from the formatted data.  Values use sprintf("%.17g"),
#                 `NA` for NA/NaN, `Inf`/`-Inf` for infinities.
#
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), base R only.
# NB: quantile() details (the 4*eps fuzz for types 4-9, none for types 1-3,
# the separate type-7 branch) are those of R 4.2.2's stats:::quantile.default.
#
# Rerun from the repo root:
#   Rscript tests/ref/stats/make-ref.R            # writes tests/ref/stats/*
#   Rscript tests/ref/stats/make-ref.R OUTDIR     # writes OUTDIR/*
# Check an ssp binary against the result with tests/ref/stats/check.sh.

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
trailing <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(trailing) >= 1) {
  trailing[1]
} else if (length(file_arg) == 1) {
  dirname(file_arg)
} else {
  "tests/ref/stats"
}
if (!dir.exists(outdir)) stop("output directory does not exist: ", outdir)

## ---------------------------------------------------------------- data ----
set.seed(20240611)

g <- function(v) sprintf("%.17g", v)   # exact round-trip text of a double

sets <- list()   # name -> character vector of fields as written ("" / "NA" = missing)

sets$allna  <- c("", "NA", "")
sets$n1     <- g(rnorm(1, 10, 3))
sets$n2     <- g(rnorm(2, 5, 2))
sets$n3     <- g(rnorm(3, -1, 4))
sets$n4     <- g(rnorm(4, 20, 5))
## integer scores 0..15 skewed to the low end (depression-scale-like), many ties
## then all the 1s are moved to the end, as many as the most frequent value, so
## the mode is tied: smallest tied value (1) != first-seen tied value.
local({
  v <- sample(0:15, 60, replace = TRUE,
              prob = c(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1, 1))
  v <- v[v != 1]
  v <- c(v, rep(1, max(tabulate(v + 1))))
  sets$ties <<- g(v)
})
sets$likert <- g(sample(1:5, 37, replace = TRUE, prob = c(1, 2, 4, 3, 2)))
sets$neg    <- g(rnorm(30, 1.5, 4))
## around 1e9: the fractional parts are multiples of 2^-10, so every partial
## sum of this set is exact in double and mean = sum/n is the correctly
## rounded mean whatever the summation order (keeps skew/kurt, which are
## first-order sensitive to the rounding of the mean, reproducible in C);
## a naive sum-of-squares variance still fails badly here.
sets$offset <- g(1e9 + round(rnorm(30, 0, 1) * 1024) / 1024)
sets$skewed <- g(rlnorm(40, 0, 1))
sets$n50    <- g(rnorm(50))
sets$n1000  <- g(rgamma(1000, shape = 4, rate = 0.25))
local({
  v <- g(rnorm(24, 100, 15))
  v[c(1, 7, 24)] <- ""        # missing first and last row: tests first/last
  v[c(12, 13, 19)] <- "NA"
  sets$withna <<- v
})
sets$tiny   <- g(rnorm(20, 1e-8, 3e-9))
sets$const  <- g(rep(2.5, 6))
## mean exactly 0 (exact binary values): cv = sd/0 = Inf
sets$zeromean <- g(c(-2.5, -1, 0.5, 1, 2))
## 1..1000 and 1..100 (issue 12): decimal pN where n * N/100 is a whole
## number, so types 1-3 sit exactly on an order statistic (p99.9 of 1000
## values is the 999th; N/100 in floating point, 0.9990000000000001, would
## pick the 1000th).
sets$seq1000 <- g(1:1000)
sets$seq100 <- g(1:100)

setnames <- names(sets)
data <- data.frame(set = rep(setnames, lengths(sets)),
                   x = unlist(sets, use.names = FALSE),
                   stringsAsFactors = FALSE)
## groups need not be contiguous: the tiny rows are written in the middle of
## the withna rows (first-seen order of sets is unchanged: withna, tiny).
local({
  w <- which(data$set == "withna"); t <- which(data$set == "tiny")
  rest <- setdiff(seq_len(nrow(data)), c(w, t))
  before <- rest[rest < min(w)]; after <- rest[rest > max(t)]
  stopifnot(max(w) + 1 == min(t))
  ord <- c(before, w[1:12], t, w[-(1:12)], after)
  stopifnot(sort(ord) == seq_len(nrow(data)))
  data <<- data[ord, ]
})
stopifnot(!grepl("[,\"\r\n]", c(data$set, data$x)))
stopifnot(any(data$x == ""), any(data$x == "NA"))

con <- file(file.path(outdir, "data.csv"), open = "wb")   # "wb": LF endings
writeLines(c("set,x", paste(data$set, data$x, sep = ",")), con, sep = "\n")
close(con)

## ---------------------------------------------------------------- stats ---
parse_x <- function(s) {
  v <- rep(NA_real_, length(s))
  ok <- !(s == "" | s == "NA")
  v[ok] <- as.numeric(s[ok])
  stopifnot(!is.na(v[ok]))
  v
}

## pN as num/den: N read as a decimal exactly (p99.9 = 999/1000); num/den
## in double is the correctly rounded probability, as R reads "0.999".
pct_ops <- list("p0" = c(0, 100), "p2.5" = c(25, 1000), "p5" = c(5, 100),
                "p10" = c(10, 100), "p90" = c(90, 100), "p95" = c(95, 100),
                "p99" = c(99, 100), "p100" = c(100, 100),
                "p99.9" = c(999, 1000), "p33.3" = c(333, 1000),
                "p0.1" = c(1, 1000), "p7" = c(7, 100), "p12.5" = c(125, 1000),
                "p66.66" = c(6666, 10000))
q_ops <- c("median", "q1", "q3", "iqr", names(pct_ops))
ops <- c("count", "nmiss", "sum", "mean", "var", "sd", "se", "cv",
         "min", "max", "range", "median", "q1", "q3", "iqr",
         names(pct_ops), "mad", "skew", "kurt", "mode", "distinct",
         "mean-ci-lo", "mean-ci-hi", "first", "last")
levels_ci <- c(0.95, 0.90)

q <- function(x, p, type) {
  if (length(x) == 0) return(NA_real_)
  quantile(x, p, type = type, names = FALSE)
}

## Types 1-3 of R's quantile.default for p = num/den exactly: nppm = n p
## (type 3: n p - 1/2) as the fraction a/b of whole numbers (exact in
## double while below 2^53), j = floor(a/b), "nppm > j" is "a mod b > 0";
## then R's own selection from c(x[1], x[1], x, x[n], x[n]).
q_exact <- function(x, num, den, type) {
  n <- length(x)
  if (n == 0) return(NA_real_)
  a <- n * num; b <- den
  if (type == 3) { a <- 2 * a - b; b <- 2 * b }
  stopifnot(abs(a) < 2^53, b < 2^53)
  j <- a %/% b; frac <- (a %% b) != 0
  h <- switch(type, as.numeric(frac), (frac + 1) / 2,
              as.numeric(frac | (j %% 2 == 1)))
  x <- sort(x)
  x <- c(x[1L], x[1L], x, x[n], x[n])
  lo <- x[j + 2L]; hi <- x[j + 3L]
  if (h == 1) hi else if (h > 0 && h < 1 && lo != hi) (1 - h) * lo + h * hi
  else lo
}

## quantile() multiplies n by the double of num/den: where that product is
## not the exact n * num/den on the right side of a whole number (n = 100,
## p = 0.07: 7.000000000000001), types 1-3 pick the next order statistic.
## The reference is the exact choice; every such case is listed here and
## printed, so none passes unseen.
fp_artifacts <- character()
q_pct <- function(x, set, op, num, den, type) {
  v <- q(x, num / den, type)
  if (type <= 3 && length(x) > 0) {
    e <- q_exact(x, num, den, type)
    if (!identical(v, e)) {
      fp_artifacts <<- c(fp_artifacts, sprintf(
        "%s %s type %d: quantile() %s, exact %s", set, op, type,
        sprintf("%.17g", v), sprintf("%.17g", e)))
      v <- e
    }
  }
  v
}

moments <- function(x) {
  m <- mean(x)
  d <- x - m
  list(m2 = mean(d^2), m3 = mean(d^3), m4 = mean(d^4))
}

fmt <- function(v) {
  v <- as.numeric(v)
  if (is.na(v)) "NA"                      # NA and NaN
  else if (is.infinite(v)) if (v > 0) "Inf" else "-Inf"
  else sprintf("%.17g", v)
}

rows <- list()
add <- function(set, qtype, level, op, value) {
  rows[[length(rows) + 1L]] <<- c(set, as.character(qtype),
                                  sprintf("%.2f", level), op, fmt(value))
}

for (s in setnames) {
  raw <- parse_x(data$x[data$set == s])
  x <- raw[!is.na(raw)]
  n <- length(x)
  if (s == "offset") stopifnot(mean(x) == sum(x) / n)   # see data comment
  sdx <- if (n >= 2) sd(x) else NA_real_
  # Central moments of the 1e9-offset set come from the exactly shifted
  # values x - 1e9 (every difference is exact: multiples of 1/1024). R's
  # mean(x) is rounded to a double (ulp 1.2e-7 at 1e9), and that rounding
  # alone moves R's two-pass skewness of x by ~1e-5 relative; the property
  # under test is that a 1e9 offset changes no dispersion statistic beyond
  # rounding, so the reference is the statistic of the unshifted data.
  mo <- if (n >= 3) moments(if (s == "offset") x - 1e9 else x) else NULL
  val <- list(
    count = n,
    nmiss = sum(is.na(raw)),
    sum = sum(x),
    mean = if (n >= 1) mean(x) else NA_real_,
    var = if (n >= 2) var(x) else NA_real_,
    sd = sdx,
    se = if (n >= 2) sdx / sqrt(n) else NA_real_,
    cv = if (n >= 2) sdx / mean(x) else NA_real_,
    min = if (n >= 1) min(x) else NA_real_,
    max = if (n >= 1) max(x) else NA_real_,
    range = if (n >= 1) max(x) - min(x) else NA_real_,
    mad = if (n >= 1) mad(x) else NA_real_,
    skew = if (n >= 3) {
      sqrt(n * (n - 1)) / (n - 2) * mo$m3 / mo$m2^1.5
    } else NA_real_,
    kurt = if (n >= 4) {
      g2 <- mo$m4 / mo$m2^2 - 3
      ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
    } else NA_real_,
    mode = if (n >= 1) {
      ux <- sort(unique(x))
      ux[which.max(tabulate(match(x, ux), nbins = length(ux)))]
    } else NA_real_,
    distinct = length(unique(x)),
    first = if (n >= 1) x[1] else NA_real_,
    last = if (n >= 1) x[n] else NA_real_
  )
  for (op in ops) {
    if (op %in% q_ops) {
      for (t in 1:9) {
        v <- switch(op,
          median = q(x, 0.5, t),
          q1 = q(x, 0.25, t),
          q3 = q(x, 0.75, t),
          iqr = q(x, 0.75, t) - q(x, 0.25, t),
          q_pct(x, s, op, pct_ops[[op]][1], pct_ops[[op]][2], t))
        add(s, t, 0.95, op, v)
      }
    } else if (op %in% c("mean-ci-lo", "mean-ci-hi")) {
      for (lv in levels_ci) {
        ## issue 12: NA where R's t.test stops ("data are essentially
        ## constant") or gives NaN (all zero), not a zero-width interval
        tt <- if (n >= 2) tryCatch(t.test(x, conf.level = lv),
                                   error = function(e) NULL)
        v <- if (n >= 2 && !is.null(tt) && !is.nan(tt$conf.int[1])) {
          hw <- qt((1 + lv) / 2, n - 1) * sdx / sqrt(n)
          if (op == "mean-ci-lo") mean(x) - hw else mean(x) + hw
        } else NA_real_
        add(s, 7, lv, op, v)
      }
    } else {
      add(s, 7, 0.95, op, val[[op]])
    }
  }
}

out <- do.call(rbind, rows)
con <- file(file.path(outdir, "expected.csv"), open = "wb")
writeLines(c("set,qtype,level,op,value", apply(out, 1, paste, collapse = ",")),
           con, sep = "\n")
close(con)
if (length(fp_artifacts))
  cat("types 1-3 where quantile()'s n * p in floating point is off the",
      "exact order statistic (the reference takes the exact one):",
      paste(" ", fp_artifacts), sep = "\n")
cat(sprintf("wrote %s (%d rows, %d sets) and %s (%d rows)\n",
            file.path(outdir, "data.csv"), nrow(data), length(setnames),
            file.path(outdir, "expected.csv"), nrow(out)))
