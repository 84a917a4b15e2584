# ipsim: the two commands are `make run` (the main job on the embedded
# default scenario) and `make test` (every test, as CI runs them).

GO    ?= go
BIN   ?= ipsim
ARGS  ?=

.PHONY: build run test bench bench-ab bench-ir lint cover chromium report-check clean

## build: compile the ipsim binary into ./ipsim
build:
	$(GO) build -o $(BIN) ./cmd/ipsim

## run: build ./ipsim and run the embedded default scenario (extra flags: make run ARGS="--force"); a built binary, unlike go run, records its version and revision in manifest.json
run: build
	./$(BIN) $(ARGS)

## test: go vet, the Windows build (no flock there: lock_other.go), the full test suite (including the long end-to-end tests), and the race detector on the engine and on the concurrent commands (workers, interrupts)
test:
	$(GO) vet ./...
	GOOS=windows GOARCH=amd64 $(GO) build ./...
	$(GO) test ./...
	$(GO) test -race ./sim
	$(GO) test -race -run 'Worker|Interrupt' ./cmd/ipsim

## bench: every benchmark, no tests
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-ab: one benchmark, HEAD against the working tree, run alternately (make bench-ab B=BenchmarkRunChina)
bench-ab:
	./scripts/bench-ab.sh $(B)

## bench-ir: one benchmark's instruction count (valgrind's callgrind), HEAD against the working tree: no drift with the machine's load (make bench-ir B=BenchmarkRunChina)
bench-ir:
	./scripts/bench-ab.sh -i $(B)

## lint: gofmt must list no file, go vet and staticcheck (its default checks; fetched once from the module proxy, not a dependency of ipsim) must pass
lint:
	@files=$$(gofmt -l .); if [ -n "$$files" ]; then echo "gofmt -l lists:"; echo "$$files"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

## cover: test coverage per function and in total (cover.out)
cover:
	$(GO) test -coverprofile=cover.out ./...
	$(GO) tool cover -func=cover.out | tail -n 1

## chromium: install Debian's chromium (for the report's headless rendering test)
chromium:
	./scripts/install-chromium.sh

## report-check: render report.html in headless Chromium and check it is self-contained
report-check: chromium
	$(GO) test ./plots -run 'TestChromiumScreenshot|TestReportSelfContained' -count=1 -v

clean:
	rm -f $(BIN) cover.out
