// The Aggregation stage: design-based estimation (Estimation/), the variance engine
// (Variance/: linearization; Replicates/: replicate weights), crosstabs with Rao-Scott
// tests (Crosstab/) and the distributions behind intervals and tests (Distributions/),
// proven against R's survey package (Tests/AggregationTests/Fixtures).
