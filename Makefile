# argolab: one GNU Makefile.
#
#   make                 build bin/argolab
#   make check           unit tests, CLI tests, render conformance, lint
#   make bench           benchmarks against the peer tools (tests/bench/)
#   make deps            install missing build dependencies (apt-get/brew)
#   make fuzz            build the libFuzzer targets (clang)
#   make install         PREFIX=/usr/local DESTDIR=
#   make SANITIZE=address,undefined check
#   make V=1             show the commands
#
# Local overrides go in config.mak (not in git).

-include config.mak

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
GIT_DESC := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

PKGS := yaml-0.1 jansson libcrypto libcurl libarchive libgit2 libmicrohttpd
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla -Wno-unused-parameter
OPT ?= -O2 -g
CFLAGS ?=
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) $(CFLAGS) \
	-DARGOLAB_VERSION='"$(VERSION)"' -DARGOLAB_GIT='"$(GIT_DESC)"'
ifndef NO_WERROR
ALL_CFLAGS += -Werror
endif
LDLIBS := $(PKG_LIBS) -lm -lpthread

ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
BUILD := build/san
else
BUILD := build/rel
endif

ifndef V
QUIET_CC = @echo '   ' CC $@;
QUIET_LINK = @echo '   ' LINK $@;
endif

BASE_SRC := $(wildcard src/base/*.c)
DOC_SRC := $(wildcard src/doc/*.c)
RENDER_SRC := $(wildcard src/render/*.c)
FETCH_SRC := $(wildcard src/fetch/*.c)
SIM_SRC := $(wildcard src/sim/*.c)
KUBE_SRC := $(wildcard src/kube/*.c)
ARGO_SRC := $(wildcard src/argo/*.c)
CMD_SRC := $(wildcard src/cmd/*.c)
LIB_SRC := $(BASE_SRC) $(DOC_SRC) $(RENDER_SRC) $(FETCH_SRC) $(SIM_SRC) $(KUBE_SRC) $(ARGO_SRC)
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC))
CMD_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(CMD_SRC)) $(BUILD)/main.o

ifdef SANITIZE
ARGOLAB := $(BUILD)/argolab
else
ARGOLAB := bin/argolab
endif

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(BUILD)/unit-tests

# the fuzz targets' entry points, linked with a plain main() that replays
# seeds and past reproducers (tests/cli/t1300-fuzz-replay.sh)
REPLAY_BINS := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/replay/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all check test valgrind bench deps fuzz install clean goldens

all: $(ARGOLAB)

$(ARGOLAB): $(LIB_OBJ) $(CMD_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

CRITERION_LIBS := $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null || echo -lcriterion)

$(UNIT_BIN): $(UNIT_SRC) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(LDFLAGS) \
		-o $@ $(UNIT_SRC) $(LIB_OBJ) $(LDLIBS) $(CRITERION_LIBS)

$(BUILD)/replay/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(LDFLAGS) \
		-o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(LDLIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)

# make check: every suite runs; the summary line counts them all.
check: $(ARGOLAB) $(UNIT_BIN) $(REPLAY_BINS)
	@ARGOLAB=$(abspath $(ARGOLAB)) UNIT_BIN=$(abspath $(UNIT_BIN)) \
		REPLAY_DIR=$(abspath $(BUILD)/replay) SANITIZE='$(SANITIZE)' tests/run-all.sh

test: check

# the CLI tests with every argolab run under valgrind (slow)
valgrind: $(ARGOLAB) $(UNIT_BIN) $(REPLAY_BINS)
	@ARGOLAB=$(abspath $(ARGOLAB)) UNIT_BIN=$(abspath $(UNIT_BIN)) \
		REPLAY_DIR=$(abspath $(BUILD)/replay) \
		VALGRIND=1 tests/run-all.sh

bench: bin/argolab build/bench/simload
	@tests/bench/run.sh
	@tests/bench/sim.sh
	@tests/bench/apply.sh

build/bench/simload: tests/bench/simload.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -o $@ $< \
		$(shell $(PKG_CONFIG) --cflags --libs libcurl) -lpthread

goldens: bin/argolab
	@tests/render/regen-goldens.sh

deps:
	@scripts/install-deps.sh

FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz: $(FUZZ_TARGETS)

build/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	$(QUIET_CC)clang -std=c11 -D_GNU_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) \
		-DARGOLAB_VERSION='"$(VERSION)"' \
		-o $@ $< $(LIB_SRC) $(PKG_LIBS) -lm -lpthread

install: bin/argolab
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 bin/argolab $(DESTDIR)$(BINDIR)/argolab

clean:
	rm -rf build bin
