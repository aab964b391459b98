# The two commands of the README: `make serve` and `make test`. Everything else is a helper.
BUILD ?= build
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc)
PORT ?= 8080
# `make serve SERVE_FLAGS="--data team-data"`: a store of your own, without the demo team.
SERVE_FLAGS ?= --demo

.PHONY: deps deps-serve build serve check test fuzz-build fuzz format lint clean screenshots bench install deb

deps:
	@scripts/install-deps all

deps-serve:
	@scripts/install-deps serve

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Builds only the binary it runs (the tests are for make test and make check).
serve: deps-serve $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target rungs
	$(BUILD)/rungs serve $(SERVE_FLAGS) --port $(PORT)

# The fast loop: the in-process unit tests only (ctest -L unit), no browser, fuzzing or lint.
check: deps-serve $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target unit_tests
	cd $(BUILD) && ctest -L unit -j $(JOBS)

fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DRUNGS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

test: build fuzz-build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# A longer fuzz run of every target (FUZZ_SECONDS each), for use before a release.
FUZZ_SECONDS ?= 300
fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) long $(FUZZ_SECONDS)

# Screenshots of every page type at desktop and phone width, into e2e/screenshots/.
screenshots: build
	e2e/run.sh $(BUILD)/rungs --screenshots

# wrk against rungs serve and nginx serving the same pages (see bench/http_bench.sh); rungs'
# weekly metrics against DuckDB and pandas on 1 GB and 4 GB event files (bench/metrics_compare.sh).
bench: build
	$(BUILD)/levels_bench
	bench/people_bench.sh $(BUILD)
	bench/http_bench.sh $(BUILD)/rungs
	bench/attack_bench.sh $(BUILD)/rungs
	bench/metrics_compare.sh $(BUILD)

# The binary, the systemd unit and the docs under PREFIX (/usr/local); `make deb` builds the
# Debian package (build/rungs_VERSION_ARCH.deb): binary, unit, dependencies declared.
# It installs what `make build` (or `make serve`) built, so it can run under sudo without
# leaving root-owned files in the build folder.
PREFIX ?= /usr/local
install:
	@test -x $(BUILD)/rungs || { echo "make install: build first (make build), then sudo make install"; exit 1; }
	cmake --install $(BUILD) --prefix $(PREFIX) --strip

deb: deps-serve $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target rungs
	cd $(BUILD) && cpack -G DEB

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

lint: build
	scripts/lint $(BUILD)

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
