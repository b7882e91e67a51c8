# ssp: tools for evaluating the Smart Social Service pilot.
# GNU make. `make` builds bin/ssp and a bin/ssp-CMD link per subcommand;
# `make check` builds, then runs every test also under ASan + UBSan.

VERSION := 0.1.0

PREFIX ?= /usr/local
prefix ?= $(PREFIX)
bindir ?= $(prefix)/bin
mandir ?= $(prefix)/share/man
datadir ?= $(prefix)/share/ssp

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla
# cairo + pango (certificate PDF) and libqrencode, through pkg-config; their
# headers are system headers, outside our warnings.
PKGS := pangocairo libqrencode
PKG_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CPPFLAGS := -D_GNU_SOURCE -Iinclude -Isrc -DSSP_VERSION='"$(VERSION)"' \
	-DSSP_DATADIR='"$(datadir)"' -MMD -MP $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS := $(WARNINGS) $(CFLAGS)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDLIBS := $(PKG_LIBS) -lxlsxwriter -lcsv -ljansson -lpcre2-8 -lsodium -lgsl -lgslcblas -lm -lpthread

# The subcommands: each has src/cmd/NAME.c and man/man1/ssp-NAME.1.
COMMANDS := stats validate synth ingest keygen panel adjust test indicators flow report plot plan cert verify check power

LIB_SRC := $(wildcard src/lib/*.c)
TOOL_SRC := src/main.c src/tool.c $(addprefix src/cmd/,$(addsuffix .c,$(COMMANDS)))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(filter-out fuzz_file,$(FUZZ_SRC:tests/fuzz/%.c=%))

LIB_OBJ := $(LIB_SRC:%.c=build/%.o)
TOOL_OBJ := $(TOOL_SRC:%.c=build/%.o)
ASAN_LIB_OBJ := $(LIB_SRC:%.c=build/asan/%.o)
ASAN_TOOL_OBJ := $(TOOL_SRC:%.c=build/asan/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/unit/%)
ASAN_UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/unit/%)
REPLAY_BIN := $(FUZZ_NAMES:%=build/replay/%)
ASAN_REPLAY_BIN := $(FUZZ_NAMES:%=build/asan/replay/%)
LINKS := $(addprefix bin/ssp-,$(COMMANDS))
ASAN_LINKS := $(addprefix build/asan/bin/ssp-,$(COMMANDS))

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all asan check demo deps deps-bench bench install uninstall clean \
	fixtures fuzz sim

all: bin/ssp $(LINKS)

bin/ssp: $(TOOL_OBJ) $(LIB_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/ssp-%: bin/ssp
	$(Q)ln -sf ssp $@

build/asan/bin/ssp-%: build/asan/bin/ssp
	$(Q)ln -sf ssp $@

build/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $< (asan)"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -O1 $(SANITIZE) -c -o $@ $<

build/asan/bin/ssp: $(ASAN_TOOL_OBJ) $(ASAN_LIB_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/unit/%: build/tests/unit/%.o $(LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/asan/unit/%: build/asan/tests/unit/%.o $(ASAN_LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Each fuzz harness as a plain program that replays its corpus.
build/replay/%: build/tests/fuzz/%.o build/tests/fuzz/replay.o \
		build/tests/fuzz/fuzz_file.o $(LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/asan/replay/%: build/asan/tests/fuzz/%.o build/asan/tests/fuzz/replay.o \
		build/asan/tests/fuzz/fuzz_file.o $(ASAN_LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(LDLIBS)

asan: build/asan/bin/ssp $(ASAN_LINKS)

# The ASan build again with tests/inject/inject.c in front of the
# allocation and I/O functions ssp calls (tests/inject/run.sh).
INJECT_WRAP := $(foreach f,malloc calloc realloc aligned_alloc strdup strndup asprintf \
	vasprintf open_memstream getline realpath fflush fclose fsync rename,\
	-Wl,--wrap=$(f))
build/inject/ssp: $(ASAN_TOOL_OBJ) $(ASAN_LIB_OBJ) build/asan/tests/inject/inject.o
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(SANITIZE) $(LDFLAGS) $(INJECT_WRAP) -o $@ $^ $(LDLIBS)

# Debian packages the build and the tests need; installed when run as root.
deps:
	@scripts/deps.sh build

deps-bench:
	@scripts/deps.sh bench

check: deps
	@$(MAKE) --no-print-directory all asan $(UNIT_BIN) $(ASAN_UNIT_BIN) \
		$(REPLAY_BIN) $(ASAN_REPLAY_BIN) build/inject/ssp
	@tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@examples/demo.sh

# The simulation study of ssp test's intervals and tests (about 10 minutes
# on two cores); not part of check.
sim: deps
	@scripts/deps.sh sim
	@$(MAKE) --no-print-directory all
	@sim/coverage.sh
	@sim/mar.sh

bench: deps deps-bench
	@$(MAKE) --no-print-directory all
	@bench/all.sh

# Fuzz every harness of tests/fuzz (or those of FUZZ) with libFuzzer
# (clang) for FUZZ_SECONDS each, or until FUZZ_RUNS executions, from a copy
# of its corpus (tests/fuzz/corpus/NAME); a crash is
# kept in build/fuzz/NAME/ (crash-*): copy it into the corpus, fix it, and
# make check replays it from then on.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
FUZZ ?= $(FUZZ_NAMES)
fuzz:
	@scripts/deps.sh fuzz
	@for f in $(FUZZ); do \
		mkdir -p build/fuzz/$$f/corpus && \
		cp tests/fuzz/corpus/$$f/* build/fuzz/$$f/corpus/ && \
		clang -g -O1 -fsanitize=fuzzer,address,undefined \
			-fno-sanitize-recover=all -DSSP_CSV_CHUNK=4096 -DSSP_SCAN_SPLIT=16 $(ALL_CPPFLAGS) \
			-o build/fuzz/$$f/run tests/fuzz/$$f.c tests/fuzz/fuzz_file.c \
			$(LIB_SRC) $(LDLIBS) && \
		build/fuzz/$$f/run -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -max_len=8192 \
			-artifact_prefix=build/fuzz/$$f/ -print_final_stats=1 \
			build/fuzz/$$f/corpus 2>&1 | grep -E '^(stat::number_of_executed_units|==|SUMMARY)' | \
			sed "s/^/$$f: /" || exit 1; \
	done

# Regenerate the R reference fixtures (needs R; the committed ones do not).
fixtures:
	scripts/deps.sh fixtures
	Rscript tests/ref/stats/make-ref.R
	Rscript tests/ref/test/make-ref.R
	Rscript tests/ref/test/make-ref-sided.R
	Rscript tests/ref/test/make-ref-ancova.R
	Rscript tests/ref/test/make-ref-mmrm.R
	Rscript tests/ref/indicators/make-ref.R
	Rscript tests/ref/power/make-ref.R

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 \
		$(DESTDIR)$(mandir)/man5 $(DESTDIR)$(mandir)/man7 \
		$(DESTDIR)$(datadir)/data-schema
	install -m 755 bin/ssp $(DESTDIR)$(bindir)/ssp
	for c in $(COMMANDS); do ln -sf ssp $(DESTDIR)$(bindir)/ssp-$$c; done
	install -m 644 man/man1/*.1 $(DESTDIR)$(mandir)/man1/
	install -m 644 man/man5/*.5 $(DESTDIR)$(mandir)/man5/
	install -m 644 man/man7/*.7 $(DESTDIR)$(mandir)/man7/
	cp -R data-schema/. $(DESTDIR)$(datadir)/data-schema/

uninstall:
	rm -f $(DESTDIR)$(bindir)/ssp
	for c in $(COMMANDS); do rm -f $(DESTDIR)$(bindir)/ssp-$$c; done
	for m in man/man1/*.1 man/man5/*.5 man/man7/*.7; do \
		rm -f $(DESTDIR)$(mandir)/$${m#man/}; done
	rm -rf $(DESTDIR)$(datadir)

clean:
	rm -rf build bin out

-include $(shell find build -name '*.d' 2>/dev/null)
