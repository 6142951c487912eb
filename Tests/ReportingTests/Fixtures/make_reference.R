#!/usr/bin/env Rscript
# Reference results from R's `survey` package for the barrier index's design-based
# country means, SEs, CIs and replicate rank intervals (issue 6). Run from the
# repository root:
#
#   Rscript Tests/ReportingTests/Fixtures/make_reference.R
#
# Output, next to this script:
#   index_data.csv   a small survey: 5 countries x 2 strata x 2 PSUs x 6 respondents,
#                    barrier items with some missing cells; country EE has no
#                    respondent with every item answered (it cannot be ranked)
#   index_scores.csv the index of every respondent (NA where an item is missing)
#   index_means.csv  svyby(~index, ~country [+ legal_status], design, svymean, na.rm = TRUE)
#                    under linearization ("taylor"), JKn and BRR replicates
#   index_alpha.csv  Cronbach's alpha of the four items (trust negated), unweighted, overall
#                    and per country: k/(k-1) (1 - trace(S)/sum(S)) on complete cases
#   index_ranks.csv  ranks of the country means and rank intervals from the
#                    replicates (JKn and BRR), computed as BarrierIndex.ranks documents
#
# The index, written out here independently of the Swift code:
#   complete cases = respondents with all four items;
#   min-max over the complete cases, trust reversed (negative polarity):
#     cost, language, wait: (x - min) / (max - min);  trust: (max - x) / (max - min)
#   dimensions (equal item weights): affordability = cost,
#     acceptability = (language + trust) / 2, availability = wait
#   index = (affordability + acceptability + availability) / 3.
# Numbers are written with sprintf("%.17g"); NA is an empty cell.

suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", survey.replicates.mse = FALSE)

file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
FIX <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg[1]))) else
  file.path("Tests", "ReportingTests", "Fixtures")
fx <- function(...) file.path(FIX, ...)
num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

# ---- the data -----------------------------------------------------------------
set.seed(20240606)
countries <- c("AA", "BB", "CC", "DD", "EE")
rows <- list()
for (country in countries) {
  shift <- match(country, countries) / 10
  for (s in 1:2) for (p in 1:2) for (i in 1:6) {
    rows[[length(rows) + 1]] <- data.frame(
      respondent_id = sprintf("%s-%d%d%d", country, s, p, i), country = country,
      stratum = sprintf("%s-%d", country, s), psu = sprintf("%s-%d-%d", country, s, p),
      weight = round(runif(1, 50, 500), 2),
      legal_status = sample(c("refugee", "asylum_seeker", "undocumented"), 1),
      bar_cost = rbinom(1, 1, 0.2 + shift), bar_language = rbinom(1, 1, 0.5 - shift / 2),
      bar_wait = rbinom(1, 1, 0.3 + shift / 2), trust = sample(1:5, 1))
  }
}
d <- do.call(rbind, rows)
items <- c("bar_cost", "bar_language", "bar_wait", "trust")
for (item in items) d[[item]][runif(nrow(d)) < 0.06] <- NA
d$trust[d$country == "EE"] <- NA
out <- d
for (item in items) out[[item]] <- ifelse(is.na(d[[item]]), "", as.character(d[[item]]))
write.csv(out, fx("index_data.csv"), row.names = FALSE, quote = FALSE)

# Read back, as the Swift test reads it.
d <- read.csv(fx("index_data.csv"), stringsAsFactors = FALSE)

# ---- the index ------------------------------------------------------------------
complete <- complete.cases(d[, items])
mm <- function(x, reverse = FALSE) {
  lo <- min(x[complete]); hi <- max(x[complete])
  if (reverse) (hi - x) / (hi - lo) else (x - lo) / (hi - lo)
}
affordability <- mm(d$bar_cost)
acceptability <- (mm(d$bar_language) + mm(d$trust, reverse = TRUE)) / 2
availability <- mm(d$bar_wait)
d$index <- ifelse(complete, (affordability + acceptability + availability) / 3, NA)
write.csv(data.frame(respondent_id = d$respondent_id, index = num(d$index)), fx("index_scores.csv"),
          row.names = FALSE, quote = FALSE)

# ---- designs ----------------------------------------------------------------------
taylor <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
designs <- list(taylor = taylor, jkn = as.svrepdesign(taylor, type = "JKn"),
                brr = as.svrepdesign(taylor, type = "BRR"))

# EE has no index: svyby cannot average nothing, so the ranked countries are the others.
ranked <- setdiff(countries, "EE")

means <- list()
ranks <- list()
for (name in names(designs)) {
  des <- designs[[name]]
  df <- degf(des)
  for (by in list(~country, ~country + legal_status)) {
    sub <- subset(des, country %in% ranked)
    est <- svyby(~index, by, sub, svymean, na.rm = TRUE, return.replicates = name != "taylor")
    ci <- confint(est, df = df)
    groups <- all.vars(by)
    counts <- aggregate(list(n = !is.na(d$index), n_missing = is.na(d$index)),
                        d[groups], sum)
    key <- do.call(paste, c(est[groups], sep = ";"))
    ckey <- do.call(paste, c(counts[groups], sep = ";"))
    means[[length(means) + 1]] <- data.frame(
      design = name, by = paste(groups, collapse = "+"), domain = key,
      mean = num(coef(est)), se = num(SE(est)), ci_low = num(ci[, 1]), ci_high = num(ci[, 2]),
      df = df, n = counts$n[match(key, ckey)], n_missing = counts$n_missing[match(key, ckey)])
    if (name != "taylor" && identical(groups, "country")) {
      reps <- attr(est, "replicates")         # replicates x countries
      full <- coef(est)
      k <- nrow(reps)
      rscales <- des$rscales
      centre <- colMeans(reps[rscales > 0, , drop = FALSE])
      factor <- sqrt(k * des$scale * rscales)
      rescaled <- sweep(sweep(reps, 2, centre) * factor, 2, full, "+")
      replicate_ranks <- t(apply(-rescaled, 1, rank, ties.method = "average"))
      ranks[[length(ranks) + 1]] <- data.frame(
        design = name, country = names(full), mean = num(full),
        rank = rank(-full, ties.method = "average"),
        rank_low = num(apply(replicate_ranks, 2, quantile, probs = 0.025, type = 7)),
        rank_high = num(apply(replicate_ranks, 2, quantile, probs = 0.975, type = 7)),
        replicates = k)
    }
  }
}
write.csv(do.call(rbind, means), fx("index_means.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, ranks), fx("index_ranks.csv"), row.names = FALSE, quote = FALSE)
# ---- Cronbach's alpha ---------------------------------------------------------------
alpha <- function(x) {
  x <- x[complete.cases(x), , drop = FALSE]
  if (nrow(x) < 2) return(c(NA, nrow(x)))
  s <- cov(x); k <- ncol(x)
  c(k / (k - 1) * (1 - sum(diag(s)) / sum(s)), nrow(x))
}
signed <- data.frame(d$bar_cost, d$bar_language, d$bar_wait, -d$trust)
scopes <- c("", countries)
alphas <- t(sapply(scopes, function(scope) alpha(signed[scope == "" | d$country == scope, ])))
write.csv(data.frame(country = scopes, alpha = num(alphas[, 1]), n = alphas[, 2]), fx("index_alpha.csv"),
          row.names = FALSE, quote = FALSE)

writeLines(c(R.version.string, paste("survey", packageVersion("survey"))), fx("VERSIONS.txt"))
