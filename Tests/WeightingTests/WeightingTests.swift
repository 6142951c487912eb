// Tests of the Weighting module (raking, post-stratification, GREG, trimming) against R.
