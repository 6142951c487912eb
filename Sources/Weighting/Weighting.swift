// The Weighting stage: base weights, nonresponse adjustment, post-stratification,
// raking, GREG calibration and trimming, with diagnostics.
// Empty until issue #4; it declares no API, so nothing here pretends to work.
