# Makefile — builds and checks the whole project. Start with `make run` or `make test`.
#
#   make deps        install the Debian packages the build needs (quiet when all are present)
#   make run         deps + build + the main job: unsupervised SimCSE on tiny_data/, Spearman before and after
#   make test        deps + build + every test: unit tests, gradient checks, notebooks (run, and
#                    their pages compared with docs/notebooks/); ends with one line "N passed, M failed"
#   make gradcheck   finite-difference checks of every op, in the double-precision build
#   make notebooks   build and run notebooks_cpp/*.cpp, writing their pages (each cell's output under
#                    it) into docs/notebooks/
#   make bench       benchmarks, side by side with PyTorch where it is installed
#   make fuzz        every libFuzzer target in tests/fuzz/ for FUZZ_SECONDS each (default 60), under
#                    ASan + UBSan; `make test` runs them briefly and replays tests/fuzz/regressions/
#   make SAN=1 ...   the same with AddressSanitizer + UBSan, in build/san/
#   make install PREFIX=DIR   the library for other programs: DIR/lib/libsimcse.a (float32, built
#                    without -march=native), DIR/include/simcse/simcse.h, DIR/lib/pkgconfig/simcse.pc
#   make CUDA=1      the simcse binary with the CUDA backend: cuda/*.cu compiled by nvcc, linked with
#                    cuBLAS and NCCL, in build/cuda/ (CUDA_ARCH=sm_80 by default; its PTX also runs on newer GPUs)
#   make test-gpu    `make CUDA=1 test`: every test, the device tests and gradcheck on the real GPU
#
# The CUDA backend is tested without a GPU: `make test` also compiles cuda/*.cu with g++ against
# the CPU emulation of the CUDA runtime and cuBLAS in cuda/emulator/ (docs/06-cuda-backend.md) and
# runs tests/cuda/ (every op against the CPU backend, gradcheck, determinism) on that emulated
# device, and tests/cuda_emulator/ (the emulator itself, and ASan catching a planted kernel bug).
#
# The library is compiled twice from the same sources: float (build/obj/float, what runs) and
# double (build/obj/double, -DSIMCSE_DOUBLE, what the gradient checks verify).
#
# Conventions the rules below pick up by name, so adding a file needs no Makefile edit:
#   src/**/*.cc              the library (src/cli/*.cc: the simcse binary only)
#   tests/test_*.cc          a GoogleTest binary against the float library
#   tests/double/test_*.cc   a GoogleTest binary against the double library
#   cuda/*.cu                the CUDA backend (nvcc with CUDA=1, else g++ on the emulator for tests)
#   cuda/nccl/*.cu           NCCL's data-parallel world (nvcc with CUDA=1 only)
#   tests/cuda/test_*.cc     a GoogleTest binary run on the cuda device (emulated unless CUDA=1)
#   tests/cuda_emulator/test_*.cc  a GoogleTest binary compiled against the emulator's CUDA headers
#   notebooks_cpp/*.cpp      a notebook program (jupytext percent format)
#   tools/bench/*.cc         a benchmark program; tools/bench/*.sh are the sections of `make bench`
#   tests/fuzz/fuzz_*.cc     a libFuzzer target (clang); its seeds and regression inputs are named in
#                            tests/fuzz/run_fuzzers.sh

SHELL := /bin/bash
# ccache (installed by make deps) when present: a rebuild of unchanged sources is then a cache hit,
# which keeps `make test` on a fresh clone within its time on 2 cores (the library is compiled three
# times: float, double, and the portable copy `make install` installs).
ifeq ($(origin CXX),default)
  CXX := $(if $(shell command -v ccache 2> /dev/null),ccache g++,g++)
endif
SAN ?= 0
CUDA ?= 0
JOBS ?= $(shell nproc)

# BUILD can be overridden (make BUILD=build-mine test) so two checkouts' builds never collide.
ifeq ($(SAN),1)
  BUILD ?= build/san
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
else ifeq ($(CUDA),1)
  BUILD ?= build/cuda
  OPT := -O3
else
  BUILD ?= build
  OPT := -O3
endif

# Notebook pages in docs/notebooks/ are written and compared by the optimised build only: the
# sanitizer build (-O1) rounds the last printed digits differently (see run_notebooks.sh).
NOTEBOOK_DOCS := $(if $(filter 1,$(SAN)),0,1)

# MPI (Debian's OpenMPI) for data-parallel training: its flags come from pkg-config, read once
# `make deps` has installed it (the build runs in a second make after deps).
MPI_CFLAGS := $(shell pkg-config --cflags mpi-c 2>/dev/null)
MPI_LIBS := $(shell pkg-config --libs mpi-c 2>/dev/null)
# -fno-tree-slp-vectorize: Debian's g++ 12.2 with AVX-512 (-march=native on these machines) builds
# some constant vectors wrongly: `std::vector<int64_t>{1, 1, 0, 0}` comes out as {1, 1, 1, 1} (its
# straight-line vectoriser broadcasts the first half). tests/test_toolchain.cc catches it. Loops
# are still vectorised, and Eigen's kernels are written with intrinsics, so nothing gets slower.
CXXFLAGS := -std=c++20 $(OPT) -march=native -fno-tree-slp-vectorize -fopenmp -Wall -Wextra -Isrc -Itests \
            -I$(BUILD)/generated -isystem /usr/include/eigen3 $(patsubst -I%,-isystem %,$(MPI_CFLAGS)) -MMD -MP
LDFLAGS := $(filter -fsanitize=%,$(OPT)) -fopenmp
# FAISS (search indexes; Debian ships it static, so it comes before the BLAS it calls) and
# cpp-httplib (`simcse serve`; its Cflags say which optional parts the shared library was built with).
HTTPLIB_CFLAGS := $(shell pkg-config --cflags cpp-httplib 2>/dev/null)
LDLIBS := -lfaiss -lopenblas -lutf8proc -lz -lcrypto -lcpp-httplib $(MPI_LIBS) -lpthread
# Only the files that include httplib.h get its flags (adding them everywhere would recompile all).
HTTPLIB_USERS := $(BUILD)/obj/float/src/serve/%.o $(BUILD)/obj/double/src/serve/%.o $(BUILD)/obj/portable/src/serve/%.o \
                 $(BUILD)/obj/float/tests/test_serve%.o
$(HTTPLIB_USERS): CXXFLAGS += $(HTTPLIB_CFLAGS)

LIB_SOURCES := $(shell find src -name '*.cc' ! -path 'src/cli/*' | sort)
CLI_SOURCES := $(sort $(wildcard src/cli/*.cc))
TEST_SOURCES := $(sort $(wildcard tests/test_*.cc))
DOUBLE_TEST_SOURCES := $(sort $(wildcard tests/double/test_*.cc))
TEST_SUPPORT := tests/support/test_main.cc tests/support/test_support.cc
NOTEBOOK_SOURCES := $(sort $(wildcard notebooks_cpp/*.cpp))
BENCH_SOURCES := $(sort $(wildcard tools/bench/*.cc))
CUDA_SOURCES := $(sort $(wildcard cuda/*.cu))
NCCL_SOURCES := $(sort $(wildcard cuda/nccl/*.cu))
EMULATOR_SOURCES := $(sort $(wildcard cuda/emulator/*.cc))
DEVICE_TEST_SOURCES := $(sort $(wildcard tests/cuda/test_*.cc))
EMULATOR_TEST_SOURCES := $(sort $(wildcard tests/cuda_emulator/test_*.cc))

float_obj = $(patsubst %.cc,$(BUILD)/obj/float/%.o,$(1))
double_obj = $(patsubst %.cc,$(BUILD)/obj/double/%.o,$(1))

LIB_FLOAT := $(BUILD)/libsimcse.a
LIB_DOUBLE := $(BUILD)/libsimcse_double.a
PORTABLE_LIB := $(BUILD)/obj/portable/libsimcse.a  # what `make install` installs
SIMCSE := $(BUILD)/simcse
# The same binary in double precision: the data-parallel equivalence test compares it run by
# mpirun with one process, where float rounding would hide behind AdamW's normalisation.
SIMCSE_DOUBLE := $(BUILD)/simcse_double
TESTS := $(patsubst tests/%.cc,$(BUILD)/tests/%,$(TEST_SOURCES))
DOUBLE_TESTS := $(patsubst tests/double/%.cc,$(BUILD)/tests/double/%,$(DOUBLE_TEST_SOURCES))
GRADCHECK := $(BUILD)/tests/gradcheck
NOTEBOOKS := $(patsubst notebooks_cpp/%.cpp,$(BUILD)/notebooks/%,$(NOTEBOOK_SOURCES))
BENCHES := $(patsubst tools/bench/%.cc,$(BUILD)/bench/%,$(BENCH_SOURCES))

# ---- the CUDA backend: nvcc objects (CUDA=1) or g++ objects on the emulator ------------------
# The emulated build compiles the .cu files as C++ and includes the emulator's cuda_runtime.h first,
# as nvcc includes the real one. The emulator's own files do not depend on the precision.
EMULATION := -DSIMCSE_CUDA_EMULATION -Icuda/emulator -I. -include cuda_runtime.h
EMULATOR_OBJS := $(patsubst %.cc,$(BUILD)/obj/emulator/%.o,$(EMULATOR_SOURCES))
CUDA_HOME ?= /usr/local/cuda
NVCC ?= $(CUDA_HOME)/bin/nvcc
CUDA_ARCH ?= sm_80
NVCCFLAGS := -std=c++20 -O3 -arch=$(CUDA_ARCH) -Isrc -I. -Xcompiler -Wall,-Wextra -MMD -MP
ifeq ($(CUDA),1)
  # cuda/nccl/: the data-parallel world on GPUs (NCCL), real GPUs only; the emulator runs one process.
  DEVICE_FLOAT_OBJS := $(patsubst %.cu,$(BUILD)/obj/nvcc-float/%.o,$(CUDA_SOURCES) $(NCCL_SOURCES))
  DEVICE_DOUBLE_OBJS := $(patsubst %.cu,$(BUILD)/obj/nvcc-double/%.o,$(CUDA_SOURCES) $(NCCL_SOURCES))
  DEVICE_LDLIBS := -L$(CUDA_HOME)/lib64 -Wl,-rpath,$(CUDA_HOME)/lib64 -lcublas -lnccl -lcudart
  SIMCSE_DEVICE_OBJS := $(DEVICE_FLOAT_OBJS)  # simcse --device cuda runs on the GPU
else
  DEVICE_FLOAT_OBJS := $(patsubst %.cu,$(BUILD)/obj/emulated-float/%.o,$(CUDA_SOURCES)) $(EMULATOR_OBJS)
  DEVICE_DOUBLE_OBJS := $(patsubst %.cu,$(BUILD)/obj/emulated-double/%.o,$(CUDA_SOURCES)) $(EMULATOR_OBJS)
  DEVICE_LDLIBS :=
  SIMCSE_DEVICE_OBJS :=  # without CUDA=1, simcse has the CPU backend only
endif
DEVICE_TESTS := $(patsubst tests/cuda/%.cc,$(BUILD)/tests/cuda/%,$(DEVICE_TEST_SOURCES))
DEVICE_GRADCHECK := $(BUILD)/tests/cuda/gradcheck
EMULATOR_TESTS := $(patsubst tests/cuda_emulator/%.cc,$(BUILD)/tests/cuda_emulator/%,$(EMULATOR_TEST_SOURCES))
# A kernel with a deliberate out-of-bounds write, always built with ASan and never run directly:
# tests/cuda_emulator/test_sanitizer.cc runs it and checks the report names the kernel's line.
PLANTED_BUG := $(BUILD)/tests/cuda_emulator/planted_out_of_bounds

# ---- fuzzing: libFuzzer targets (tests/fuzz/fuzz_*.cc) under ASan + UBSan, built with clang ------
# The readers of outside input (FUZZ_LIB_SOURCES) are compiled again by clang with coverage and the
# sanitizers, into $(BUILD)/fuzz/; everything else they call (tensors, the model) comes from the
# library as g++ built it, uninstrumented. Not under SAN=1 (two sanitizer runtimes cannot mix).
FUZZ_CXX ?= $(if $(findstring ccache,$(CXX)),ccache clang++,clang++)
FUZZ_SECONDS ?= 60
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CXXFLAGS := -std=c++20 -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Isrc -Itests -MMD -MP $(FUZZ_SANITIZE) \
                 -fsanitize=fuzzer-no-link
FUZZ_LIB_SOURCES := $(sort $(wildcard src/io/*.cc src/tokenizer/*.cc)) src/core/shape.cc src/nn/bert_config.cc \
                    src/nn/bert_checkpoint.cc src/nn/sentence_transformers_files.cc \
                    src/simcse/csv_reader.cc src/simcse/training_data.cc src/eval/senteval_text.cc \
                    src/eval/sts_data.cc src/eval/transfer_data.cc
FUZZ_SOURCES := $(sort $(wildcard tests/fuzz/fuzz_*.cc))
FUZZERS := $(if $(filter 1,$(SAN)),,$(patsubst tests/fuzz/%.cc,$(FUZZ_BUILD)/%,$(FUZZ_SOURCES)))
fuzz_obj = $(patsubst %.cc,$(FUZZ_BUILD)/obj/%.o,$(1))

.PHONY: all deps run test test-gpu gradcheck notebooks bench build-tests clean fuzz install
.DEFAULT_GOAL := all

all: $(SIMCSE)

deps:
	@tools/install_deps.sh

# `run` and `test` install dependencies first, then build in a second make so that the build
# sees the freshly installed headers.
# The main job: unsupervised SimCSE from a randomly initialised 2-layer BERT on tiny_data/ (the
# project's own corpus, vocabulary and graded pairs), Spearman on the pairs before and after.
# Dropout is 0.3 in tiny_data/bert_config.json: a model trained from scratch on 3,000 sentences
# needs more noise than BERT-base's 0.1 (docs/04-training.md shows the comparison).
TINY_RUN := train --config_name tiny_data/bert_config.json --tokenizer_name tiny_data/vocab.txt \
	--train_file tiny_data/corpus.txt --output_dir $(BUILD)/tiny_run --overwrite_output_dir \
	--num_train_epochs 4 --per_device_train_batch_size 64 --learning_rate 1e-3 --pooler_type avg \
	--evaluation_strategy steps --eval_steps 47 --eval_file tiny_data/sts_pairs.tsv \
	--metric_for_best_model pairs_spearman --logging_steps 10 --save_steps 0 --seed 42

run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(SIMCSE)
	$(SIMCSE) $(TINY_RUN)

test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) build-tests
	@SIMCSE_NOTEBOOK_DOCS=$(NOTEBOOK_DOCS) tests/run_all.sh $(BUILD)

build-tests: $(SIMCSE) $(SIMCSE_DOUBLE) $(TESTS) $(DOUBLE_TESTS) $(GRADCHECK) $(NOTEBOOKS) $(DEVICE_TESTS) $(DEVICE_GRADCHECK) \
             $(EMULATOR_TESTS) $(PLANTED_BUG) $(FUZZERS) $(PORTABLE_LIB)

# Needs a machine with an NVIDIA GPU and driver; nothing in CI runs it.
test-gpu:
	@$(MAKE) --no-print-directory CUDA=1 test

gradcheck: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(GRADCHECK)
	@$(GRADCHECK)

notebooks: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(NOTEBOOKS)
	@SIMCSE_NOTEBOOK_DOCS=$(NOTEBOOK_DOCS) tools/run_notebooks.sh $(BUILD) write

# Every fuzz target for FUZZ_SECONDS each, after replaying its regression inputs (tests/fuzz/run_fuzzers.sh).
fuzz: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(FUZZERS)
	@tests/fuzz/run_fuzzers.sh $(BUILD) $(FUZZ_SECONDS)

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

# The commit the binaries are built from, for training run records. Rewritten only when it changes,
# so a new commit recompiles one file (src/simcse/run_record.cc), not the library.
$(BUILD)/generated/git_commit.h: FORCE
	@mkdir -p $(dir $@)
	@commit=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	 line="#define SIMCSE_GIT_COMMIT \"$$commit\""; \
	 [[ -f $@ && "$$(cat $@)" == "$$line" ]] || echo "$$line" > $@
$(BUILD)/obj/float/src/simcse/run_record.o $(BUILD)/obj/double/src/simcse/run_record.o: $(BUILD)/generated/git_commit.h
.PHONY: FORCE
FORCE:

$(LIB_FLOAT): $(call float_obj,$(LIB_SOURCES))
	@rm -f $@
	ar rcs $@ $^

$(LIB_DOUBLE): $(call double_obj,$(LIB_SOURCES))
	@rm -f $@
	ar rcs $@ $^

$(SIMCSE): $(call float_obj,$(CLI_SOURCES)) $(SIMCSE_DEVICE_OBJS) $(LIB_FLOAT)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(DEVICE_LDLIBS)

$(SIMCSE_DOUBLE): $(call double_obj,$(CLI_SOURCES)) $(LIB_DOUBLE)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS)

# Only tests/test_*.cc: a pattern that also matched build/tests/cuda/test_x would let GNU make 4.3
# link a device test without the CUDA backend when one of its objects is not built yet.
$(BUILD)/tests/test_%: $(call float_obj,tests/test_%.cc $(TEST_SUPPORT)) $(LIB_FLOAT)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ -lgtest $(LDLIBS)

# Unit tests in tests/double/ compile against the double-precision library (parity with float64 PyTorch).
$(BUILD)/tests/double/%: $(call double_obj,tests/double/%.cc $(TEST_SUPPORT)) $(LIB_DOUBLE)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ -lgtest $(LDLIBS)

$(GRADCHECK): $(call double_obj,tests/gradcheck.cc) $(LIB_DOUBLE)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS)

# ---- the CUDA backend and its tests -------------------------------------------------------------
$(BUILD)/obj/emulated-float/%.o: %.cu
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(EMULATION) -x c++ -c $< -o $@

$(BUILD)/obj/emulated-double/%.o: %.cu
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(EMULATION) -DSIMCSE_DOUBLE -x c++ -c $< -o $@

$(BUILD)/obj/emulator/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(EMULATION) -c $< -o $@

$(BUILD)/obj/nvcc-float/%.o: %.cu
	@mkdir -p $(dir $@)
	$(NVCC) $(NVCCFLAGS) -MF $(@:.o=.d) -c $< -o $@

$(BUILD)/obj/nvcc-double/%.o: %.cu
	@mkdir -p $(dir $@)
	$(NVCC) $(NVCCFLAGS) -DSIMCSE_DOUBLE -MF $(@:.o=.d) -c $< -o $@

# tests/cuda/ use only the Backend interface and tensors: the same objects serve both devices.
$(BUILD)/tests/cuda/test_%: $(call float_obj,tests/cuda/test_%.cc $(TEST_SUPPORT)) $(DEVICE_FLOAT_OBJS) $(LIB_FLOAT)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ -lgtest $(LDLIBS) $(DEVICE_LDLIBS)

$(BUILD)/obj/double/tests/gradcheck_cuda.o: tests/gradcheck.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -DSIMCSE_DOUBLE -DSIMCSE_GRADCHECK_CUDA -c $< -o $@

$(DEVICE_GRADCHECK): $(BUILD)/obj/double/tests/gradcheck_cuda.o $(DEVICE_DOUBLE_OBJS) $(LIB_DOUBLE)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(DEVICE_LDLIBS)

$(BUILD)/tests/cuda_emulator/test_%: $(BUILD)/obj/emulator/tests/cuda_emulator/test_%.o \
                                     $(call float_obj,$(TEST_SUPPORT)) $(EMULATOR_OBJS) $(LIB_FLOAT)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ -lgtest $(LDLIBS)

$(PLANTED_BUG): tests/cuda_emulator/planted_out_of_bounds.cc $(EMULATOR_SOURCES) $(wildcard cuda/emulator/*.h) \
                cuda/launch.h
	@mkdir -p $(dir $@)
	$(CXX) -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=address -Isrc $(EMULATION) $(filter %.cc,$^) -o $@

# ---- fuzz targets ---------------------------------------------------------------------------------
$(FUZZ_BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: $(call fuzz_obj,tests/fuzz/fuzz_%.cc $(FUZZ_LIB_SOURCES)) $(LIB_FLOAT)
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_SANITIZE) -fsanitize=fuzzer $^ -o $@ $(LDLIBS) -lgomp

# ---- make install PREFIX=DIR: the library other programs link (src/simcse.h; docs chapter 7) -----
# The installed libsimcse.a is the float32 library compiled again without -march=native, so it runs
# on any x86-64 (tests/install/check_install.sh builds a program against it through pkg-config).
PREFIX ?= /usr/local
$(BUILD)/obj/portable/src/simcse/run_record.o: $(BUILD)/generated/git_commit.h
$(BUILD)/obj/portable/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(filter-out -march=native,$(CXXFLAGS)) -c $< -o $@

$(PORTABLE_LIB): $(patsubst %.cc,$(BUILD)/obj/portable/%.o,$(LIB_SOURCES))
	@rm -f $@
	ar rcs $@ $^

install: $(PORTABLE_LIB)
	@tools/install_library.sh $(PORTABLE_LIB) "$(PREFIX)" "$(LDFLAGS) $(LDLIBS)"

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
-include $(shell find $(BUILD)/obj $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)
