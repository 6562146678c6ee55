/* snn_build_info: what this binary is and how it was built (for provenance). */
#ifndef SNN_BUILD_INFO_H
#define SNN_BUILD_INFO_H

extern const char snn_build_version[];
extern const char snn_build_git_commit[];
extern const int snn_build_git_dirty; /* 1 dirty, 0 clean, -1 unknown */
/* SHA-256 of `git diff HEAD` when dirty ("" when clean or unknown) */
extern const char snn_build_git_diff_sha256[];
extern const char snn_build_compiler[];
extern const char snn_build_flags[];
extern const char snn_build_type[];

#endif
