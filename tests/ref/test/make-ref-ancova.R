# make-ref-ancova.R -- R reference fixtures for `ssp test ancova` (issue 14).
#
# Rerun from the repo root (deterministic; needs r-cran-mass, r-cran-emmeans,
# r-cran-clubsandwich):
#   Rscript tests/ref/test/make-ref-ancova.R          # writes tests/ref/test/*
#   Rscript tests/ref/test/make-ref-ancova.R OUTDIR   # writes OUTDIR/*
# Writes:
#   ancova-anorexia.csv  MASS::anorexia (Treat, Prewt, Postwt) as it is
#   ancova.csv           set,site,arm,pre,post,age: synthetic sets (below)
#   ancova-expected.csv  set,levels,covariates,cluster, then the columns
#                        ssp test ancova prints (cluster 0: the first 12,
#                        cluster 1: all 16)
# Sets of ancova.csv (arm intervention / comparison, pre the baseline):
#   ties     whole-number scores 0..10 with many ties, 6 sites of unequal size
#   unequal  10 sites of 2 to 19 subjects, both arms in most sites
#   four     4 sites only (11, 7, 5, 3 subjects), both arms in each
#   crt      4 sites, the arm constant within a site (cluster-randomised)
# Each set is fitted with the baseline alone and with age as a covariate,
# with and without site as the cluster; anorexia with --levels CBT,Cont and
# FT,Cont, no cluster (and a made-up cluster of 6 by row order, "row6").
# For each fit: lm(post ~ arm + pre [+ age]) with arm a factor whose reference
# level is B, so the arm coefficient is A - B; emmeans(fit, "arm") for the
# adjusted means (at the covariate means); summary.lm for se_model, t, df, p
# and confint for the interval without cluster; with cluster,
# coef_test(fit, vcov = "CR2", cluster, test = "Satterthwaite") for se, t, df,
# p and conf_int(fit, vcov = "CR2", cluster) for the interval, and icc from
# the one-way ANOVA of post by cluster: (MSB - MSW) / (MSB + (n0 - 1) MSW),
# n0 = (N - sum n_j^2 / N) / (m - 1); design_effect = 1 + (N/m - 1) max(icc, 0).
# Numbers are written with sprintf("%.17g"); every input is written first and
# read back before it is fitted.
suppressMessages({library(MASS); library(emmeans); library(clubSandwich)})
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "tests/ref/test"
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

an <- data.frame(Treat = as.character(anorexia$Treat), Prewt = anorexia$Prewt,
                 Postwt = anorexia$Postwt, row6 = rep(1:6, length.out = 72))
write.csv(an, file.path(out, "ancova-anorexia.csv"), row.names = FALSE, quote = FALSE)
an <- read.csv(file.path(out, "ancova-anorexia.csv"), stringsAsFactors = FALSE)

set.seed(14)
mk <- function(set, sizes, crt = FALSE, ties = FALSE) {
  site <- rep(sprintf("s%02d", seq_along(sizes)), sizes)
  n <- length(site)
  if (crt) arm <- rep(rep(c("intervention", "comparison"), length.out = length(sizes)), sizes)
  else arm <- ifelse(runif(n) < 0.5, "intervention", "comparison")
  # each site has both arms unless cluster-randomised
  if (!crt) for (s in unique(site)) { i <- which(site == s); arm[i[1]] <- "intervention"; arm[i[2]] <- "comparison" }
  u <- rnorm(length(sizes), 0, 1.5)[match(site, unique(site))]
  age <- round(runif(n, 65, 90))
  pre <- rnorm(n, 20, 4) + u
  post <- 5 + 0.7 * pre + 2 * (arm == "intervention") + 0.05 * age + u + rnorm(n, 0, 3)
  if (ties) { pre <- pmin(10, pmax(0, round(pre / 3))); post <- pmin(10, pmax(0, round(post / 3))) }
  else { pre <- round(pre, 1); post <- round(post, 2) }
  data.frame(set = set, site = site, arm = arm, pre = pre, post = post, age = age)
}
d <- rbind(mk("ties", c(12, 8, 5, 9, 3, 6), ties = TRUE),
           mk("unequal", c(2, 19, 7, 4, 11, 3, 15, 6, 9, 5)),
           mk("four", c(11, 7, 5, 3)),
           mk("crt", c(9, 6, 8, 5), crt = TRUE))
write.csv(d, file.path(out, "ancova.csv"), row.names = FALSE, quote = FALSE)
d <- read.csv(file.path(out, "ancova.csv"), stringsAsFactors = FALSE)

icc_of <- function(y, cl) {
  cl <- factor(cl, levels = unique(cl)); m <- nlevels(cl); N <- length(y)
  a <- anova(lm(y ~ cl))
  msb <- a[["Mean Sq"]][1]; msw <- a[["Mean Sq"]][2]
  n0 <- (N - sum(table(cl)^2) / N) / (m - 1)
  icc <- (msb - msw) / (msb + (n0 - 1) * msw)
  c(icc, 1 + (N / m - 1) * max(icc, 0))
}

fit1 <- function(y, arm, pre, cov, A, B, cl) {
  df <- data.frame(y = y, arm = factor(arm, levels = c(B, A)), pre = pre)
  fo <- y ~ arm + pre
  if (!is.null(cov)) { df$age <- cov; fo <- y ~ arm + pre + age }
  fit <- lm(fo, data = df)
  em <- summary(emmeans(fit, "arm"))
  am <- setNames(em$emmean, as.character(em$arm))
  coefname <- paste0("arm", A)
  s <- coef(summary(fit))[coefname, ]
  ci <- confint(fit)[coefname, ]
  n <- nrow(df); n1 <- sum(arm == A); n2 <- sum(arm == B)
  base <- c(n, n1, n2, s[["Estimate"]], s[["Std. Error"]], ci[[1]], ci[[2]],
            s[["t value"]], fit$df.residual, s[["Pr(>|t|)"]], am[[A]], am[[B]])
  if (is.null(cl)) return(base)
  ct <- coef_test(fit, vcov = "CR2", cluster = cl, test = "Satterthwaite", coefs = coefname)
  cc <- conf_int(fit, vcov = "CR2", cluster = cl, coefs = coefname, level = 0.95)
  ic <- icc_of(y, cl)
  c(n, n1, n2, ct$beta, ct$SE, cc$CI_L, cc$CI_U, ct$tstat, ct$df_Satt, ct$p_Satt,
    am[[A]], am[[B]], length(unique(cl)), s[["Std. Error"]], ic[1], ic[2])
}

rows <- character(0)
add <- function(key, v) rows <<- c(rows, paste(c(key, f17(v)), collapse = ","))
for (lv in list(c("CBT", "Cont"), c("FT", "Cont"))) {
  a <- an[an$Treat %in% lv, ]
  add(c("anorexia", paste(lv, collapse = "/"), "none", 0),
      fit1(a$Postwt, a$Treat, a$Prewt, NULL, lv[1], lv[2], NULL))
  add(c("anorexia", paste(lv, collapse = "/"), "none", 1),
      fit1(a$Postwt, a$Treat, a$Prewt, NULL, lv[1], lv[2], a$row6))
}
for (set in unique(d$set)) {
  a <- d[d$set == set, ]
  for (cv in c("none", "age")) for (cl in 0:1)
    add(c(set, "intervention/comparison", cv, cl),
        fit1(a$post, a$arm, a$pre, if (cv == "age") a$age, "intervention",
             "comparison", if (cl) a$site))
}
hdr <- c("set,levels,covariates,cluster,n,n1,n2,estimate,se,ci_low,ci_high,t,df,p,adj_mean1,adj_mean2,clusters,se_model,icc,design_effect")
writeLines(c(hdr, rows), file.path(out, "ancova-expected.csv"))
