# segel - build, test, install, benchmark, fuzz.
#   make              libsegel and the tools (bin/)
#   make check        unit tests and command-line golden tests
#   make check-asan   the same tests built with ASan+UBSan
#   make test         check, check-asan and a short fuzz run (what CI runs)
#   make bench        throughput figures
#   make fuzz         every fuzz target for FUZZ_SECONDS each
#   make install      PREFIX, DESTDIR honoured
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/segel
MANDIR  ?= $(PREFIX)/share/man
VERSION  = 0.1.0

CC      ?= cc
B       ?= build
BIN     ?= bin
OPT     ?= -O2 -g
WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
           -Wstrict-prototypes -Wno-unused-parameter
PKGS     = jansson libxml-2.0 libcrypto zlib libqrencode libpng zbar libtiff-4 \
           libjpeg poppler-glib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
CPPFLAGS += -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Ilib \
            -DSEGEL_VERSION='"$(VERSION)"' \
            -DSEGEL_FORMATS_DIR='"$(DATADIR)/formats"'
CFLAGS  ?= $(OPT)
ALL_CFLAGS = -std=c11 $(WARN) -fvisibility=hidden $(PKG_CFLAGS) $(CFLAGS) $(SAN)
LDLIBS  += $(PKG_LIBS) -lhpdf -lm

TOOLS    = $(filter-out cli,$(basename $(notdir $(wildcard cmd/*.c))))
LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ  = $(B)/cmd/cli.o
TOOL_BIN = $(TOOLS:%=$(BIN)/segel-%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
HELPERS  = $(B)/tests/gen-rows $(B)/tests/maxrss $(B)/tests/codes-md

all: $(TOOL_BIN)

$(B)/%.o: %.c $(wildcard lib/*.h cmd/*.h tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libsegel.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BIN)/segel-%: $(B)/cmd/%.o $(CLI_OBJ) $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/tests/unit/%.o $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/tests/bench/%.o $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/tests/gen/%.o $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The problem-code registry: formats/codes.md is made from lib/codes.def
# (tests/cli/codes.sh fails when the committed page differs).
$(B)/lib/codes.o: lib/codes.def
codes-md: $(B)/tests/codes-md
	$(B)/tests/codes-md >formats/codes.md

.PRECIOUS: $(B)/%.o $(B)/cmd/%.o $(B)/tests/unit/%.o

check: $(TOOL_BIN) $(UNIT_BIN) $(HELPERS)
	@B=$(B) BIN=$(BIN) sh tests/run.sh $(UNIT_BIN)

SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
check-asan:
	$(MAKE) B=build-asan BIN=build-asan/bin OPT='-O1 -g' SAN='$(SAN_FLAGS)' check

# Fuzz targets need clang's libFuzzer.
FUZZ_SECONDS ?= 20
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_CFLAGS = $(CPPFLAGS) -std=c11 -g -O1 $(PKG_CFLAGS) \
    -fsanitize=fuzzer-no-link,address,undefined
build-fuzz/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/libsegel.a: $(LIB_SRC:lib/%.c=build-fuzz/lib/%.o)
	rm -f $@
	ar rcs $@ $^
build-fuzz/%: tests/fuzz/%.c build-fuzz/libsegel.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    build-fuzz/libsegel.a $(LDLIBS)
build-fuzz/fuzz_pdfpage: tests/fuzz/fuzz_pdfin.c
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
	    n=$${f#build-fuzz/}; c=build-fuzz/corpus-$$n; mkdir -p $$c; \
	    seeds=tests/fuzz/seeds/$$n; [ -d $$seeds ] || seeds=; \
	    echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
	        -print_final_stats=0 $$c $$seeds >build-fuzz/$$n.log 2>&1 \
	    || { tail -40 build-fuzz/$$n.log; exit 1; }; \
	    grep -E '^#[0-9]+.*DONE' build-fuzz/$$n.log | tail -1; \
	done; \
	echo "fuzz: $(words $(FUZZ_BIN)) passed, 0 failed"

test: check check-asan install-check
	$(MAKE) fuzz FUZZ_SECONDS=10

# Install into a scratch DESTDIR and run the installed tools there: they
# must find their formats/ next to themselves, with no environment help.
install-check: $(TOOL_BIN)
	@d=$$(mktemp -d) && \
	$(MAKE) -s install DESTDIR=$$d PREFIX=/usr >/dev/null && \
	for t in $(TOOLS); do \
	    test -x $$d/usr/bin/segel-$$t && \
	    test -f $$d/usr/share/man/man1/segel-$$t.1 && \
	    test -f $$d/usr/share/bash-completion/completions/segel-$$t && \
	    test -f $$d/usr/share/zsh/site-functions/_segel-$$t && \
	    test -f $$d/usr/share/fish/vendor_completions.d/segel-$$t.fish \
	    || { echo "install-check: segel-$$t incomplete"; exit 1; }; \
	done && \
	env -u SEGEL_FORMATS $$d/usr/bin/segel-intake --list-types >/dev/null && \
	env -u SEGEL_FORMATS $$d/usr/bin/segel-intake -q testdata/bulk >/dev/null && \
	rm -rf $$d && echo "install-check: 1 passed, 0 failed"

bench: $(TOOL_BIN) $(HELPERS)
	@B=$(B) BIN=$(BIN) sh tests/bench/run.sh

# The daily job on the bundled village folders (README quick start).
demo: $(TOOL_BIN)
	BIN=$(BIN) sh tests/demo.sh

install: $(TOOL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(TOOL_BIN) $(DESTDIR)$(BINDIR)/
	install -m 644 $(TOOLS:%=cmd/segel-%.1) $(DESTDIR)$(MANDIR)/man1/
	cp -R formats $(DESTDIR)$(DATADIR)/
	for t in $(TOOLS); do \
	    install -m 644 completions/segel-$$t.bash \
	        $(DESTDIR)$(PREFIX)/share/bash-completion/completions/segel-$$t; \
	    install -m 644 completions/_segel-$$t \
	        $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_segel-$$t; \
	    install -m 644 completions/segel-$$t.fish \
	        $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/segel-$$t.fish; \
	done

clean:
	rm -rf build build-asan build-fuzz bin out

.PHONY: all codes-md demo install-check check check-asan fuzz test bench install clean
