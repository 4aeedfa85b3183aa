# synfin: watch TCP connections open and close.
#   make            build build/synfin (installs missing -dev packages when root),
#                   guided by a profile of a training run (PGO=0: without it)
#   make check      run the test suite: plain, ASan+UBSan at -O1, and UBSan alone at -O0
#   make fuzz       run each libFuzzer target SECONDS seconds (default 60; clang)
#   make demo       the classic experiment in one command
#   make dev        rebuild and restart `synfin serve` whenever a source changes
#   make bench      speed against tcpdump and tshark, memory on a SYN flood, live
#                   capture under load, and synfin serve against nginx and Node
#   make bench-live only the live case: synfin and tcpdump capturing one burst
#   make bench-flood only the memory case: peak RSS on a made 2 M SYN flood
#   make bench-serve only the server: wrk against synfin serve, nginx, Node
#   make install    the binary, the man page synfin(1) and bash completion under
#                   $(DESTDIR)$(PREFIX) (PREFIX=/usr/local); make uninstall removes them
#   make setcap     let the installed binary capture without root (a separate step)
#   make deb        a Debian package, build/synfin_VERSION_ARCH.deb (dpkg-buildpackage)
CC      ?= cc
# Link-time optimisation: decode, track and present are separate files, and
# the per-frame calls between them inline across files (callgrind: the
# reading thread of a summary run -7.7% instructions). Fat objects: the
# unit tests link the same objects without it.
CFLAGS  ?= -O2 -g -flto=auto -ffat-lto-objects
# What the code needs whatever CFLAGS says (make CFLAGS=-O0 keeps these).
REQFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc -Ibuild/gen
LDLIBS  += -lpcap -lz -lpcre2-8 -pthread

SRC     := $(sort $(wildcard src/*.c src/*/*.c))
OBJ     := $(SRC:src/%.c=build/obj/%.o)
ASANOBJ := $(SRC:src/%.c=build/asan/%.o)
UB0OBJ  := $(SRC:src/%.c=build/ubsan0/%.o)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASANFLAGS := -O1 -g $(SANITIZE)
UB0FLAGS := -O0 -g -fsanitize=undefined -fno-sanitize-recover=all

all: build/synfin

# The report's CSS and script, kept as plain files, compiled in as strings.
ASSETS := $(wildcard src/present/report_assets/*)
build/gen/report_assets.h: $(ASSETS) scripts/embed.sh
	@mkdir -p build/gen
	sh scripts/embed.sh $@ report_css=src/present/report_assets/report.css report_js=src/present/report_assets/report.js
build/obj/present/report_html.o build/asan/present/report_html.o build/ubsan0/present/report_html.o \
build/pgo/obj/present/report_html.o build/fuzz/obj/present/report_html.o: build/gen/report_assets.h

build/.deps:
	@sh scripts/deps.sh build
	@mkdir -p build && touch $@

# GCC's generic x86-64 tuning writes a memset or memcpy of a known 100 to
# 600 bytes (a frame's layers cleared, a tracking result, a summary record)
# as rep stos or rep movs, whose start-up costs more than the copy on AMD's
# cores; glibc's vector routines do not. Summary lines: 9% less user time.
CC_IS_GCC := $(shell $(CC) -v 2>&1 | grep -q '^gcc version' && echo 1)
ifneq ($(CC_IS_GCC),)
ifneq ($(filter x86_64-%,$(shell $(CC) -dumpmachine)),)
TUNEFLAGS := -mmemset-strategy=libcall:-1:noalign -mmemcpy-strategy=libcall:-1:noalign
endif
endif

# Profile-guided optimisation (PGO=1, the default). The sources are
# compiled twice: first with counters (build/pgo/obj/), linked into
# build/pgo/synfin, which reads a made capture of HTTP connections in the
# ways people read one (scripts/pgo-train.sh); then into build/obj/ with
# what the counters found, so hot paths are laid out, inlined and unrolled
# for the branches a capture of connections takes. Summary lines on the
# bench's capture: 29% less time (README). Code the training never runs is
# optimised as without it (-fprofile-partial-training). Any change to a
# source trains again and rebuilds everything; make PGO=0 builds once (the
# default for a compiler other than GCC, whose profiles work otherwise).
PGO     ?= $(if $(CC_IS_GCC),1,0)
PGOOBJ  := $(SRC:src/%.c=build/pgo/obj/%.o)
PGODATA := $(CURDIR)/build/pgo/data
# The counters' files are named by object path under these prefixes, so the
# two builds find the same names (the links name no object: no prefix). GCC
# takes an object's directory from $$PWD when it names the same directory,
# so PWD is make's own, which a symbolic link in the path would change. The
# counters of the two threads' runs are added atomically where the target
# can; correction lets the compiler mend what little still disagrees instead
# of warning.
export PWD := $(CURDIR)
PGOGEN  := -fprofile-generate=$(PGODATA) -fprofile-prefix-path=$(CURDIR)/build/pgo/obj \
           -fprofile-update=prefer-atomic
ifeq ($(PGO),1)
PGOLINK := -fprofile-use -fprofile-partial-training -fprofile-correction -Wno-missing-profile
PGOUSE  := $(PGOLINK) -fprofile-dir=$(PGODATA) -fprofile-prefix-path=$(CURDIR)/build/obj
PROFILE := build/pgo/profile
endif

# Each build's flags, kept in a file rewritten only when they change, so
# make PGO=0 and then make, or a new CFLAGS, rebuild what the flags change
# (and train again on objects built with them).
flags_stamp = @mkdir -p $(dir $@); echo '$(1)' | cmp -s - $@ || echo '$(1)' > $@
build/obj/.flags: FORCE
	$(call flags_stamp,$(CPPFLAGS) $(CFLAGS) $(TUNEFLAGS) $(PGOUSE))
build/pgo/.flags: FORCE
	$(call flags_stamp,$(CPPFLAGS) $(CFLAGS) $(TUNEFLAGS) $(PGOGEN) $(LDFLAGS))
FORCE:

# CPPFLAGS and LDFLAGS are empty here; dpkg-buildpackage sets them (hardening).
build/synfin: build/.deps $(OBJ)
	$(CC) $(REQFLAGS) $(CFLAGS) $(TUNEFLAGS) $(PGOLINK) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

build/obj/%.o: src/%.c build/.deps build/obj/.flags $(PROFILE)
	@mkdir -p $(dir $@)
	$(CC) $(REQFLAGS) $(CPPFLAGS) $(CFLAGS) $(TUNEFLAGS) $(PGOUSE) -MMD -MP -c -o $@ $<

build/pgo/synfin: build/.deps build/pgo/.flags $(PGOOBJ)
	$(CC) $(REQFLAGS) $(CFLAGS) $(TUNEFLAGS) -fprofile-generate $(LDFLAGS) -o $@ $(PGOOBJ) $(LDLIBS)

build/pgo/obj/%.o: src/%.c build/.deps build/pgo/.flags
	@mkdir -p $(dir $@)
	$(CC) $(REQFLAGS) $(CPPFLAGS) $(CFLAGS) $(TUNEFLAGS) $(PGOGEN) -MMD -MP -c -o $@ $<

build/pgo/pgo_capture: scripts/pgo_capture.c
	@mkdir -p $(dir $@)
	$(CC) $(REQFLAGS) -O2 -o $@ $<

build/pgo/profile: build/pgo/synfin build/pgo/pgo_capture scripts/pgo-train.sh
	rm -rf $(PGODATA)
	sh scripts/pgo-train.sh build/pgo
	@touch $@

build/synfin-asan: build/.deps $(ASANOBJ)
	$(CC) $(REQFLAGS) $(ASANFLAGS) -o $@ $(ASANOBJ) $(LDLIBS)

build/asan/%.o: src/%.c build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(REQFLAGS) $(ASANFLAGS) -MMD -MP -c -o $@ $<

build/synfin-ubsan0: build/.deps $(UB0OBJ)
	$(CC) $(REQFLAGS) $(UB0FLAGS) -o $@ $(UB0OBJ) $(LDLIBS)

build/ubsan0/%.o: src/%.c build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(REQFLAGS) $(UB0FLAGS) -MMD -MP -c -o $@ $<

# The test runner builds the unit tests against these objects, with these flags.
export ASANFLAGS UB0FLAGS REQFLAGS

check: build/synfin build/synfin-asan build/synfin-ubsan0
	@sh scripts/deps.sh test
	@sh tests/run.sh build/synfin build/synfin-asan build/synfin-ubsan0

# --- fuzzing: libFuzzer targets (fuzz/fuzz_*.c) over the project's own
# objects, compiled again with clang and the fuzzer's sanitizers.
FUZZCC    := clang
FUZZFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZOBJ   := $(filter-out build/fuzz/obj/main.o,$(SRC:src/%.c=build/fuzz/obj/%.o))
FUZZSRC   := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZBIN   := $(FUZZSRC:fuzz/%.c=build/fuzz/%)
SECONDS   ?= 60

build/.deps-fuzz: build/.deps
	@sh scripts/deps.sh fuzz
	@touch $@

build/fuzz/obj/%.o: src/%.c build/.deps-fuzz
	@mkdir -p $(dir $@)
	$(FUZZCC) $(REQFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/frame_input.h $(FUZZOBJ) build/.deps-fuzz
	$(FUZZCC) $(REQFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZOBJ) $(LDLIBS)

.SECONDARY: $(FUZZOBJ)
fuzz-build: $(FUZZBIN) build/fuzz/seed_frames build/fuzz/frame_to_pcap

# fuzz_decode inputs to capture files, for tests/crashes/ (needs no sanitizer).
build/fuzz/frame_to_pcap: fuzz/frame_to_pcap.c fuzz/frame_input.h build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(REQFLAGS) -O1 -g -o $@ $<

# Turns capture files into fuzz_decode inputs (fuzz/seeds.sh).
build/fuzz/seed_frames: fuzz/seed_frames.c $(FUZZOBJ) build/.deps-fuzz
	$(FUZZCC) $(REQFLAGS) $(FUZZFLAGS) -o $@ $< $(FUZZOBJ) $(LDLIBS)

# Each target SECONDS seconds from its committed seeds (never written to);
# a crash fails the run and leaves its input in build/fuzz/crashes/TARGET/.
fuzz: $(FUZZBIN)
	@sh fuzz/run.sh $(SECONDS) $(FUZZBIN)

demo: build/synfin
	build/synfin demo

dev:
	@sh scripts/dev.sh

bench: build/synfin build/synflood
	@sh bench/run.sh build/synfin
	@sh bench/flood.sh build/synfin
	@sh bench/live.sh build/synfin
	@sh bench/serve.sh build/synfin

bench-flood: build/synfin build/synflood
	@sh bench/flood.sh build/synfin

# The SYN-flood capture maker for the bench (bench/synflood.c; no libraries).
build/synflood: bench/synflood.c
	@mkdir -p build
	$(CC) $(REQFLAGS) $(CFLAGS) -o $@ $<

bench-live: build/synfin
	@sh bench/live.sh build/synfin

bench-serve: build/synfin
	@sh bench/serve.sh build/synfin

# --- installing: GNU's variables; DESTDIR stages the files (packaging, tests).
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL    ?= install
INSTALLED  := $(DESTDIR)$(BINDIR)/synfin $(DESTDIR)$(MANDIR)/man1/synfin.1 $(DESTDIR)$(BASHCOMPDIR)/synfin

install: build/synfin
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 0755 build/synfin $(DESTDIR)$(BINDIR)/synfin
	$(INSTALL) -m 0644 doc/synfin.1 $(DESTDIR)$(MANDIR)/man1/synfin.1
	$(INSTALL) -m 0644 contrib/bash-completion/synfin $(DESTDIR)$(BASHCOMPDIR)/synfin
	@echo "synfin: installed. Live capture (-i, demo) needs root or the capture capability;"
	@echo "synfin: to let every user who can run $(BINDIR)/synfin capture, run: make setcap$(if $(filter /usr/local,$(PREFIX)),, PREFIX=$(PREFIX))$(if $(DESTDIR), DESTDIR=$(DESTDIR))"

uninstall:
	rm -f $(INSTALLED)

# Never part of install: it lets anyone who can run the binary capture.
setcap:
	@sh scripts/setcap.sh $(DESTDIR)$(BINDIR)/synfin

# The package is built in a copy of the tree (build/deb/), so dpkg-buildpackage's
# files beside the source tree stay inside build/; the .deb is copied to build/.
deb:
	@sh scripts/deps.sh deb
	@sh scripts/deb.sh

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(PGOOBJ:.o=.d) $(ASANOBJ:.o=.d) $(UB0OBJ:.o=.d) $(FUZZOBJ:.o=.d)
.PHONY: FORCE all check fuzz fuzz-build demo dev bench bench-live bench-flood bench-serve clean \
        install uninstall setcap deb
