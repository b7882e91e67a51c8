# mmrm-reml.R -- the REML optimum of an MMRM with an unstructured covariance,
# found independently of nlme (an analytic gradient checked against finite
# differences, nlminb, then Newton steps), and nlme::gls fitted with its
# covariance fixed there: nlme's own optimiser stops within about 5e-6 of
# the optimum, too far for a comparison at 1e-9. Sourced by
# tests/ref/test/make-ref-mmrm.R and tests/ref/indicators/make-ref.R (run
# from the repo root); needs nlme.
# Sigma (T x T, unstructured) is the covariance of a subject's outcomes;
# subject i's rows have V_i = Sigma[obs, obs]. With r = y - X beta_hat,
# -REML loglik (up to a constant) = 0.5 (sum log|V_i| + log|X'V^-1 X| + r'V^-1 r)
# and its gradient in Sigma is 0.5 sum_i embed(P_ii - V_i^-1 r_i r_i' V_i^-1),
# P_ii = V_i^-1 - V_i^-1 X_i (X'V^-1 X)^-1 X_i' V_i^-1.
# a: long data (id, visit, arm, base, y); lev: the visits in order; A: the
# arm whose coefficients are the differences.
reml_of <- function(a, lev, A) {
  a <- a[!is.na(a$y), ]; T <- length(lev); v <- match(a$visit, lev)
  I <- outer(v, seq_len(T), "==") * 1
  X <- cbind(I, I * (a$arm == A), I * a$base)
  colnames(X) <- c(paste0("visit", lev), paste0("visit", lev, ":arm", A),
                   paste0("visit", lev, ":base"))
  idx <- split(seq_len(nrow(a)), factor(a$id, levels = unique(a$id)))
  ut <- which(upper.tri(diag(T), diag = TRUE))
  S_of <- function(th) { S <- matrix(0, T, T); S[ut] <- th; S + t(S) - diag(diag(S)) }
  core <- function(S) {
    XVX <- 0; XVy <- 0; ld <- 0; W <- vector("list", length(idx))
    for (k in seq_along(idx)) {
      i <- idx[[k]]; Xi <- X[i, , drop = FALSE]; Si <- S[v[i], v[i], drop = FALSE]
      W[[k]] <- solve(Si); ld <- ld + determinant(Si)$modulus
      XVX <- XVX + t(Xi) %*% W[[k]] %*% Xi; XVy <- XVy + t(Xi) %*% W[[k]] %*% a$y[i]
    }
    M <- solve(XVX); beta <- drop(M %*% XVy)
    list(M = M, beta = beta, r = a$y - drop(X %*% beta), W = W, ld = ld, XVX = XVX)
  }
  obj <- function(S) {
    cc <- core(S); q <- 0
    for (k in seq_along(idx)) { i <- idx[[k]]; q <- q + sum(cc$r[i] * (cc$W[[k]] %*% cc$r[i])) }
    0.5 * (cc$ld + determinant(cc$XVX)$modulus + q)
  }
  gradS <- function(S) {  # d obj = sum(G * dSigma), G symmetric
    cc <- core(S); G <- matrix(0, T, T)
    for (k in seq_along(idx)) {
      i <- idx[[k]]; W <- cc$W[[k]]; Xi <- X[i, , drop = FALSE]; u <- W %*% cc$r[i]
      G[v[i], v[i]] <- G[v[i], v[i]] + 0.5 * (W - W %*% Xi %*% cc$M %*% t(Xi) %*% W - u %*% t(u))
    }
    G
  }
  gr <- function(th) { G <- gradS(S_of(th)); (2 * G - diag(diag(G)))[ut] }
  # Cholesky parameters (log diagonal) for the search from a crude start
  lt <- which(lower.tri(diag(T), diag = TRUE)); dg <- diag(matrix(seq_len(T^2), T))
  L_of <- function(ph) { L <- matrix(0, T, T); L[lt] <- ph; diag(L) <- exp(diag(L)); L }
  cobj <- function(ph) { L <- L_of(ph); obj(L %*% t(L)) }
  cgr <- function(ph) {
    L <- L_of(ph); D <- 2 * gradS(L %*% t(L)) %*% L
    D[dg] <- D[dg] * diag(L); D[lt]
  }
  S0 <- diag(tapply(a$y, factor(a$visit, levels = lev), var), T)
  th0 <- S0[ut] + 0.3 * sqrt(outer(diag(S0), diag(S0)))[ut] * (S0[ut] == 0)
  nd <- sapply(seq_along(th0), function(j) {  # the gradient against differences
    e <- replace(0 * th0, j, 1e-6 * th0[j]); (obj(S_of(th0 + e)) - obj(S_of(th0 - e))) / (2 * e[j]) })
  if (max(abs(nd - gr(th0))) > 1e-6 * max(abs(nd))) stop("analytic gradient")
  o <- nlminb(t(chol(S0))[lt] + replace(0 * lt, match(dg, lt), log(diag(chol(S0))) - diag(chol(S0))),
              cobj, cgr, control = list(rel.tol = 1e-12, iter.max = 1000, eval.max = 2000))
  L <- L_of(o$par); th <- (L %*% t(L))[ut]
  # Newton on the gradient (central-difference Jacobian of the analytic gradient)
  for (it in 1:50) {
    g <- gr(th); h <- 1e-5 * pmax(abs(th), 1e-3)
    H <- sapply(seq_along(th), function(j) {
      e <- replace(0 * th, j, h[j]); (gr(th + e) - gr(th - e)) / (2 * h[j]) })
    H <- (H + t(H)) / 2; step <- solve(H, g); th <- th - step
    if (max(abs(step) / abs(th)) < 1e-13) break
  }
  if (max(abs(step) / abs(th)) > 1e-11) stop("Newton did not converge")
  if (min(eigen(H, only.values = TRUE)$values) <= 0) stop("not a minimum")
  S <- S_of(th); cc <- core(S)
  list(S = S, beta = setNames(cc$beta, colnames(X)), se = setNames(sqrt(diag(cc$M)), colnames(X)),
       search = o$message, newton = it, grad = max(abs(gr(th)) * abs(th)))
}
ctl <- function(opt) glsControl(maxIter = 500, msMaxIter = 1000, tolerance = 1e-12,
                                msTol = 1e-14, msVerbose = FALSE, opt = opt)
frame_of <- function(a, lev, A, B)
  data.frame(id = a$id, visit = factor(a$visit, levels = lev), vnum = match(a$visit, lev),
             arm = factor(a$arm, levels = c(B, A)), base = a$base, y = a$y)
fo <- y ~ 0 + visit + visit:arm + visit:base
fit_at <- function(df, S, lev) {  # the same model with its parameters fixed at S
  R <- cov2cor(S); sdv <- sqrt(diag(S))
  gls(fo, data = df, correlation = corSymm(R[lower.tri(R)], form = ~ vnum | id, fixed = TRUE),
      weights = varIdent(form = ~ 1 | visit, fixed = setNames(sdv[-1] / sdv[1], lev[-1])),
      method = "REML", na.action = na.omit, control = ctl("nlminb"))
}
relerr <- function(x, y, floor) max(abs(x - y) / pmax(abs(y), floor))
