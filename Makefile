# mighealth: every target installs what it needs first (`deps`), so a fresh Debian
# machine needs nothing by hand. Run as root, or with sudo available for apt-get.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/mighealth
SAMPLE_FILES := $(sort $(wildcard SampleData/survey_*.csv))

.PHONY: deps build release test lint format pipeline bench bench-ingest clean

## deps: install Debian's libcsv-dev (csv.h, -lcsv) when missing
deps:
	@if [ ! -f /usr/include/csv.h ]; then \
	  echo "installing libcsv-dev"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcsv-dev; \
	fi

## build: debug build of the library and the mighealth command
build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product mighealth

## test: the whole test suite (Swift Testing)
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## lint: swift format in strict mode (force unwrap and force try are errors)
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks

## pipeline: ingest the sample data into output/ and print the row accounting per country
pipeline: release
	$(RELEASE_BIN) ingest $(SAMPLE_FILES) --codebook SampleData/codebook.yaml --out output/ingest

## bench: all benchmarks
bench: bench-ingest

## bench-ingest: ingest the 1M-row file of ../shared/bench; wall, MB/s, rows/s, peak RSS
bench-ingest: release
	Benchmarks/bench-ingest.sh

clean:
	rm -rf .build output
