// The Clean stage: configured cleaning rules (type coercion, harmonisation,
// recodes, derived variables, skip logic) with a cleaning log.
// Empty until issue #5; it declares no API, so nothing here pretends to work.
