/* snn_h5write: the few HDF5 writing helpers every writer of this project needs (result
 * files, the /analysis group, study summaries). Each returns 0 or a negative HDF5 status. */
#ifndef SNN_H5WRITE_H
#define SNN_H5WRITE_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

herr_t snn_h5_attr(hid_t loc, const char *name, hid_t type, const void *value);
herr_t snn_h5_attr_double(hid_t loc, const char *name, double v);
herr_t snn_h5_attr_int(hid_t loc, const char *name, int64_t v);
herr_t snn_h5_attr_string(hid_t loc, const char *name, const char *v);
/* A dataset of rank 1 or 2; chunked (extensible first dimension) and deflate-compressed
 * when compress is set. */
herr_t snn_h5_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                      const void *data, int compress);
/* A plain 1-D dataset of n elements. */
herr_t snn_h5_vector(hid_t loc, const char *name, hid_t type, size_t n, const void *data);
/* Creates (truncates) the HDF5 file at part, the .part of a claimed snn_output_file, with
 * libhdf5's own file lock off: the claim is the lock, and HDF5's lock would conflict with
 * it where flock is emulated by fcntl locks (NFS). errno is cleared first, so that a
 * failure's cause can be reported. A negative id on failure. */
hid_t snn_h5_create_part(const char *part);

#endif
