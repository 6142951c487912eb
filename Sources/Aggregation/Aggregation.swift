// The Aggregation stage: the design-based estimation engine (means, totals,
// proportions, ratios, quantiles by domain, linearisation and replicate variance,
// Rao-Scott tests), proven against R's survey package.
// Empty until issue #4; it declares no API, so nothing here pretends to work.
