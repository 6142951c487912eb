// The Reporting stage: barrier indices, focus-group summaries and country
// profiles as Markdown, HTML with SVG charts, tidy CSV and XLSX.
// Empty until issue #6; it declares no API, so nothing here pretends to work.
