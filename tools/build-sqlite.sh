#!/bin/sh
# Cross-build the sqlite3 shell for riscv64 from Debian 12's source
# package, static, against the project's musl, into the cache:
#
#   $CACHE/sqlite3-3.40.1-musl/bin/sqlite3
#
# Cache and rebuild rules: tools/userland.sh. Debian's package is SQLite's
# full source tree: its configure (run as shipped; Debian's changes to
# configure.ac concern the shared library) makes the Makefile whose host
# tools (lemon, mkkeywordhash; tclsh scripts) generate the amalgamation
# sqlite3.c and the shell's shell.c. The shell is those two files compiled
# together, without libtool, the shared library or Tcl.
set -e

NAME=sqlite3
VERSION=3.40.1
DEBIAN_VERSION=3.40.1-2+deb12u2
. "$(dirname "$0")/userland.sh"

# debian/rules' feature set, less loadable extensions (a static program
# cannot load them).
SQLITE_FLAGS="-fno-strict-aliasing -DSQLITE_SECURE_DELETE
-DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3
-DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1
-DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_OMIT_LOOKASIDE=1
-DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ALLOW_ROWID_IN_VIEW
-DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 -DSQLITE_OMIT_LOAD_EXTENSION
-DSQLITE_ENABLE_JSON1 -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_THREADSAFE=1
-DSQLITE_ENABLE_FTS3_TOKENIZER=1 -DSQLITE_USE_URI=1
-DSQLITE_MAX_SCHEMA_RETRY=25 -DSQLITE_ENABLE_PREUPDATE_HOOK
-DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_STMTVTAB
-DSQLITE_MAX_VARIABLE_NUMBER=250000"

pkg_begin
cd "$SRC"
pkg_run configure.log ./configure --host=$TARGET CC="$PKG_CC" BUILD_CC=gcc \
	CFLAGS="$PKG_CFLAGS" LDFLAGS="$PKG_LDFLAGS" \
	--disable-tcl --disable-readline --disable-editline --disable-shared
# CROSS_BUILDING=yes: Debian's patch to the Makefile then builds lemon for
# the host, as debian/rules has it.
pkg_run generate.log make -j"$JOBS" CROSS_BUILDING=yes sqlite3.c shell.c
pkg_run compile.log $PKG_CC $PKG_CFLAGS $SQLITE_FLAGS $PKG_LDFLAGS \
	-o sqlite3 shell.c sqlite3.c -lm
pkg_install sqlite3

pkg_check sqlite3 "3.40.1|6" "$STAGE/bin/sqlite3" :memory: \
	"create table t(x); insert into t values (1), (2), (3);
	 select sqlite_version(), sum(x) from t;"
pkg_done
