// The pipeline runner: Pipelines/*.yaml, the stage graph, the Dispatch runner,
// the cache and the manifest.
// Empty until issue #5; it declares no API, so nothing here pretends to work.
