# zhifa — build, run, test, bench.
#
#   make          install what is missing (scripts/deps.sh build), then
#                 build/zhifa with the web app embedded
#   make run      install what is missing, build, create data/demo.db, serve :8080
#   make test     install what is missing, sanitizer build, every test suite
#   make bench    benchmarks: server vs a bare libmicrohttpd floor, then the
#                 enterprise ledger, risk grading, plans, the inspection schedule
#                 and draws at province scale (figures in docs/performance.md)
#   make fuzz     libFuzzer harnesses for a bounded time (FUZZ_SECONDS)

CC       ?= cc
PKGS     := libmicrohttpd jansson libsodium sqlite3 libzip libxml-2.0 xlsxwriter libexif libcrypto libheif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm
WARN     := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -g -Isrc $(WARN) $(PKG_CFLAGS)
CFLAGS_REL  := $(CFLAGS_COMMON) -O2
CFLAGS_ASAN := $(CFLAGS_COMMON) -O1 -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined
DEMO_PASSWORD ?= zhifa-demo-2026
LISTEN   ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60

SRC      := $(wildcard src/*.c src/core/*.c)
LIBSRC   := $(filter-out src/main.c,$(SRC))
HDR      := $(wildcard src/*.h src/core/*.h)
SQL      := $(sort $(wildcard src/sql/*.sql))
REF      := $(sort $(wildcard ref/*.csv))
WEBSRC   := package.json package-lock.json $(shell find web -path web/dist -prune -o -type f -print 2>/dev/null)
UNIT     := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
GEN      := build/gen/sql.c build/gen/ref.c build/gen/web.c

.PHONY: all run test bench fuzz deps clean unit web
.DELETE_ON_ERROR:

# a fresh clone has no vite, libraries or headers yet: install them first
# (quick when everything is there), then build in a sub-make, which reads
# pkg-config's flags after the install
all:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory build/zhifa

# ---- generated sources (shared by every build flavour) -----------------
build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

build/gen/sql.c: build/embed $(SQL)
	@mkdir -p build/gen
	build/embed sql src/sql/ "" $@ $(SQL)

build/gen/ref.c: build/embed $(REF)
	@mkdir -p build/gen
	build/embed ref ref/ "" $@ $(REF)

web/dist/index.html: $(WEBSRC)
	npm run build
	@touch $@

web: web/dist/index.html

# gzip copies are made here, not after `npm run build`, so that a dist built
# by hand is compressed too (gzip -k -f is idempotent)
build/gen/web.c: build/embed web/dist/index.html
	@mkdir -p build/gen
	@find web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \) \
	  -size +1k -exec gzip -9 -k -f {} \;
	@echo "  EMBED   web/dist"
	@build/embed web web/dist "" $@ $$(find web/dist -type f ! -name '*.gz' | sort)

# ---- release build ------------------------------------------------------
build/rel/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -c -o $@ $<

build/zhifa: $(patsubst %.c,build/rel/%.o,$(SRC) $(GEN))
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_REL) -o $@ $^ $(PKG_LIBS)

# ---- sanitizer build and unit tests ------------------------------------
build/asan/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS_ASAN) -c -o $@ $<

ASAN_LIB := $(patsubst %.c,build/asan/%.o,$(LIBSRC) $(GEN))

build/asan/zhifa: build/asan/src/main.o $(ASAN_LIB)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_ASAN) -o $@ $^ $(PKG_LIBS)

build/asan/tests/%: tests/unit/%.c tests/unit/testutil.h $(ASAN_LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS_ASAN) -Itests/unit -o $@ $< $(ASAN_LIB) $(PKG_LIBS) -lcmocka

unit: $(addprefix build/asan/tests/,$(UNIT))

# ---- the two commands ---------------------------------------------------
deps:
	@scripts/deps.sh build

run:
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory build/zhifa
	@mkdir -p data
	@if [ ! -f data/demo.db ]; then build/zhifa demo --db data/demo.db --password '$(DEMO_PASSWORD)'; \
	 else echo "using existing data/demo.db (delete it for a fresh demo); demo password: $(DEMO_PASSWORD)"; fi
	@echo "zhifa: open http://$(LISTEN)/ — log in as admin / $(DEMO_PASSWORD) (or leader, officer1, legal, supervisor …)"
	build/zhifa serve --db data/demo.db --listen $(LISTEN)

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build/asan/zhifa unit
	@scripts/test.sh

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory build/zhifa
	@bench/run.sh
	@bench/enterprise.sh
	@bench/risk.sh
	@bench/plan.sh
	@bench/inspection.sh
	@bench/inspection_province.sh
	@bench/draw.sh
	@bench/hazard.sh
	@bench/evidence.sh
	@bench/fieldwork.sh

fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory build/gen/sql.c build/gen/ref.c build/gen/web.c
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

clean:
	rm -rf build
