# The README's two commands are `make run` and `make test`.
SHELL := /bin/bash

.PHONY: run test setup openapi lint fmt db-start db-stop bench bench-replicas web web-bench e2e-isolation test-instants

## Start the product with its demo on http://localhost:8080 (local PostgreSQL unless DATABASE_URL is set).
run:
	@scripts/run.sh

## Run every test against a real PostgreSQL.
test:
	@scripts/test.sh

## The browser tests in reverse file order, then each file alone (each on a fresh database).
e2e-isolation:
	@scripts/with-db.sh e2e/isolation.sh

## The API suite with the whole system at fixed instants (libfaketime); INSTANTS="2026-12-15 15:00" for others.
test-instants:
	@scripts/with-db.sh scripts/test-instants.sh $(INSTANTS)

## Install what is missing (apt packages, the wasm32 target).
setup:
	@scripts/setup.sh

## Performance benchmark (not part of `make test`): ROWS=1000000 by default, ROWS=10000000 documented.
ROWS ?= 1000000
bench:
	@ROWS=$(ROWS) scripts/bench.sh

## The read-replica lines (after `make bench` at the same ROWS): a pg_basebackup standby, one server on the primary alone, one reading from the standby.
bench-replicas:
	@ROWS=$(ROWS) scripts/bench-replicas.sh

## Regenerate the committed OpenAPI document.
openapi:
	@cargo run -q -p civis-api -- openapi > openapi/openapi.json
	@echo "openapi/openapi.json written"

## The web app's release build into frontend/dist: two entries (portal, staff), hashed names, brotli and gzip twins.
web:
	@scripts/setup.sh
	@scripts/web.sh

## Per entry of the web app (portal, staff): bytes downloaded and time until the request form is interactive.
web-bench:
	@scripts/web-bench.sh

## rustfmt check, clippy with warnings as errors (the web app for wasm32), the house rules (scripts/house.sh).
lint:
	cargo fmt --all -- --check
	cargo clippy -q --all-targets -- -D warnings
	cargo clippy -q -p civis-web --target wasm32-unknown-unknown -- -D warnings
	scripts/house.sh

fmt:
	cargo fmt --all

db-start:
	@scripts/pg.sh start
db-stop:
	@scripts/pg.sh stop
