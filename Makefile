# parkmap: `make run` serves the map from the embedded store; `make test` runs every test.
SHELL := /bin/bash
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
ADDR ?= 127.0.0.1:8080
DB_DIR := $(CURDIR)/.pgdata
DB_PORT ?= 55432
DATABASE_URL_DEV := postgres://postgres@127.0.0.1:$(DB_PORT)/parkmap?sslmode=disable

.PHONY: run build web test db db-stop run-postgis bench fuzz clean

## run: build and serve the map and API on http://$(ADDR) from the embedded store
run: build
	./bin/parkmap serve --addr $(ADDR)

## build: bin/parkmap with the web assets (Leaflet from npm) inside; PROJ's library from apt when missing
build: web
	scripts/deps.sh build
	go build -ldflags "$(LDFLAGS)" -o bin/parkmap ./cmd/parkmap

## web: fetch Leaflet from npm and place it among the embedded assets
web:
	scripts/vendor-web.sh

## test: install what is missing, start a throwaway PostGIS, run every check and test
test:
	scripts/test.sh

## db: start a local PostGIS for development in .pgdata/, migrate it, and seed it when empty (a planner's edits stay)
db: build
	@scripts/pg-cluster.sh start $(DB_DIR) $(DB_PORT) >/dev/null
	DATABASE_URL='$(DATABASE_URL_DEV)' ./bin/parkmap migrate
	DATABASE_URL='$(DATABASE_URL_DEV)' ./bin/parkmap seed --if-empty
	@echo "DATABASE_URL='$(DATABASE_URL_DEV)'"

## db-stop: stop the development PostGIS
db-stop:
	scripts/pg-cluster.sh stop $(DB_DIR)

## run-postgis: serve from the development PostGIS that `make db` started
run-postgis: db
	DATABASE_URL='$(DATABASE_URL_DEV)' ./bin/parkmap serve --addr $(ADDR)

## bench: the items endpoint on both stores, and the PostGIS ratio against pgbench
bench: build
	scripts/bench.sh

## fuzz: run each fuzz test for a while (FUZZTIME, default 30s)
fuzz:
	scripts/fuzz.sh

clean:
	rm -rf bin
