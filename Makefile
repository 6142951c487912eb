# mighealth: every target installs what it needs first (`deps`), so a fresh Debian
# machine needs nothing by hand. Run as root, or with sudo available for apt-get.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/mighealth
SAMPLE_FILES := $(sort $(wildcard SampleData/survey_*.csv))

BENCH := ../shared/bench
BENCH_DATA ?= /tmp/bench-data
BENCH_VENV ?= /tmp/bench-venv
BENCH_RESULTS ?= $(CURDIR)/output/bench
BENCH_SIZES ?= 10k 100k 1M
BENCH_RUNS ?= 3

.PHONY: deps build release test lint format templates check-html pipeline bench-pipeline bench bench-ingest bench-w bench-build clean

## deps: install Debian's libcsv-dev (csv.h, -lcsv), libssl-dev (SHA-256 from libcrypto),
## libxlsxwriter-dev (xlsxwriter.h, -lxlsxwriter) and unzip (the XLSX tests read the
## workbook's XML with it) when missing
DEBIAN_DEPS := $(if $(wildcard /usr/include/csv.h),,libcsv-dev) \
  $(if $(wildcard /usr/include/openssl/evp.h),,libssl-dev) \
  $(if $(wildcard /usr/include/xlsxwriter.h),,libxlsxwriter-dev) \
  $(if $(wildcard /usr/bin/unzip),,unzip)

deps:
	@if [ -n "$(strip $(DEBIAN_DEPS))" ]; then \
	  echo "installing $(strip $(DEBIAN_DEPS))"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(strip $(DEBIAN_DEPS)); \
	fi

## build: debug build of the library and the mighealth command
build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product mighealth

## test: the whole test suite (Swift Testing), then `mighealth check` on every pipeline file
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(SWIFT) run mighealth check $(sort $(wildcard Pipelines/*.yaml))

## lint: swift format in strict mode (force unwrap and force try are errors)
lint: deps
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks

format: deps
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks

## templates: embed Templates/*.mustache in the binary (after editing a default template)
templates:
	scripts/embed-templates.sh

## check-html: render the sample profile and comparison in headless Chromium (installed when
## missing); fails if a page does not render or has no chart; screenshots in output/check-html/
check-html: deps
	scripts/check-html.sh

## pipeline: run Pipelines/mig-healthcare.yaml (every table and profile into output/)
pipeline: release
	$(RELEASE_BIN) run Pipelines/mig-healthcare.yaml

## bench-pipeline: the sample pipeline cold and warm, and the 1M-row input with --jobs 1 and 2
bench-pipeline: release
	Benchmarks/bench-pipeline.sh

## bench: all benchmarks (ingest, the pipeline runner, then workload W against its peers)
bench: bench-ingest bench-pipeline bench-w

## bench-ingest: ingest the 1M-row file of ../shared/bench; wall, MB/s, rows/s, peak RSS
bench-ingest: release
	Benchmarks/bench-ingest.sh

## bench-build: release builds of mighealth and of the workload-W runner (Benchmarks/WorkloadW,
## statically linked)
bench-build: release
	@# SwiftPM keeps a stale list of the main package's files in this build folder when
	@# files are added or moved; start that folder afresh if the build fails.
	@# The Swift runtime and Foundation (which Yams brings in) linked statically: a W run
	@# is one short process, and dynamic loading and binding was ~4 ms of it at 10k rows.
	$(SWIFT) build -c release --static-swift-stdlib --package-path Benchmarks/WorkloadW || \
	  { rm -rf Benchmarks/WorkloadW/.build && $(SWIFT) build -c release --static-swift-stdlib --package-path Benchmarks/WorkloadW; }

## bench-w: workload W for mighealth, DuckDB and polars at 10k, 100k and 1M rows (run_peers.sh),
## checked against R survey's output for the same data (made once per size, not timed)
bench-w: bench-build
	@[ -x $(BENCH_VENV)/bin/python ] || $(BENCH)/setup.sh
	mkdir -p $(BENCH_RESULTS) $(BENCH_DATA)/out
	for n in $(BENCH_SIZES); do \
	  case $$n in *k) rows=$$(( $${n%k} * 1000 ));; *M) rows=$$(( $${n%M} * 1000000 ));; *) rows=$$n;; esac; \
	  [ -s $(BENCH_DATA)/survey_$$n.csv ] || $(BENCH_VENV)/bin/python $(BENCH)/gen_survey.py $$rows \
	    $(BENCH_DATA)/survey_$$n.csv --margins $(BENCH_DATA)/margins.csv; \
	  [ -s $(BENCH_DATA)/out/r_survey_$$n.csv ] || Rscript $(BENCH)/peer_r_survey.R $(BENCH_DATA)/survey_$$n.csv \
	    $(BENCH_DATA)/margins.csv $(BENCH_DATA)/out/r_survey_$$n.csv 2> /dev/null; \
	  BENCH_DATA=$(BENCH_DATA) BENCH_VENV=$(BENCH_VENV) BENCH_RESULTS=$(BENCH_RESULTS) COMPARE_TOL=1e-7 \
	    $(BENCH)/run_peers.sh $$n $(BENCH_RUNS) mighealth duckdb polars; \
	done
	python3 $(BENCH)/summarize.py $(BENCH_RESULTS)

clean:
	rm -rf .build output
