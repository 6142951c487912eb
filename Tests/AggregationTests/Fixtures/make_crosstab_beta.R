# Reference for CrosstabIntervalTests.swift: Korn-Graubard ("beta") intervals of a
# cross-table's row and column proportions, each as R's svyciprop(method = "beta") on
# the subset the proportion is taken over (apiclus1, one-stage cluster design).
#
# Run from the package root:
#   Rscript Tests/AggregationTests/Fixtures/make_crosstab_beta.R
# Writes Tests/AggregationTests/Fixtures/crosstab_beta.csv (17 significant digits).
suppressPackageStartupMessages(library(survey))
data <- read.csv("Tests/AggregationTests/Fixtures/data/apiclus1.csv", stringsAsFactors = FALSE)
des <- svydesign(ids = ~dnum, weights = ~pw, data = data)
rows <- list()
for (s in sort(unique(data$stype))) {
  for (a in sort(unique(data$awards))) {
    ci <- attr(svyciprop(as.formula(paste0("~I(awards == '", a, "')")), subset(des, stype == s), method = "beta"), "ci")
    rows[[length(rows) + 1]] <- data.frame(statistic = "row_proportion", row = s, col = a,
      ci_low = format(ci[[1]], digits = 17), ci_high = format(ci[[2]], digits = 17))
  }
}
for (a in sort(unique(data$awards))) {
  for (s in sort(unique(data$stype))) {
    ci <- attr(svyciprop(as.formula(paste0("~I(stype == '", s, "')")), subset(des, awards == a), method = "beta"), "ci")
    rows[[length(rows) + 1]] <- data.frame(statistic = "column_proportion", row = s, col = a,
      ci_low = format(ci[[1]], digits = 17), ci_high = format(ci[[2]], digits = 17))
  }
}
write.csv(do.call(rbind, rows), "Tests/AggregationTests/Fixtures/crosstab_beta.csv", row.names = FALSE)
