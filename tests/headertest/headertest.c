/* headertest.c - the public header compiles alone, under strict flags, and
 * declares everything a user needs (libgit2's headertest).
 * SPDX-License-Identifier: Apache-2.0 */
#include <assay/assay.h>

int main(void)
{
    assay_compile_options co = ASSAY_COMPILE_OPTIONS_INIT;
    assay_scan_options so = ASSAY_SCAN_OPTIONS_INIT;
    assay_walk_options wo = ASSAY_WALK_OPTIONS_INIT;
    assay_report_options ro = ASSAY_REPORT_OPTIONS_INIT;
    return (co.version && so.version && wo.version && ro.version &&
            assay_strerror(ASSAY_OK) != 0)
               ? 0
               : 1;
}
