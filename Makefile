# Makefile — builds and checks the whole project. Start with `make run` or `make test`.
#
#   make deps        install the Debian packages the build needs (quiet when all are present)
#   make run         deps + build + the main job on tiny_data/ (for now: the autodiff walkthrough)
#   make test        deps + build + every test: unit tests, gradient checks, notebooks; ends with
#                    one line "N passed, M failed"
#   make gradcheck   finite-difference checks of every op, in the double-precision build
#   make notebooks   build and run notebooks_cpp/*.cpp, writing their output into docs/notebooks/
#   make bench       benchmarks, side by side with PyTorch where it is installed
#   make SAN=1 ...   the same with AddressSanitizer + UBSan, in build/san/
#
# The library is compiled twice from the same sources: float (build/obj/float, what runs) and
# double (build/obj/double, -DSIMCSE_DOUBLE, what the gradient checks verify).
#
# Conventions the rules below pick up by name, so adding a file needs no Makefile edit:
#   src/**/*.cc              the library (src/cli/*.cc: the simcse binary only)
#   tests/test_*.cc          a GoogleTest binary against the float library
#   tests/double/test_*.cc   a GoogleTest binary against the double library
#   notebooks_cpp/*.cpp      a notebook program (jupytext percent format)
#   tools/bench/*.cc         a benchmark program; tools/bench/*.sh are the sections of `make bench`

SHELL := /bin/bash
CXX ?= g++
SAN ?= 0
JOBS ?= $(shell nproc)

# BUILD can be overridden (make BUILD=build-mine test) so two checkouts' builds never collide.
ifeq ($(SAN),1)
  BUILD ?= build/san
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
else
  BUILD ?= build
  OPT := -O3
endif

CXXFLAGS := -std=c++20 $(OPT) -march=native -fopenmp -Wall -Wextra -Isrc -Itests -isystem /usr/include/eigen3 -MMD -MP
LDFLAGS := $(filter -fsanitize=%,$(OPT)) -fopenmp
LDLIBS := -lopenblas -lutf8proc -lpthread

LIB_SOURCES := $(shell find src -name '*.cc' ! -path 'src/cli/*' | sort)
CLI_SOURCES := $(sort $(wildcard src/cli/*.cc))
TEST_SOURCES := $(sort $(wildcard tests/test_*.cc))
DOUBLE_TEST_SOURCES := $(sort $(wildcard tests/double/test_*.cc))
TEST_SUPPORT := tests/support/test_main.cc tests/support/test_support.cc
NOTEBOOK_SOURCES := $(sort $(wildcard notebooks_cpp/*.cpp))
BENCH_SOURCES := $(sort $(wildcard tools/bench/*.cc))

float_obj = $(patsubst %.cc,$(BUILD)/obj/float/%.o,$(1))
double_obj = $(patsubst %.cc,$(BUILD)/obj/double/%.o,$(1))

LIB_FLOAT := $(BUILD)/libsimcse.a
LIB_DOUBLE := $(BUILD)/libsimcse_double.a
SIMCSE := $(BUILD)/simcse
TESTS := $(patsubst tests/%.cc,$(BUILD)/tests/%,$(TEST_SOURCES))
DOUBLE_TESTS := $(patsubst tests/double/%.cc,$(BUILD)/tests/double/%,$(DOUBLE_TEST_SOURCES))
GRADCHECK := $(BUILD)/tests/gradcheck
NOTEBOOKS := $(patsubst notebooks_cpp/%.cpp,$(BUILD)/notebooks/%,$(NOTEBOOK_SOURCES))
BENCHES := $(patsubst tools/bench/%.cc,$(BUILD)/bench/%,$(BENCH_SOURCES))

.PHONY: all deps run test gradcheck notebooks bench build-tests clean
.DEFAULT_GOAL := all

all: $(SIMCSE)

deps:
	@tools/install_deps.sh

# `run` and `test` install dependencies first, then build in a second make so that the build
# sees the freshly installed headers.
run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(SIMCSE) $(NOTEBOOKS)
	@$(BUILD)/notebooks/01_autodiff

test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) build-tests
	@tests/run_all.sh $(BUILD)

build-tests: $(SIMCSE) $(TESTS) $(DOUBLE_TESTS) $(GRADCHECK) $(NOTEBOOKS)

gradcheck: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(GRADCHECK)
	@$(GRADCHECK)

notebooks: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(NOTEBOOKS)
	@tools/run_notebooks.sh $(BUILD)

bench: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(BENCHES) $(SIMCSE)
	@tools/bench.sh $(BUILD)

clean:
	rm -rf build

# ---- compilation -------------------------------------------------------------------------------
$(BUILD)/obj/float/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

$(BUILD)/obj/double/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -DSIMCSE_DOUBLE -c $< -o $@

$(LIB_FLOAT): $(call float_obj,$(LIB_SOURCES))
	@rm -f $@
	ar rcs $@ $^

$(LIB_DOUBLE): $(call double_obj,$(LIB_SOURCES))
	@rm -f $@
	ar rcs $@ $^

$(SIMCSE): $(call float_obj,$(CLI_SOURCES)) $(LIB_FLOAT)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/tests/%: $(call float_obj,tests/%.cc $(TEST_SUPPORT)) $(LIB_FLOAT)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ -lgtest $(LDLIBS)

# Unit tests in tests/double/ compile against the double-precision library (parity with float64 PyTorch).
$(BUILD)/tests/double/%: $(call double_obj,tests/double/%.cc $(TEST_SUPPORT)) $(LIB_DOUBLE)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ -lgtest $(LDLIBS)

$(GRADCHECK): $(call double_obj,tests/gradcheck.cc) $(LIB_DOUBLE)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/obj/float/notebooks_cpp/%.o: notebooks_cpp/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

$(BUILD)/notebooks/%: $(BUILD)/obj/float/notebooks_cpp/%.o $(LIB_FLOAT)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/obj/float/tools/bench/%.o $(LIB_FLOAT)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS)

.SECONDARY:
-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
