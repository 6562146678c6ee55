/* snn_study_lock: one runner per study folder.
 *
 * The runner holds an open-file-description lock on DIR/study.lock for as long as it runs
 * points or writes the summary; a second `snnbench run` on the same folder is refused with
 * the holder's pid and host. The lock dies with its process (a killed runner leaves no stale
 * lock), and it is a POSIX byte-range lock, which NFS carries between nodes. A study handed
 * to a batch system is locked by whichever process runs or collects its points at the time. */
#ifndef SNN_STUDY_LOCK_H
#define SNN_STUDY_LOCK_H

#include <stddef.h>

/* 0 with *fd holding the lock, or an error with the reason in err. */
int snn_study_lock(const char *dir, int *fd, char *err, size_t errlen);
void snn_study_unlock(int fd);

#endif
