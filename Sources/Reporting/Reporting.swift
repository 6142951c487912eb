// The Reporting stage: barrier indices (Index/: CompositeIndex, and BarrierIndex with
// design-based country means, ranks and rank intervals through Aggregation), reliability and
// inter-coder agreement (Reliability/), focus-group analysis of a coding export (FocusGroups/),
// and, later, country profiles as Markdown, HTML with SVG charts, tidy CSV and XLSX (issue #6).
