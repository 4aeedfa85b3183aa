# synfin: watch TCP connections open and close.
#   make            build build/synfin (installs missing -dev packages when root)
#   make check      run the test suite, then again under ASan+UBSan
#   make demo       the classic experiment in one command
#   make dev        rebuild and restart `synfin serve` whenever a source changes
#   make bench      speed against tcpdump and tshark, then live capture under load
#   make bench-live only the live case: synfin and tcpdump capturing one burst
CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc
LDLIBS  += -lpcap -lz

SRC     := $(sort $(wildcard src/*.c src/*/*.c))
OBJ     := $(SRC:src/%.c=build/obj/%.o)
ASANOBJ := $(SRC:src/%.c=build/asan/%.o)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

all: build/synfin

build/.deps:
	@sh scripts/deps.sh build
	@mkdir -p build && touch $@

build/synfin: build/.deps $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

build/obj/%.o: src/%.c build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

build/synfin-asan: build/.deps $(ASANOBJ)
	$(CC) $(CFLAGS) $(SANITIZE) -o $@ $(ASANOBJ) $(LDLIBS)

build/asan/%.o: src/%.c build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANITIZE) -MMD -MP -c -o $@ $<

check: build/synfin build/synfin-asan
	@sh scripts/deps.sh test
	@sh tests/run.sh build/synfin build/synfin-asan

demo: build/synfin
	build/synfin demo

dev: build/synfin
	@sh scripts/dev.sh

bench: build/synfin
	@sh bench/run.sh build/synfin
	@sh bench/live.sh build/synfin

bench-live: build/synfin
	@sh bench/live.sh build/synfin

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASANOBJ:.o=.d)
.PHONY: all check demo dev bench bench-live clean
