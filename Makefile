# Paraf: the two commands are `make demo` and `make check`. Both install what is missing first.
# Everything else is CMake under build/.

MAKEFLAGS += --no-print-directory
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
BUILD     := build/release
ASAN      := build/asan
DEMO_DATA ?= demo-data
DEMO_PORT ?= 8443

.PHONY: all deps build asan check check-field-kill demo bench bench-hub update-goldens format clean

all: build

deps:
	@./tools/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DPARAF_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)

# Every test, in a normal and in an ASan+UBSan build.
check: build asan
	@echo "== tests (release build)"
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@echo "== tests (ASan+UBSan build; the slow durability tests ran above)"
	@cd $(ASAN) && ctest --output-on-failure -j $(JOBS) -LE slow

# The field tablet's kill test alone (105 SIGKILLs while editing and uploading; ~4 min).
check-field-kill: build
	@cd $(BUILD) && ctest --output-on-failure -R field_kill_test

# The main job: the hub with demo data on loopback (the device program joins it in tools/demo).
demo: build
	@./tools/demo $(BUILD) $(DEMO_DATA) $(DEMO_PORT)

# Hub throughput over HTTPS with keep-alive and mutual TLS (see README).
bench-hub: build
	@$(BUILD)/bin/paraf-hub-bench --hub $(BUILD)/bin/paraf-hub

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

# Rewrite the golden screenshots from the current build (then look at every changed image).
update-goldens: build
	@sh tests/golden/run.sh $(BUILD)/bin . build/golden --update

# Frame times and memory of the device program (README figures).
bench: build
	@$(BUILD)/bin/paraf --bench
	@$(BUILD)/bin/paraf --bench --profile board
	@$(BUILD)/bin/paraf --bench --profile field
