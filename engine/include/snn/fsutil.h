/* snn_fsutil: the file-system helpers the command-line tools share. */
#ifndef SNN_FSUTIL_H
#define SNN_FSUTIL_H

/* mkdir -p: creates dir and its missing parents. 0, or -1 with errno set. */
int snn_make_dirs(const char *dir);

#endif
