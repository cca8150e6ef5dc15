# segel - build, test, install, benchmark, fuzz.
#   make              libsegel and the tools (bin/)
#   make check        unit tests and command-line golden tests
#   make check-asan   the same tests built with ASan+UBSan
#   make test         check, check-asan and a short fuzz run (what CI runs)
#   make bench        throughput figures
#   make fuzz         every fuzz target for FUZZ_SECONDS each
#   make install      PREFIX, DESTDIR honoured
#   make options      completions and man OPTIONS from the option tables
#   make web          the browser verifier (web/, npm ci from its lockfile) into $(B)/web
#   make check-web    its conformance run on formats/vectors/ and its browser test
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/segel
MANDIR  ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
VERSION  = 0.1.0

CC      ?= cc
B       ?= build
BIN     ?= bin
OPT     ?= -O2 -g
WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
           -Wstrict-prototypes -Wno-unused-parameter
PKGS     = jansson libxml-2.0 libcrypto zlib libqrencode libpng zbar libtiff-4 \
           libjpeg libzip xlsxwriter
# poppler-glib (with cairo and GLib) and qpdf are not linked: lib/pdfdl.c
# loads them by their sonames when the first PDF is read (lib/pdfdl.h says
# why).  The
# tests that draw PDFs with cairo themselves link it.
PDF_PKGS = poppler-glib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(PDF_PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
PDF_LIBS   := $(shell pkg-config --libs $(PDF_PKGS) cairo-pdf)
PDF_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir \
    $(PDF_PKGS))/libpoppler-glib.so" 2>/dev/null | awk '/SONAME/ { print $$2 }')
QPDF_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir \
    libqpdf)/libqpdf.so" 2>/dev/null | awk '/SONAME/ { print $$2 }')
CPPFLAGS += -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Ilib \
            $(if $(PDF_SONAME),-DPDFDL_SONAME='"$(PDF_SONAME)"') \
            $(if $(QPDF_SONAME),-DPDFDL_QPDF_SONAME='"$(QPDF_SONAME)"') \
            -DSEGEL_VERSION='"$(VERSION)"' \
            -DSEGEL_FORMATS_DIR='"$(DATADIR)/formats"' \
            -DSEGEL_LOCALEDIR='"$(LOCALEDIR)"'
CFLAGS  ?= $(OPT)
ALL_CFLAGS = -std=c11 $(WARN) -fvisibility=hidden $(PKG_CFLAGS) $(CFLAGS) $(SAN)
# libunistring (no .pc in Debian): Unicode upper case, NFC and character
# classes for names (lib/text.c).
# libfreexl: .xls workbooks (lib/workbook.c); libzip for .xlsx and .ods;
# libxlsxwriter: the return lists for the villages (lib/returns.c).
# ZXing-C++ (libzxing-dev, no .pc needed): the second QR reader, behind
# the C interface of lib/zxing.h; lib/zxing.cpp is the only C++, so the
# C++ runtime comes in by name.
# libdeflate (no .pc in Debian 12): the PDF streams (lib/book.c), 2.5
# times zlib's speed at level 1.
LDLIBS  += $(PKG_LIBS) -lhpdf -lunistring -lfreexl -ldeflate -lZXing -lstdc++ -lm
CXX     ?= g++
ALL_CXXFLAGS = -std=c++17 -Wall -Wextra -fvisibility=hidden $(CFLAGS) $(SAN)

TOOLS    = $(filter-out cli opt,$(basename $(notdir $(wildcard cmd/*.c))))
LIB_SRC  = $(wildcard lib/*.c)
LIB_CXX  = $(wildcard lib/*.cpp)
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o) $(LIB_CXX:%.cpp=$(B)/%.o)
CLI_OBJ  = $(B)/cmd/cli.o $(B)/cmd/opt.o
TOOL_BIN = $(TOOLS:%=$(BIN)/segel-%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# Message catalogues (gettext, text domain segel): po/LANG.po, compiled to
# $(B)/locale/LANG/LC_MESSAGES/segel.mo, which the tools find next to
# themselves when run from the tree (cmd/cli.c).
PO_LANGS = id
MO       = $(PO_LANGS:%=$(B)/locale/%/LC_MESSAGES/segel.mo)
HELPERS  = $(B)/tests/gen-rows $(B)/tests/gen-collide $(B)/tests/gen-ledger \
           $(B)/tests/maxrss \
           $(B)/tests/renderlimit \
           $(B)/tests/codes-md

all: $(TOOL_BIN) $(MO)

$(B)/%.o: %.c $(wildcard lib/*.h cmd/*.h tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/lib/%.o: lib/%.cpp lib/zxing.h
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -c -o $@ $<

$(B)/libsegel.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

# Every symbol bound at start (-z now), once: segel-verify forks a child
# per input, and with lazy binding each child looked up the same PLT
# entries again (6 % of a page's CPU on issue 12's grid).
$(BIN)/segel-%: $(B)/cmd/%.o $(CLI_OBJ) $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Wl,-z,now -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/tests/unit/%.o $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(PDF_LIBS)

$(B)/tests/%: $(B)/tests/bench/%.o $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/tests/gen/%.o $(B)/libsegel.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/locale/%/LC_MESSAGES/segel.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# make po: po/segel.pot from every marked string, merged into each po/*.po
# (then translate what msgfmt --statistics calls untranslated or fuzzy).
XGETTEXT_KEYWORDS = -k_ -kN_ -ksg_err_set:4 -ksg_err_sys:3 -ksg_err_errno:4 -ksg_err_vset:4 \
    -kcli_diag:2 -kcli_progress:2 -kcli_usage_error:2 -kdt_fail:4 -kfail:5 \
    -kval_add:4 -kprob_set:2 -knik_add:3 -krg_add:6 -knotice:4 \
    -kstore_notice:4 -ksay:3 -kproblem:5 -krowerr_set:3 -kreader_fatal:4 -krow_fail:3 \
    --flag=sg_err_set:4:c-format --flag=sg_err_sys:3:c-format --flag=say:3:c-format --flag=problem:5:c-format --flag=rowerr_set:3:c-format \
    --flag=sg_err_errno:4:c-format \
    --flag=cli_diag:2:c-format --flag=cli_usage_error:2:c-format \
    --flag=dt_fail:4:c-format --flag=fail:5:c-format \
    --flag=val_add:4:c-format --flag=prob_set:2:c-format \
    --flag=nik_add:3:c-format --flag=rg_add:6:c-format \
    --flag=notice:4:c-format --flag=store_notice:4:c-format
po:
	xgettext --from-code=UTF-8 --language=C --sort-by-file --no-wrap \
	    --package-name=segel --package-version=$(VERSION) \
	    --msgid-bugs-address='the segel maintainers' $(XGETTEXT_KEYWORDS) -o po/segel.pot \
	    cmd/*.c cmd/*.h lib/*.c lib/codes.def
	xgettext --from-code=UTF-8 --language=JavaScript --no-wrap -j -kN_ \
	    -o po/segel.pot web/src/ui.js
	for l in $(PO_LANGS); do \
	    msgmerge --quiet --update --backup=none --no-wrap po/$$l.po po/segel.pot && \
	    msgattrib --no-obsolete --no-wrap -o po/$$l.po po/$$l.po || exit 1; \
	done
	@for l in $(PO_LANGS); do printf '%s: ' $$l; \
	    msgfmt --check --statistics -o /dev/null po/$$l.po; done

# The Indonesian locale for the lang-id goldens, built here so that the
# tests need no generated system locale (LOCPATH=$(B)/locale-def).
$(B)/locale-def/id_ID.UTF-8:
	@mkdir -p $(@D)
	localedef -i id_ID -f UTF-8 $@ || test -f $@/LC_MESSAGES/SYS_LC_MESSAGES

# The problem-code registry: formats/codes.md is made from lib/codes.def
# (tests/cli/codes.sh fails when the committed page differs).
$(B)/lib/codes.o: lib/codes.def
codes-md: $(B)/tests/codes-md
	$(B)/tests/codes-md >formats/codes.md

.PRECIOUS: $(B)/%.o $(B)/cmd/%.o $(B)/tests/unit/%.o

check: $(TOOL_BIN) $(MO) $(UNIT_BIN) $(HELPERS) $(B)/locale-def/id_ID.UTF-8
	@B=$(B) BIN=$(BIN) sh tests/run.sh $(UNIT_BIN)

SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
check-asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    $(MAKE) B=build-asan BIN=build-asan/bin OPT='-O1 -g' \
	    SAN='$(SAN_FLAGS)' check

# Fuzz targets need clang's libFuzzer.
FUZZ_SECONDS ?= 20
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_CFLAGS = $(CPPFLAGS) -std=c11 -g -O1 $(PKG_CFLAGS) \
    -fsanitize=fuzzer-no-link,address,undefined
build-fuzz/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -c -o $@ $<
# The fuzzers link with clang (C), without UBSan's C++ runtime: the two
# checks that need it are off in the one C++ file.
build-fuzz/lib/%.o: lib/%.cpp lib/zxing.h
	@mkdir -p $(@D)
	clang++ $(CPPFLAGS) -std=c++17 -g -O1 \
	    -fsanitize=fuzzer-no-link,address,undefined \
	    -fno-sanitize=function,vptr -c -o $@ $<
build-fuzz/libsegel.a: $(LIB_SRC:lib/%.c=build-fuzz/lib/%.o) \
    $(LIB_CXX:lib/%.cpp=build-fuzz/lib/%.o)
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

test: check check-asan install-check check-web
	$(MAKE) fuzz FUZZ_SECONDS=10

# Install into a scratch DESTDIR and run the installed tools there: they
# must find their formats/ next to themselves, with no environment help.
install-check: $(TOOL_BIN) $(B)/locale-def/id_ID.UTF-8
	@d=$$(mktemp -d) && \
	$(MAKE) -s install DESTDIR=$$d PREFIX=/usr >/dev/null && \
	for t in $(TOOLS); do \
	    test -x $$d/usr/bin/segel-$$t && \
	    test -f $$d/usr/share/man/man1/segel-$$t.1 && \
	    test -f $$d/usr/share/man/id/man1/segel-$$t.1 && \
	    test -f $$d/usr/share/bash-completion/completions/segel-$$t && \
	    test -f $$d/usr/share/zsh/site-functions/_segel-$$t && \
	    test -f $$d/usr/share/fish/vendor_completions.d/segel-$$t.fish \
	    || { echo "install-check: segel-$$t incomplete"; exit 1; }; \
	done && \
	for l in $(PO_LANGS); do \
	    test -f $$d/usr/share/locale/$$l/LC_MESSAGES/segel.mo \
	    || { echo "install-check: no $$l catalogue"; exit 1; }; \
	done && \
	env -u SEGEL_FORMATS $$d/usr/bin/segel-intake --list-types >/dev/null && \
	env -u SEGEL_FORMATS $$d/usr/bin/segel-intake -q testdata/bulk >/dev/null && \
	env -u SEGEL_FORMATS -u SEGEL_LOCALEDIR -u LC_ALL -u LANGUAGE \
	    LOCPATH=$(B)/locale-def LANG=id_ID.UTF-8 \
	    $$d/usr/bin/segel-intake testdata/bulk 2>&1 >/dev/null | \
	    grep -q 'baris dibaca' && \
	rm -rf $$d && echo "install-check: 1 passed, 0 failed"

# The completions and the man pages' OPTIONS sections, again from the
# tools' option tables (tests/cli/options.sh fails until this is run).
options: $(TOOL_BIN)
	sh cmd/opt-gen.sh $(BIN)

bench: $(TOOL_BIN) $(HELPERS) $(B)/tests/qrscan
	@B=$(B) BIN=$(BIN) sh tests/bench/run.sh

# The daily job on the bundled village folders (README quick start).
demo: $(TOOL_BIN)
	BIN=$(BIN) sh tests/demo.sh

install: $(TOOL_BIN) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/id/man1 \
	    $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(TOOL_BIN) $(DESTDIR)$(BINDIR)/
	install -m 644 $(TOOLS:%=cmd/segel-%.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(TOOLS:%=cmd/id/segel-%.1) $(DESTDIR)$(MANDIR)/id/man1/
	for l in $(PO_LANGS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $(B)/locale/$$l/LC_MESSAGES/segel.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/segel.mo; \
	done
	cp -R formats $(DESTDIR)$(DATADIR)/
	if [ -d $(WEB_DIST) ]; then rm -rf $(DESTDIR)$(DATADIR)/web && \
	    cp -R $(WEB_DIST) $(DESTDIR)$(DATADIR)/web; fi
	for t in $(TOOLS); do \
	    install -m 644 completions/segel-$$t.bash \
	        $(DESTDIR)$(PREFIX)/share/bash-completion/completions/segel-$$t; \
	    install -m 644 completions/_segel-$$t \
	        $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_segel-$$t; \
	    install -m 644 completions/segel-$$t.fish \
	        $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/segel-$$t.fish; \
	done

# The browser verifier (issue 15): its npm dependencies from the lockfile,
# the page built into $(WEB_DIST); a Dinas serves that folder with its
# trust.bundle beside index.html.  Needs node and npm (packages.txt: Debian 12's node 18 will do).
WEB_DIST = $(B)/web
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
web: web/node_modules/.package-lock.json
	node web/build.mjs $(WEB_DIST)

# Part of `make test`.  The browser part runs when chromium is there
# (packages.txt installs it); SEGEL_WEB_NEED_CHROMIUM=1 makes its absence
# a failure.
check-web: web $(TOOL_BIN)
	cd web && node test/vectors.mjs ../formats/vectors && node test/bundle.mjs .. && node test/hostile.mjs .. && BIN=$(BIN) node test/fields.mjs .. && BIN=$(BIN) node test/update.mjs .. && BIN=$(BIN) node test/body.mjs .. && BIN=$(BIN) node test/pdfsig.mjs ..
	BIN=$(BIN) node web/test/browser.mjs $(WEB_DIST)

clean:
	rm -rf build build-asan build-fuzz bin out web/node_modules

.PHONY: all codes-md po options demo install-check check check-asan fuzz test bench install clean web check-web
