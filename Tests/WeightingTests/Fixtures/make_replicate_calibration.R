# Reference for ReplicateCalibrationTests.swift: raking, post-stratification and linear
# (GREG) calibration, with and without bounds, of a replicate design, where R's rake(),
# postStratify() and calibrate() of a svyrep.design calibrate every replicate's weights
# to the same margins and the SEs are replicate variances.
#
# Run from the package root:
#   Rscript Tests/WeightingTests/Fixtures/make_replicate_calibration.R
# Writes Tests/WeightingTests/Fixtures/replicate_calibration.csv (17 significant digits).
suppressPackageStartupMessages(library(survey))
options(digits = 17)

data <- "Tests/AggregationTests/Fixtures/data/"
apiclus1 <- read.csv(paste0(data, "apiclus1.csv"), stringsAsFactors = TRUE)
rake_margins <- read.csv(paste0(data, "margins_rake.csv"), stringsAsFactors = FALSE)
ps_margins <- read.csv(paste0(data, "margins_poststratify.csv"), stringsAsFactors = FALSE)
margin <- function(margins, variable) {
  rows <- margins[margins$variable == variable, ]
  frame <- data.frame(rows$level, Freq = rows$total)
  names(frame)[1] <- variable
  frame
}

# The totals of data/margins_calibrate.csv as R's model matrix names them.
greg_totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)

clus1 <- svydesign(ids = ~dnum, fpc = ~fpc, weights = ~pw, data = apiclus1)
jk1 <- as.svrepdesign(clus1, type = "JK1")
designs <- list(
  jk1_rake = rake(jk1, list(~stype, ~sch_wide),
                  list(margin(rake_margins, "stype"), margin(rake_margins, "sch_wide")),
                  control = list(maxit = 100, epsilon = 1e-15)),
  jk1_ps = postStratify(jk1, ~stype, margin(ps_margins, "stype")),
  jk1_greg = calibrate(jk1, ~stype + api99, greg_totals, calfun = "linear"),
  jk1_gregb = calibrate(jk1, ~stype + api99, greg_totals, calfun = "linear", bounds = c(0.4, 2.5),
                        epsilon = 1e-12, maxit = 100))

row <- function(design, statistic, variable, level, domain, estimate, se) {
  data.frame(design = design, statistic = statistic, variable = variable, level = level, domain = domain,
             estimate = format(estimate, digits = 17), se = format(se, digits = 17))
}
rows <- list()
for (name in names(designs)) {
  des <- designs[[name]]
  for (fun in c("mean", "total")) {
    estimator <- if (fun == "mean") svymean else svytotal
    for (variable in c("api00", "enroll", "sch_wide", "awards")) {
      f <- as.formula(paste0("~", variable))
      overall <- estimator(f, des)
      categorical <- is.factor(apiclus1[[variable]])
      levels <- if (categorical) levels(apiclus1[[variable]]) else ""
      for (k in seq_along(levels)) {
        rows[[length(rows) + 1]] <- row(name, fun, variable, levels[k], "", coef(overall)[k], SE(overall)[k])
      }
      by <- svyby(f, ~stype, des, estimator, covmat = FALSE)
      coefs <- coef(by)
      ses <- setNames(as.vector(as.matrix(SE(by))), names(coefs))
      for (s in levels(apiclus1$stype)) {
        for (k in seq_along(levels)) {
          key <- if (categorical) paste0(s, ":", variable, levels[k]) else s
          rows[[length(rows) + 1]] <- row(name, fun, variable, levels[k], paste0("stype=", s),
                                          coefs[[key]], ses[[key]])
        }
      }
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, "Tests/WeightingTests/Fixtures/replicate_calibration.csv", row.names = FALSE)
