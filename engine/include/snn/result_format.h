/* snn_result_format: the identity of a result file, shared by its writer (engine) and its
 * reader (analysis). A reader refuses a file without this format name or with another
 * version; the writer bumps the version whenever the layout (README, result format) changes. */
#ifndef SNN_RESULT_FORMAT_H
#define SNN_RESULT_FORMAT_H

#define SNN_RESULT_FORMAT         "snnbench-result"
#define SNN_RESULT_FORMAT_VERSION 1

#endif
