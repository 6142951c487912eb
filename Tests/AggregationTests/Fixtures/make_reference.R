#!/usr/bin/env Rscript
# Reference results from R's `survey` package for mighealth's estimation and
# weighting engine (issue 4). Run from the repository root:
#
#   Rscript Tests/AggregationTests/Fixtures/make_reference.R
#
# (Debian: apt-get install r-base-core r-cran-survey). Output, all next to this
# script (see README.md for the meaning of every file and column):
#   data/*.csv           the data sets used (api subsets and a hand-made one)
#   data/margins_*.csv   population margins for rake/postStratify/calibrate
#   data/repweights_*.csv  replicate-weight multipliers (bootstrap is random)
#   designs.csv          every design: data file, weights, ids, strata, fpc, ...
#   replicate_scales.csv rscales of every replicate design
#   estimates.csv        mean/total/proportion/ratio/quantile (+ domains)
#   crosstab.csv         weighted two-way tables (counts, cell/row/col props)
#   tests.csv            Rao-Scott tests (svychisq, statistic "F" and "Chisq")
#   weights.csv          final weights after raking/post-stratification/GREG/trim
#   weights_summary.csv  weight diagnostics (sum, min, max, CV, Kish deff, n_eff)
#   errors.csv           calls R refuses (lonely PSU "fail", absent margin level)
#
# Every design is built from the CSV files *as read back*, so the numbers are
# those of the exact doubles a CSV reader gets from the files.
# Numbers are written with sprintf("%.17g"); NA/NaN are written as empty cells.

suppressPackageStartupMessages(library(survey))

# ---- locations ---------------------------------------------------------------
file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
FIX <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg[1]))) else
  file.path("Tests", "AggregationTests", "Fixtures")
DATA <- file.path(FIX, "data")
dir.create(DATA, showWarnings = FALSE, recursive = TRUE)
fx <- function(...) file.path(FIX, ...)
dx <- function(...) file.path(DATA, ...)

# ---- global options (the survey defaults, stated explicitly) ----------------
options(survey.lonely.psu = "fail",          # changed per design below
        survey.adjust.domain.lonely = FALSE, # default: no special case for domains
        survey.replicates.mse = FALSE,       # replicate variances centre on the replicate mean
        survey.ultimate.cluster = FALSE,     # multistage variance when fpc is given at every stage
        survey.drop.replicates = TRUE,
        warn = 1)
LEVEL <- 0.95
QUANTILES <- c(0.25, 0.5, 0.9)
SEED <- 20240501L

fmt <- function(x) {
  x <- suppressWarnings(as.numeric(x))
  ifelse(is.na(x) | is.nan(x), "", sprintf("%.17g", x))
}
num_or_na <- function(x) if (is.null(x) || length(x) == 0) NA_real_ else as.numeric(x)[1]
# t interval exactly as survey:::tconfint does it: est + se * qt(c(a/2, 1 - a/2), df)
tci <- function(est, se, df, level = LEVEL) {
  a <- (1 - level) / 2
  est + se * qt(c(a, 1 - a), df = df)
}

# ---- data --------------------------------------------------------------------
data(api)
api_cols <- c("cds", "snum", "dnum", "cname", "stype", "sch.wide", "comp.imp", "both",
              "awards", "api00", "api99", "api.stu", "enroll", "meals", "ell", "avg.ed",
              "target", "pw")
export <- function(df, name) {
  for (v in names(df)) if (is.factor(df[[v]])) df[[v]] <- as.character(df[[v]])
  names(df) <- gsub(".", "_", names(df), fixed = TRUE)
  rownames(df) <- NULL
  write.csv(df, dx(name), row.names = FALSE, na = "")
}
export(apisrs[, c(api_cols, "fpc")], "apisrs.csv")
export(apistrat[, c(api_cols, "fpc")], "apistrat.csv")
export(apiclus1[, c(api_cols, "fpc")], "apiclus1.csv")
clus2 <- apiclus2[, c(api_cols, "fpc1", "fpc2")]
clus2$fpc2 <- as.vector(clus2$fpc2)  # it is a 1-d array in data(api)
export(clus2, "apiclus2.csv")

# Hand-made stratified cluster sample: strata A-D have two PSUs each, stratum E a
# single PSU (a lonely PSU); PSU ids 1/2 repeat across strata (needs nest=TRUE);
# missing values in y, x, agegrp and bin; domains with very few cases
# (region "east": 2 cases, agegrp "65+": 3 cases, all female -> a zero cell).
small <- data.frame(
  id = 1:30,
  stratum = rep(c("A", "B", "C", "D", "E"), c(7, 7, 6, 6, 4)),
  psu = c(1, 1, 1, 1, 2, 2, 2,  1, 1, 1, 2, 2, 2, 2,  1, 1, 2, 2, 2, 2,  1, 1, 1, 2, 2, 2,  1, 1, 1, 1),
  w = c(10.5, 12, 9, 11.5, 14, 8.5, 10,  6, 7.25, 5.5, 6.75, 8, 6, 7,  20, 22.5, 18, 19, 21.5, 24,
        4, 3.5, 4.5, 5, 4.25, 3.75,  15, 16, 14.5, 15.5),
  y = c(12.5, 15, NA, 9.75, 20, 18.25, 11,  7.5, 14, 16.5, 22, NA, 13.25, 10,  30.5, 27, 8, 12, 19.5, 21,
        5.5, 9, 6.25, 17, NA, 14.5,  25, 23.5, 28, 26),
  x = c(3, 4, 2, 5, 6, 4, 3,  2, 3, 4, 7, 5, 3, 2,  8, 6, 2, 3, NA, 5,  1, 2, 2, 4, 3, 3,  6, 5, 7, 6),
  sex = c("F", "M", "F", "M", "F", "F", "M",  "M", "F", "M", "F", "M", "M", "F",  "M", "F", "F", "M", "F", "M",
          "M", "F", "M", "F", "M", "F",  "M", "F", "F", "M"),
  agegrp = c("18-34", "35-64", "35-64", "18-34", "65+", "18-34", "35-64",  "18-34", "35-64", "35-64", "18-34",
             "35-64", "18-34", "35-64",  "35-64", "65+", "18-34", "18-34", "35-64", "35-64",
             "18-34", NA, "35-64", "18-34", "35-64", "18-34",  "35-64", "65+", "18-34", "35-64"),
  region = c("north", "north", "south", "north", "south", "south", "north",  "south", "east", "north", "north",
             "south", "south", "north",  "north", "north", "south", "south", "north", "south",
             "south", "north", "south", "north", "north", "south",  "east", "north", "south", "north"),
  bin = c(1, 0, 1, 1, 0, 1, 0,  0, 1, 0, 1, 1, NA, 0,  1, 1, 0, 0, 1, 1,  0, 0, 1, 0, 1, 1,  1, 0, 1, 1),
  stringsAsFactors = FALSE)
npsu_pop <- c(A = 10, B = 8, C = 5, D = 4, E = 4)  # PSUs in the population, per stratum
small$fpc_psu <- unname(npsu_pop[small$stratum])
small$frac_psu <- ifelse(small$stratum == "E", 1, 2) / small$fpc_psu  # same fpc as a sampling fraction
export(small, "small.csv")
export(small[small$stratum != "E", ], "small_pairs.csv")

CATS <- c("stype", "sch_wide", "comp_imp", "both", "awards", "sex", "agegrp", "region", "stratum")
read_back <- function(name) {
  d <- read.csv(dx(name), na.strings = "", stringsAsFactors = FALSE)
  for (v in intersect(CATS, names(d))) d[[v]] <- factor(d[[v]])
  d
}
D <- list(apisrs = read_back("apisrs.csv"), apistrat = read_back("apistrat.csv"),
          apiclus1 = read_back("apiclus1.csv"), apiclus2 = read_back("apiclus2.csv"),
          small = read_back("small.csv"), small_pairs = read_back("small_pairs.csv"))

# ---- registries of designs and output rows ----------------------------------
DESIGNS <- list()   # name -> list(des, data, info)
EST <- list(); XT <- list(); TESTS <- list(); WTS <- list(); WSUM <- list(); ERRS <- list()
RSCALES <- list()
push <- function(lst, row) { lst[[length(lst) + 1]] <- row; lst }

design_info <- function(name, data, call, weights = "", ids = "", strata = "", fpc = "",
                        nest = FALSE, lonely = "fail", replicates = "", repweights_file = "",
                        scale = NA, mse = "", calibration = "", margins_file = "",
                        variance = "", base = "") {
  list(design = name, data = data, weights = weights, ids = ids, strata = strata, fpc = fpc,
       nest = if (nest) "TRUE" else "FALSE", lonely_psu = lonely, replicates = replicates,
       repweights_file = repweights_file, scale = scale, mse = mse, calibration = calibration,
       margins_file = margins_file, variance = variance, base_design = base, r_call = call)
}
register <- function(name, des, data_name, info) {
  old <- options(survey.lonely.psu = info$lonely_psu); on.exit(options(old))
  info$degf <- degf(des)
  info$n_rows <- nrow(D[[data_name]])
  DESIGNS[[name]] <<- list(des = des, data = D[[data_name]], info = info)
  if (inherits(des, "svyrep.design")) {
    RSCALES[[name]] <<- data.frame(design = name, replicate = seq_along(des$rscales),
                                   rscale = fmt(des$rscales), stringsAsFactors = FALSE)
  }
  invisible(des)
}

# ---- estimators for one design and one domain --------------------------------
# dom: list(label, idx) ; idx is a logical over the rows of the design's data
sub_design <- function(des, idx) if (all(idx)) des else des[idx, ]

add_est <- function(case, design, statistic, variable, level, domain, est, se, lo, hi,
                    ci_method, deff, deff_rep, df, n, n_missing) {
  EST[[length(EST) + 1]] <<- data.frame(
    case = case, design = design, statistic = statistic, variable = variable,
    level = level, domain = domain, estimate = fmt(est), se = fmt(se),
    ci_low = fmt(lo), ci_high = fmt(hi), ci_method = ci_method, deff = fmt(deff),
    deff_replace = fmt(deff_rep), df = fmt(df), n = n, n_missing = n_missing,
    stringsAsFactors = FALSE)
}
get_deff <- function(expr) {
  v <- tryCatch(suppressWarnings(deff(expr, quietly = TRUE)), error = function(e) NULL)
  if (is.null(v)) NA_real_ else as.numeric(v)
}

est_mean_total <- function(dn, des, dat, dom, var, fun, df) {
  x <- dat[[var]]
  n <- sum(dom$idx & !is.na(x)); nm <- sum(dom$idx & is.na(x))
  d <- sub_design(des, dom$idx)
  f <- as.formula(paste0("~", var))
  FUN <- if (fun == "mean") svymean else svytotal
  s <- FUN(f, d, na.rm = TRUE, deff = TRUE)
  s_r <- FUN(f, d, na.rm = TRUE, deff = "replace")
  est <- coef(s); se <- SE(s)
  ci <- confint(s, df = df, level = LEVEL)
  dfa <- get_deff(s); dfr <- get_deff(s_r)
  if (length(dfa) != length(est)) dfa <- rep(NA_real_, length(est))
  if (length(dfr) != length(est)) dfr <- rep(NA_real_, length(est))
  if (is.factor(x)) {
    levs <- levels(x)
    stat <- if (fun == "mean") "proportion" else "total"
    for (k in seq_along(levs))
      add_est(paste(dn, fun, var, sep = ":"), dn, stat, var, levs[k], dom$label, est[k], se[k],
              ci[k, 1], ci[k, 2], "wald", dfa[k], dfr[k], df, n, nm)
  } else {
    add_est(paste(dn, fun, var, sep = ":"), dn, fun, var, "", dom$label, est[1], se[1],
            ci[1, 1], ci[1, 2], "wald", dfa[1], dfr[1], df, n, nm)
  }
}

est_ratio <- function(dn, des, dat, dom, num, den, df) {
  ok <- !is.na(dat[[num]]) & !is.na(dat[[den]])
  n <- sum(dom$idx & ok); nm <- sum(dom$idx & !ok)
  d <- sub_design(des, dom$idx)
  fn <- as.formula(paste0("~", num)); fd <- as.formula(paste0("~", den))
  # survey 4.1.1 svyratio.svyrep.design fails with deff= (a bug inside its deff
  # branch), so replicate designs get ratio rows without deff.
  r <- tryCatch(svyratio(fn, fd, d, na.rm = TRUE, deff = TRUE),
                error = function(e) svyratio(fn, fd, d, na.rm = TRUE))
  r_r <- tryCatch(svyratio(fn, fd, d, na.rm = TRUE, deff = "replace"), error = function(e) NULL)
  est <- as.numeric(coef(r)); se <- as.numeric(SE(r))
  ci <- confint(r, df = df, level = LEVEL)
  add_est(paste(dn, "ratio", paste0(num, "/", den), sep = ":"), dn, "ratio", paste0(num, "/", den),
          "", dom$label, est, se, ci[1, 1], ci[1, 2], "wald", get_deff(r),
          if (is.null(r_r)) NA else get_deff(r_r), df, n, nm)
}

est_quantile <- function(dn, des, dat, dom, var, df) {
  x <- dat[[var]]
  n <- sum(dom$idx & !is.na(x)); nm <- sum(dom$idx & is.na(x))
  d <- sub_design(des, dom$idx)
  # survey 4.1.1: qrule = "math" (inverse of the weighted empirical CDF, the
  # default), interval.type = "mean" (Woodruff interval from a Wald interval for
  # the CDF at the estimated quantile; the default; there is no "mixed" here),
  # df passed explicitly so the quantile uses the same df as the other statistics.
  q <- svyquantile(as.formula(paste0("~", var)), d, QUANTILES, alpha = 1 - LEVEL, ci = TRUE,
                   na.rm = TRUE, qrule = "math", interval.type = "mean", df = df)
  m <- q[[1]]
  for (k in seq_along(QUANTILES))
    add_est(paste(dn, "quantile", var, sep = ":"), dn, "quantile", var, format(QUANTILES[k]),
            dom$label, m[k, 1], m[k, 4], m[k, 2], m[k, 3], "woodruff", NA, NA, df, n, nm)
}

# proportion of one level with svyciprop's methods, plus Wilson (computed here)
est_ciprop <- function(dn, des, dat, dom, var, lev, df) {
  x <- dat[[var]]
  n <- sum(dom$idx & !is.na(x)); nm <- sum(dom$idx & is.na(x))
  d <- sub_design(des, dom$idx)
  f <- if (is.factor(x)) as.formula(sprintf("~I(%s == \"%s\")", var, lev)) else
    as.formula(sprintf("~I(%s == %s)", var, lev))
  m <- svymean(f, d, na.rm = TRUE)
  k <- grep("TRUE$", names(coef(m)))   # the indicator's TRUE column
  p <- as.numeric(coef(m))[k]; V <- as.numeric(vcov(m)[k, k])
  # skipped when p is 0 or 1, or when its variance is zero (e.g. the share of a
  # stratum in a stratified design with fpc: known exactly)
  if (!(p > 0 && p < 1) || !(sqrt(V) > 1e-10 * p)) return(invisible(NULL))
  case <- paste(dn, "ciprop", paste0(var, "=", lev), sep = ":")
  # "mean" (= wald) is the proportion row of svymean() already written for the
  # factor (or the mean row of a 0/1 variable); "asin" and "likelihood" are not
  # needed by mighealth.
  # For replicate designs svyciprop(method="logit") refits the GLM in every
  # replicate and is unstable (replicates where a domain is all 0/1 do not
  # converge), so replicate designs get only beta/xlogit/wilson.
  meths <- if (inherits(des, "svyrep.design")) c("beta", "xlogit") else c("logit", "beta", "xlogit")
  for (meth in meths) {
    r <- tryCatch(suppressWarnings(svyciprop(f, d, method = meth, level = LEVEL, df = df, na.rm = TRUE)),
                  error = function(e) { message("svyciprop failed: ", case, " [", dom$label, "] ",
                                                meth, ": ", conditionMessage(e)); NULL })
    if (is.null(r)) next
    ci <- as.numeric(attr(r, "ci"))
    lab <- if (meth == "mean") "wald" else meth
    dfu <- if (meth == "beta") degf(d) else df   # beta ignores df= (see README)
    add_est(case, dn, "proportion", var, lev, dom$label, as.numeric(r),
            sqrt(as.numeric(attr(r, "var"))), ci[1], ci[2], lab, NA, NA, dfu, n, nm)
  }
  # Wilson score interval on the effective sample size (not in survey):
  #   n* = p(1-p)/V,  z = qt(1 - a/2, df),
  #   centre = (p + z^2/(2n*)) / (1 + z^2/n*),
  #   half   = z / (1 + z^2/n*) * sqrt(p(1-p)/n* + z^2/(4 n*^2))
  z <- qt(1 - (1 - LEVEL) / 2, df)
  ns <- p * (1 - p) / V
  centre <- (p + z^2 / (2 * ns)) / (1 + z^2 / ns)
  half <- z / (1 + z^2 / ns) * sqrt(p * (1 - p) / ns + z^2 / (4 * ns^2))
  add_est(case, dn, "proportion", var, lev, dom$label, p, sqrt(V), centre - half, centre + half,
          "wilson", NA, NA, df, n, nm)
}

domains_of <- function(dat, by) {
  if (is.null(by)) return(list(list(label = "", idx = rep(TRUE, nrow(dat)), by = character(0))))
  g <- interaction(dat[by], drop = TRUE, lex.order = TRUE, sep = "\r")
  out <- list()
  for (lv in levels(g)) {
    parts <- strsplit(lv, "\r", fixed = TRUE)[[1]]
    out[[length(out) + 1]] <- list(label = paste(paste0(by, "=", parts), collapse = ";"),
                                   idx = !is.na(g) & g == lv, by = by)
  }
  out
}

# spec: list(mean=, total=, prop=, ratio=list(c(num,den)), quantile=, ciprop=list(c(var,lev)),
#            by1=, by1_stats=, by2=, by2_stats=)
analyse <- function(dn, spec) {
  message("analyse ", dn)
  ent <- DESIGNS[[dn]]; des <- ent$des; dat <- ent$data
  stopifnot(!is.null(ent))
  old <- options(survey.lonely.psu = ent$info$lonely_psu); on.exit(options(old))
  df <- degf(des)
  run <- function(dom, which) {
    skip <- dom$by  # categorical summaries of a grouping variable within its own domains are trivial
    if ("mean" %in% which) for (v in spec[["mean"]]) est_mean_total(dn, des, dat, dom, v, "mean", df)
    if ("prop" %in% which) for (v in setdiff(spec[["prop"]], skip)) est_mean_total(dn, des, dat, dom, v, "mean", df)
    if ("total" %in% which) for (v in setdiff(c(spec[["total"]], spec[["prop_total"]]), skip))
      est_mean_total(dn, des, dat, dom, v, "total", df)
    if ("ratio" %in% which) for (r in spec[["ratio"]]) est_ratio(dn, des, dat, dom, r[1], r[2], df)
    if ("quantile" %in% which) for (v in spec[["quantile"]]) est_quantile(dn, des, dat, dom, v, df)
    if ("ciprop" %in% which) for (cp in spec[["ciprop"]]) if (!(cp[1] %in% skip))
      est_ciprop(dn, des, dat, dom, cp[1], cp[2], df)
  }
  all_stats <- c("mean", "prop", "total", "ratio", "quantile", "ciprop")
  run(domains_of(dat, NULL)[[1]], all_stats)
  if (!is.null(spec[["by1"]])) for (dom in domains_of(dat, spec[["by1"]])) run(dom, spec[["by1_stats"]] %||% all_stats)
  if (!is.null(spec[["by2"]])) for (dom in domains_of(dat, spec[["by2"]])) run(dom, spec[["by2_stats"]])
}
`%||%` <- function(a, b) if (is.null(a)) b else a

# ---- crosstabs and Rao-Scott tests -------------------------------------------
crosstab <- function(dn, rows, cols) {
  ent <- DESIGNS[[dn]]; des <- ent$des; dat <- ent$data
  old <- options(survey.lonely.psu = ent$info$lonely_psu); on.exit(options(old))
  df <- degf(des)
  case <- paste(dn, "crosstab", paste0(rows, "*", cols), sep = ":")
  f2 <- as.formula(paste0("~", rows, "+", cols))
  tab <- svytable(f2, des)
  rl <- levels(dat[[rows]]); cl <- levels(dat[[cols]])
  cell <- interaction(dat[[rows]], dat[[cols]], sep = "|", lex.order = TRUE)
  ok <- !is.na(dat[[rows]]) & !is.na(dat[[cols]])
  add <- function(kind, rlev, clev, est, se, n) {
    ci <- tci(est, se, df)
    XT[[length(XT) + 1]] <<- data.frame(
      case = case, design = dn, rows = rows, cols = cols, row_level = rlev, col_level = clev,
      kind = kind, estimate = fmt(est), se = fmt(se), ci_low = fmt(ci[1]), ci_high = fmt(ci[2]),
      df = fmt(df), n = n, stringsAsFactors = FALSE)
  }
  des2 <- update(des, .cell = cell)
  tot <- svytotal(~.cell, des2, na.rm = TRUE)
  prp <- svymean(~.cell, des2, na.rm = TRUE)
  lv <- levels(cell)
  for (k in seq_along(lv)) {
    rc <- strsplit(lv[k], "|", fixed = TRUE)[[1]]
    nk <- sum(ok & cell == lv[k], na.rm = TRUE)
    stopifnot(isTRUE(all.equal(as.numeric(tab[rc[1], rc[2]]), as.numeric(coef(tot)[k]))))
    add("count", rc[1], rc[2], coef(tot)[k], SE(tot)[k], nk)
    add("cell_prop", rc[1], rc[2], coef(prp)[k], SE(prp)[k], nk)
  }
  for (r in rl) {  # row proportions: distribution of cols within each row level
    idx <- ok & dat[[rows]] == r
    m <- svymean(as.formula(paste0("~", cols)), sub_design(des, idx), na.rm = TRUE)
    for (k in seq_along(cl)) add("row_prop", r, cl[k], coef(m)[k], SE(m)[k],
                                 sum(idx & dat[[cols]] == cl[k], na.rm = TRUE))
  }
  for (cc in cl) {
    idx <- ok & dat[[cols]] == cc
    m <- svymean(as.formula(paste0("~", rows)), sub_design(des, idx), na.rm = TRUE)
    for (k in seq_along(rl)) add("col_prop", rl[k], cc, coef(m)[k], SE(m)[k],
                                 sum(idx & dat[[rows]] == rl[k], na.rm = TRUE))
  }
  chi <- suppressWarnings(svychisq(f2, des, statistic = "Chisq"))
  for (st in c("F", "Chisq")) {
    t <- suppressWarnings(svychisq(f2, des, statistic = st))
    par <- t$parameter
    TESTS[[length(TESTS) + 1]] <<- data.frame(
      case = case, design = dn, rows = rows, cols = cols, test = st,
      statistic = fmt(t$statistic),
      ndf = fmt(if (st == "F") par[["ndf"]] else par[["df"]]),
      ddf = fmt(if (st == "F") par[["ddf"]] else NA),
      p_value = fmt(t$p.value), method = t$method,
      x2_pearson = fmt(chi$statistic), n = sum(ok), N_pearson = nrow(dat), stringsAsFactors = FALSE)
  }
}

# ---- weights export ----------------------------------------------------------
export_weights <- function(case, data_name, w, id_col) {
  dat <- D[[data_name]]
  WTS[[length(WTS) + 1]] <<- data.frame(case = case, data = paste0("data/", data_name, ".csv"),
                                        row = seq_len(nrow(dat)), id = dat[[id_col]],
                                        weight = fmt(w), stringsAsFactors = FALSE)
  WSUM[[length(WSUM) + 1]] <<- data.frame(
    case = case, n = length(w), sum = fmt(sum(w)), min = fmt(min(w)), max = fmt(max(w)),
    mean = fmt(mean(w)), cv = fmt(sd(w) / mean(w)),
    kish_deff = fmt(length(w) * sum(w^2) / sum(w)^2), n_eff = fmt(sum(w)^2 / sum(w^2)),
    stringsAsFactors = FALSE)
}
record_error <- function(case, design, call, expr) {
  msg <- tryCatch({ force(expr); "NO ERROR" }, error = function(e) conditionMessage(e))
  ERRS[[length(ERRS) + 1]] <<- data.frame(case = case, design = design, r_call = call,
                                          message = gsub("[\r\n]+", " ", msg),
                                          stringsAsFactors = FALSE)
}

# ==============================================================================
# 1. Taylor-linearisation designs
# ==============================================================================
register("srs", svydesign(ids = ~1, fpc = ~fpc, weights = ~pw, data = D$apisrs), "apisrs",
         design_info("srs", "data/apisrs.csv", "svydesign(ids=~1, fpc=~fpc, weights=~pw, data=apisrs)",
                     weights = "pw", ids = "", fpc = "fpc"))
register("strat", svydesign(ids = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = D$apistrat),
         "apistrat",
         design_info("strat", "data/apistrat.csv",
                     "svydesign(ids=~1, strata=~stype, fpc=~fpc, weights=~pw, data=apistrat)",
                     weights = "pw", strata = "stype", fpc = "fpc"))
register("clus1", svydesign(ids = ~dnum, fpc = ~fpc, weights = ~pw, data = D$apiclus1), "apiclus1",
         design_info("clus1", "data/apiclus1.csv",
                     "svydesign(ids=~dnum, fpc=~fpc, weights=~pw, data=apiclus1)",
                     weights = "pw", ids = "dnum", fpc = "fpc"))
register("clus2", svydesign(ids = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = D$apiclus2),
         "apiclus2",
         design_info("clus2", "data/apiclus2.csv",
                     "svydesign(ids=~dnum+snum, fpc=~fpc1+fpc2, weights=~pw, data=apiclus2)",
                     weights = "pw", ids = "dnum;snum", fpc = "fpc1;fpc2"))
register("clus1_wr", svydesign(ids = ~dnum, weights = ~pw, data = D$apiclus1), "apiclus1",
         design_info("clus1_wr", "data/apiclus1.csv", "svydesign(ids=~dnum, weights=~pw, data=apiclus1)",
                     weights = "pw", ids = "dnum"))
register("strat_clus", svydesign(ids = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE,
                                 data = D$apistrat), "apistrat",
         design_info("strat_clus", "data/apistrat.csv",
                     "svydesign(ids=~dnum, strata=~stype, weights=~pw, nest=TRUE, data=apistrat)",
                     weights = "pw", ids = "dnum", strata = "stype", nest = TRUE))
register("small_nest", svydesign(ids = ~psu, strata = ~stratum, fpc = ~fpc_psu, weights = ~w,
                                 nest = TRUE, data = D$small_pairs), "small_pairs",
         design_info("small_nest", "data/small_pairs.csv",
                     "svydesign(ids=~psu, strata=~stratum, fpc=~fpc_psu, weights=~w, nest=TRUE, data=small_pairs)",
                     weights = "w", ids = "psu", strata = "stratum", fpc = "fpc_psu", nest = TRUE))
register("small_nest_frac", svydesign(ids = ~psu, strata = ~stratum, fpc = ~frac_psu, weights = ~w,
                                      nest = TRUE, data = D$small_pairs), "small_pairs",
         design_info("small_nest_frac", "data/small_pairs.csv",
                     "svydesign(ids=~psu, strata=~stratum, fpc=~frac_psu, weights=~w, nest=TRUE, data=small_pairs)",
                     weights = "w", ids = "psu", strata = "stratum", fpc = "frac_psu", nest = TRUE))
register("small_nest_wr", svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE,
                                    data = D$small_pairs), "small_pairs",
         design_info("small_nest_wr", "data/small_pairs.csv",
                     "svydesign(ids=~psu, strata=~stratum, weights=~w, nest=TRUE, data=small_pairs)",
                     weights = "w", ids = "psu", strata = "stratum", nest = TRUE))

# Lonely PSU (stratum E of data/small.csv has one PSU). The option is read when
# the variance is computed, so it is set around every estimation call.
small_call <- "svydesign(ids=~psu, strata=~stratum, weights=~w, nest=TRUE, data=small)"
small_des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = D$small)
small_des_fpc <- svydesign(ids = ~psu, strata = ~stratum, fpc = ~fpc_psu, weights = ~w, nest = TRUE,
                           data = D$small)
for (pol in c("remove", "certainty", "adjust", "average")) {
  register(paste0("lonely_", pol), small_des, "small",
           design_info(paste0("lonely_", pol), "data/small.csv",
                       paste0("options(survey.lonely.psu=\"", pol, "\"); ", small_call),
                       weights = "w", ids = "psu", strata = "stratum", nest = TRUE, lonely = pol))
  register(paste0("lonely_", pol, "_fpc"), small_des_fpc, "small",
           design_info(paste0("lonely_", pol, "_fpc"), "data/small.csv",
                       paste0("options(survey.lonely.psu=\"", pol, "\"); ",
                              sub("weights=~w", "fpc=~fpc_psu, weights=~w", small_call)),
                       weights = "w", ids = "psu", strata = "stratum", fpc = "fpc_psu", nest = TRUE,
                       lonely = pol))
}
local({
  old <- options(survey.lonely.psu = "fail"); on.exit(options(old))
  record_error("lonely_fail:mean:y", "lonely_fail",
               paste0("options(survey.lonely.psu=\"fail\"); svymean(~y, ", small_call, ", na.rm=TRUE)"),
               svymean(~y, small_des, na.rm = TRUE))
  record_error("lonely_fail:total:x", "lonely_fail",
               paste0("options(survey.lonely.psu=\"fail\"); svytotal(~x, ", small_call, ", na.rm=TRUE)"),
               svytotal(~x, small_des, na.rm = TRUE))
})

# ==============================================================================
# 2. Replicate-weight designs
# ==============================================================================
rep_multipliers <- function(rd) {
  m <- as.matrix(rd$repweights)           # multipliers of the sampling weights (not combined)
  stopifnot(!rd$combined.weights, nrow(m) == length(rd$pweights))
  m
}
write_repweights <- function(name, rd, data_name) {
  m <- rep_multipliers(rd)
  out <- data.frame(row = seq_len(nrow(m)))
  for (j in seq_len(ncol(m))) out[[sprintf("rep%d", j)]] <- fmt(m[, j])
  fn <- paste0("repweights_", name, ".csv")
  write.csv(out, dx(fn), row.names = FALSE, quote = FALSE)
  paste0("data/", fn)
}
reg_rep <- function(name, rd, data_name, base, call, export_weights_file = TRUE) {
  f <- if (export_weights_file) write_repweights(name, rd, data_name) else ""
  b <- DESIGNS[[base]]$info
  register(name, rd, data_name,
           design_info(name, b$data, call, weights = b$weights, ids = b$ids, strata = b$strata,
                       fpc = b$fpc, nest = b$nest == "TRUE", replicates = rd$type,
                       repweights_file = f, scale = fmt(rd$scale), mse = if (isTRUE(rd$mse)) "TRUE" else "FALSE",
                       base = base))
}
reg_rep("srs_jk1", as.svrepdesign(DESIGNS$srs$des, type = "JK1"), "apisrs", "srs",
        "as.svrepdesign(srs, type=\"JK1\")", export_weights_file = FALSE)
reg_rep("clus1_jk1", as.svrepdesign(DESIGNS$clus1$des, type = "JK1"), "apiclus1", "clus1",
        "as.svrepdesign(clus1, type=\"JK1\")", export_weights_file = FALSE)
reg_rep("clus1_wr_jk1", as.svrepdesign(DESIGNS$clus1_wr$des, type = "JK1"), "apiclus1", "clus1_wr",
        "as.svrepdesign(clus1_wr, type=\"JK1\")", export_weights_file = FALSE)
reg_rep("strat_jkn", as.svrepdesign(DESIGNS$strat$des, type = "JKn"), "apistrat", "strat",
        "as.svrepdesign(strat, type=\"JKn\")", export_weights_file = FALSE)
reg_rep("strat_clus_jkn", as.svrepdesign(DESIGNS$strat_clus$des, type = "JKn"), "apistrat", "strat_clus",
        "as.svrepdesign(strat_clus, type=\"JKn\")", export_weights_file = FALSE)
reg_rep("small_nest_jkn", as.svrepdesign(DESIGNS$small_nest$des, type = "JKn"), "small_pairs", "small_nest",
        "as.svrepdesign(small_nest, type=\"JKn\")")
reg_rep("small_nest_brr", as.svrepdesign(DESIGNS$small_nest_wr$des, type = "BRR"), "small_pairs",
        "small_nest_wr", "as.svrepdesign(small_nest_wr, type=\"BRR\")")

# Bootstrap replicates are random: generate them once with a fixed seed, export
# the multipliers, and compute every reference number from a design rebuilt with
# svrepdesign() from the exported file (the "supplied replicate weights" path),
# after checking it reproduces the as.svrepdesign() design.
boot_from_file <- function(name, gen, data_name, base, call, type) {
  f <- write_repweights(name, gen, data_name)
  mult <- read.csv(file.path(FIX, f))
  mult <- as.matrix(mult[, -1])
  dat <- D[[data_name]]
  wcol <- DESIGNS[[base]]$info$weights
  sup <- svrepdesign(data = dat, repweights = mult, weights = as.formula(paste0("~", wcol)),
                     combined.weights = FALSE, type = type, scale = gen$scale,
                     rscales = gen$rscales, mse = FALSE)
  a <- svymean(~api00, gen); b <- svymean(~api00, sup)
  stopifnot(isTRUE(all.equal(c(coef(a), SE(a)), c(coef(b), SE(b)), tolerance = 1e-14)))
  b <- DESIGNS[[base]]$info
  register(name, sup, data_name,
           design_info(name, b$data, paste0(call, " -> exported -> svrepdesign(repweights=<", f,
                                             ">, weights=~", wcol, ", combined.weights=FALSE, type=\"", type,
                                             "\", scale=", sprintf("%.17g", gen$scale), ", rscales=1)"),
                       weights = b$weights, ids = b$ids, strata = b$strata, fpc = b$fpc,
                       nest = b$nest == "TRUE", replicates = type, repweights_file = f,
                       scale = fmt(sup$scale), mse = "FALSE", base = base))
}
set.seed(SEED)
boot_from_file("clus1_boot", as.svrepdesign(DESIGNS$clus1_wr$des, type = "bootstrap", replicates = 50),
               "apiclus1", "clus1_wr",
               sprintf("set.seed(%d); as.svrepdesign(clus1_wr, type=\"bootstrap\", replicates=50)", SEED),
               "bootstrap")
set.seed(SEED + 1L)
boot_from_file("strat_clus_subboot",
               as.svrepdesign(DESIGNS$strat_clus$des, type = "subbootstrap", replicates = 50),
               "apistrat", "strat_clus",
               sprintf("set.seed(%d); as.svrepdesign(strat_clus, type=\"subbootstrap\", replicates=50)", SEED + 1L),
               "other")

# A JK1 design from supplied *combined* replicate weights, with svrepdesign's
# own default scale (n-1)/n guessed from the number of replicates.
local({
  gen <- DESIGNS$clus1_wr_jk1$des
  comb <- as.matrix(weights(gen, "analysis"))
  dat <- D$apiclus1
  for (j in seq_len(ncol(comb))) dat[[sprintf("repw%02d", j)]] <- comb[, j]
  sup <- suppressWarnings(svrepdesign(data = dat, repweights = "repw[0-9]+", weights = ~pw,
                                      combined.weights = TRUE, type = "JK1"))
  a <- svymean(~api00, gen); b <- svymean(~api00, sup)
  stopifnot(isTRUE(all.equal(c(coef(a), SE(a)), c(coef(b), SE(b)), tolerance = 1e-14)))
  out <- data.frame(row = seq_len(nrow(comb)))
  for (j in seq_len(ncol(comb))) out[[sprintf("repw%02d", j)]] <- fmt(comb[, j])
  write.csv(out, dx("repweights_clus1_jk1_combined.csv"), row.names = FALSE, quote = FALSE)
  D$apiclus1_jk1 <<- dat
  register("clus1_jk1_supplied", sup, "apiclus1_jk1",
           design_info("clus1_jk1_supplied", "data/apiclus1.csv",
                       "svrepdesign(data=apiclus1+<repweights_clus1_jk1_combined.csv>, repweights=\"repw[0-9]+\", weights=~pw, combined.weights=TRUE, type=\"JK1\")",
                       weights = "pw", replicates = "JK1",
                       repweights_file = "data/repweights_clus1_jk1_combined.csv (combined weights)",
                       scale = fmt(sup$scale), mse = "FALSE", base = "clus1_wr"))
})

# ==============================================================================
# 3. Weighting: raking, post-stratification, GREG (with/without bounds), trimming
# ==============================================================================
pop_types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_schwide <- data.frame(sch_wide = c("No", "Yes"), Freq = c(1072, 5122))
greg_totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
write.csv(data.frame(variable = c("stype", "stype", "stype", "sch_wide", "sch_wide"),
                     level = c("E", "H", "M", "No", "Yes"), total = c(4421, 755, 1018, 1072, 5122)),
          dx("margins_rake.csv"), row.names = FALSE)
write.csv(data.frame(variable = "stype", level = c("E", "H", "M"), total = c(4421, 755, 1018)),
          dx("margins_poststratify.csv"), row.names = FALSE)
write.csv(data.frame(variable = c("stype", "stype", "stype", "api99"), level = c("E", "H", "M", ""),
                     total = c(4421, 755, 1018, 3914069)),
          dx("margins_calibrate.csv"), row.names = FALSE, na = "")
# raking within groups (margins ~stype+sch_wide and ~stype+awards)
pop_g1 <- data.frame(stype = rep(c("E", "H", "M"), each = 2), sch_wide = rep(c("No", "Yes"), 3),
                     Freq = c(800, 3621, 300, 455, 350, 668))
pop_g2 <- data.frame(stype = rep(c("E", "H", "M"), each = 2), awards = rep(c("No", "Yes"), 3),
                     Freq = c(1400, 3021, 400, 355, 500, 518))
write.csv(data.frame(stype = c(pop_g1$stype, pop_g2$stype),
                     variable = rep(c("sch_wide", "awards"), each = 6),
                     level = c(pop_g1$sch_wide, pop_g2$awards), total = c(pop_g1$Freq, pop_g2$Freq)),
          dx("margins_rake_by_stype.csv"), row.names = FALSE)

RAKE_CONTROL <- list(maxit = 100, epsilon = 1e-15, verbose = FALSE)
strict_rake <- function(...) withCallingHandlers(rake(...), warning = function(w) stop(conditionMessage(w)))

clus1 <- DESIGNS$clus1$des
clus1_rake <- strict_rake(clus1, list(~stype, ~sch_wide), list(pop_types, pop_schwide), control = RAKE_CONTROL)
clus1_ps <- postStratify(clus1, ~stype, pop_types)
clus1_greg <- calibrate(clus1, ~stype + api99, greg_totals, calfun = "linear")
clus1_gregb <- calibrate(clus1, ~stype + api99, greg_totals, calfun = "linear", bounds = c(0.5, 1.7),
                         epsilon = 1e-12, maxit = 100)
strat_rake_by <- strict_rake(DESIGNS$strat$des, list(~stype + sch_wide, ~stype + awards),
                             list(pop_g1, pop_g2), control = RAKE_CONTROL)
cal_info <- function(name, base, call, cal, margins, variance, data_name, w = NULL) {
  b <- DESIGNS[[base]]$info
  design_info(name, b$data, call, weights = if (is.null(w)) b$weights else w, ids = b$ids,
              strata = b$strata, fpc = b$fpc, nest = b$nest == "TRUE", calibration = cal,
              margins_file = margins, variance = variance, base = base)
}
RAKE_CALL <- "rake(clus1, list(~stype, ~sch_wide), list(pop_types, pop_schwide), control=list(maxit=100, epsilon=1e-15))"
PS_CALL <- "postStratify(clus1, ~stype, pop_types)"
GREG_CALL <- "calibrate(clus1, ~stype+api99, c(`(Intercept)`=6194, stypeH=755, stypeM=1018, api99=3914069), calfun=\"linear\")"
GREGB_CALL <- "calibrate(clus1, ~stype+api99, <same totals>, calfun=\"linear\", bounds=c(0.5, 1.7), epsilon=1e-12, maxit=100)"
RAKEBY_CALL <- "rake(strat, list(~stype+sch_wide, ~stype+awards), list(pop_g1, pop_g2), control=list(maxit=100, epsilon=1e-15))"
cals <- list(
  list("clus1_rake", clus1_rake, "clus1", "apiclus1", RAKE_CALL, "rake", "data/margins_rake.csv", "pw"),
  list("clus1_ps", clus1_ps, "clus1", "apiclus1", PS_CALL, "poststratify", "data/margins_poststratify.csv", "pw"),
  list("clus1_greg", clus1_greg, "clus1", "apiclus1", GREG_CALL, "calibrate-linear", "data/margins_calibrate.csv", "pw"),
  list("clus1_gregb", clus1_gregb, "clus1", "apiclus1", GREGB_CALL, "calibrate-linear-bounds[0.5,1.7]",
       "data/margins_calibrate.csv", "pw"),
  list("strat_rake_by", strat_rake_by, "strat", "apistrat", RAKEBY_CALL, "rake-by-stype",
       "data/margins_rake_by_stype.csv", "pw"))
for (cl in cals) {
  name <- cl[[1]]; des <- cl[[2]]; base <- cl[[3]]; dn <- cl[[4]]
  register(name, des, dn, cal_info(name, base, cl[[5]], cl[[6]], cl[[7]], "calibrated", dn))
  wcal <- weights(des)
  export_weights(name, dn, wcal, "snum")
  # the same final weights treated as fixed design weights
  D[[paste0(dn, "_", name)]] <- D[[dn]]
  D[[paste0(dn, "_", name)]]$wcal <- wcal
  b <- DESIGNS[[base]]$info
  dd <- D[[paste0(dn, "_", name)]]
  fixed <- if (base == "clus1") svydesign(ids = ~dnum, fpc = ~fpc, weights = ~wcal, data = dd) else
    svydesign(ids = ~1, strata = ~stype, fpc = ~fpc, weights = ~wcal, data = dd)
  register(paste0(name, "_fixed"), fixed, paste0(dn, "_", name),
           cal_info(paste0(name, "_fixed"), base,
                    paste0("svydesign(<", base, " design>, weights=~wcal) with wcal = weights(", name, ")"),
                    cl[[6]], cl[[7]], "fixed", dn))
  DESIGNS[[paste0(name, "_fixed")]]$info$weights <- paste0("weights.csv case=", name)
}
export_weights("clus1_trim", "apiclus1",
               weights(trimWeights(clus1_rake, upper = 40, lower = 30)), "snum")
export_weights("clus1_trim_strict", "apiclus1",
               weights(trimWeights(clus1_rake, upper = 40, lower = 30, strict = TRUE)), "snum")
export_weights("clus1_base", "apiclus1", weights(clus1), "snum")
record_error("clus1:poststratify:absent_level", "clus1",
             "postStratify(clus1, ~stype, data.frame(stype=c(\"E\",\"H\",\"M\",\"X\"), Freq=c(4421,755,1018,10)))",
             capture.output(postStratify(clus1, ~stype, data.frame(stype = c("E", "H", "M", "X"),
                                                                     Freq = c(4421, 755, 1018, 10)))))

# ==============================================================================
# 4. Estimates
# ==============================================================================
API_SPEC <- function(nav) list(
  mean = c("api00", "enroll", nav), total = c("enroll", nav), prop = c("stype", "sch_wide"),
  prop_total = "stype", ratio = list(c("api00", "api99"), c("api_stu", "enroll")),
  quantile = c("api00", nav), ciprop = list(c("sch_wide", "Yes"), c("stype", "H")),
  by1 = "stype", by1_stats = c("mean", "prop", "total", "ratio", "quantile", "ciprop"),
  by2 = c("stype", "sch_wide"), by2_stats = c("mean", "total"))
API_SPEC_BY1_ONLY <- function(nav) { s <- API_SPEC(nav); s$prop <- c("sch_wide", "awards"); s$by2 <- NULL; s }
SMALL_SPEC <- list(
  mean = c("y", "x", "bin"), total = c("y", "x"), prop = c("agegrp", "region", "sex"),
  prop_total = "agegrp", ratio = list(c("y", "x")), quantile = "y",
  ciprop = list(c("sex", "F"), c("bin", "1")),
  by1 = "region", by1_stats = c("mean", "prop", "total", "ratio", "quantile", "ciprop"),
  by2 = c("sex", "agegrp"), by2_stats = c("mean", "total"))
SMALL_SPEC_LIGHT <- SMALL_SPEC
SMALL_SPEC_LIGHT$by2 <- NULL
SMALL_SPEC_LIGHT$quantile <- NULL

nav_of <- c(srs = "avg_ed", strat = "target", clus1 = "avg_ed", clus2 = "avg_ed", clus1_wr = "avg_ed",
            strat_clus = "target")
for (dn in names(nav_of)) analyse(dn, API_SPEC(nav_of[[dn]]))
for (dn in c("small_nest", "small_nest_frac", "small_nest_wr")) analyse(dn, SMALL_SPEC)
for (pol in c("remove", "certainty", "adjust", "average")) {
  analyse(paste0("lonely_", pol), SMALL_SPEC)
  analyse(paste0("lonely_", pol, "_fpc"), SMALL_SPEC_LIGHT)
}
rep_nav <- c(srs_jk1 = "avg_ed", clus1_jk1 = "avg_ed", clus1_wr_jk1 = "avg_ed", strat_jkn = "target",
             strat_clus_jkn = "target", clus1_boot = "avg_ed", strat_clus_subboot = "target",
             clus1_jk1_supplied = "avg_ed")
for (dn in names(rep_nav)) analyse(dn, API_SPEC_BY1_ONLY(rep_nav[[dn]]))
for (dn in c("small_nest_jkn", "small_nest_brr")) analyse(dn, SMALL_SPEC_LIGHT)
for (cl in cals) {
  analyse(cl[[1]], API_SPEC_BY1_ONLY("avg_ed"))
  analyse(paste0(cl[[1]], "_fixed"), API_SPEC_BY1_ONLY("avg_ed"))
}

# cross-check: the domain loop (subset of the full design) equals svyby()
local({
  des <- DESIGNS$clus1$des
  by <- svyby(~api00, ~stype, des, svymean, na.rm = TRUE)
  mine <- sapply(levels(D$apiclus1$stype), function(l) {
    m <- svymean(~api00, subset(des, stype == l), na.rm = TRUE); c(coef(m), SE(m)) })
  stopifnot(isTRUE(all.equal(unname(c(by$api00, SE(by))), unname(c(mine[1, ], mine[2, ])), tolerance = 1e-14)))
  byr <- svyby(~api00, ~stype, clus1_rake, svymean)
  miner <- sapply(levels(D$apiclus1$stype), function(l) SE(svymean(~api00, subset(clus1_rake, stype == l))))
  stopifnot(isTRUE(all.equal(unname(SE(byr)), unname(miner), tolerance = 1e-14)))
})

# ==============================================================================
# 5. Crosstabs and Rao-Scott tests
# ==============================================================================
crosstab("srs", "stype", "awards")
crosstab("strat", "stype", "awards")
crosstab("clus1", "stype", "sch_wide")
crosstab("clus2", "stype", "both")
crosstab("clus1_wr", "stype", "sch_wide")
crosstab("strat_clus", "stype", "comp_imp")
crosstab("small_nest", "sex", "region")
crosstab("lonely_adjust", "sex", "agegrp")     # has a zero cell (65+ are all F); agegrp has an NA
crosstab("clus1_rake", "stype", "awards")
crosstab("clus1_rake_fixed", "stype", "awards")
crosstab("clus1_greg", "stype", "awards")
crosstab("clus1_jk1", "stype", "sch_wide")
crosstab("clus1_boot", "stype", "sch_wide")

# ==============================================================================
# 6. Write everything
# ==============================================================================
wcsv <- function(lst, name, quote = FALSE) {
  df <- do.call(rbind, lst)
  if (!quote) stopifnot(!any(grepl("[,\"\r\n]", as.matrix(df))))
  write.csv(df, fx(name), row.names = FALSE, na = "", quote = quote)
  invisible(df)
}
info_df <- do.call(rbind, lapply(DESIGNS, function(e) {
  i <- e$info
  data.frame(design = i$design, data = i$data, weights = i$weights, ids = i$ids, strata = i$strata,
             fpc = i$fpc, nest = i$nest, lonely_psu = i$lonely_psu, replicates = i$replicates,
             repweights_file = i$repweights_file, scale = i$scale, mse = i$mse,
             calibration = i$calibration, margins_file = i$margins_file, variance = i$variance,
             base_design = i$base_design, degf = i$degf, n_rows = i$n_rows, r_call = i$r_call,
             stringsAsFactors = FALSE)
}))
write.csv(info_df, fx("designs.csv"), row.names = FALSE, na = "")
wcsv(RSCALES, "replicate_scales.csv")
est <- wcsv(EST, "estimates.csv")
wcsv(XT, "crosstab.csv")
wcsv(TESTS, "tests.csv")
wcsv(WTS, "weights.csv")
wcsv(WSUM, "weights_summary.csv")
wcsv(ERRS, "errors.csv", quote = TRUE)
writeLines(c(R.version.string, paste("survey", as.character(packageVersion("survey"))),
             paste("Matrix", as.character(packageVersion("Matrix")))),
           fx("VERSIONS.txt"))
cat(sprintf("designs: %d, estimate rows: %d, crosstab rows: %d, tests: %d, weights rows: %d\n",
            nrow(info_df), nrow(est), length(XT), length(TESTS), length(WTS) * 0 + sum(sapply(WTS, nrow))))
