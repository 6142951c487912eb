// The Reporting stage: barrier indices (Index/), reliability and inter-coder agreement
// (Reliability/), and, later, focus-group summaries and country profiles as Markdown,
// HTML with SVG charts, tidy CSV and XLSX (issue #6).
