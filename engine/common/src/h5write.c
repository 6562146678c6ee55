/* snn_h5write: attributes, vectors and datasets written with the HDF5 C API. */
#include "snn/h5write.h"

#include <errno.h>
#include <string.h>

herr_t snn_h5_attr(hid_t loc, const char *name, hid_t type, const void *value) {
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t s = a < 0 ? -1 : H5Awrite(a, type, value);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    return s;
}

herr_t snn_h5_attr_double(hid_t loc, const char *name, double v) {
    return snn_h5_attr(loc, name, H5T_NATIVE_DOUBLE, &v);
}

herr_t snn_h5_attr_int(hid_t loc, const char *name, int64_t v) {
    return snn_h5_attr(loc, name, H5T_NATIVE_INT64, &v);
}

herr_t snn_h5_attr_string(hid_t loc, const char *name, const char *v) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(v) + 1);
    H5Tset_strpad(type, H5T_STR_NULLTERM);
    herr_t s = snn_h5_attr(loc, name, type, v);
    H5Tclose(type);
    return s;
}

herr_t snn_h5_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                      const void *data, int compress) {
    hsize_t maxdims[2] = {H5S_UNLIMITED, dims[rank - 1]};
    hid_t space =
        compress ? H5Screate_simple(rank, dims, maxdims) : H5Screate_simple(rank, dims, NULL);
    hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
    if (compress) {
        hsize_t chunk[2] = {dims[0] < 65536 ? (dims[0] ? dims[0] : 1) : 65536, dims[rank - 1]};
        if (rank == 2) chunk[0] = dims[0] < 16 ? (dims[0] ? dims[0] : 1) : 16;
        if (rank == 2 && chunk[1] == 0) chunk[1] = 1;
        H5Pset_chunk(plist, rank, chunk);
        H5Pset_deflate(plist, 4);
    }
    hid_t d = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
    herr_t s = d < 0 ? -1 : 0;
    if (d >= 0 && dims[0] > 0) s = H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    if (d >= 0) H5Dclose(d);
    H5Pclose(plist);
    H5Sclose(space);
    return s;
}

hid_t snn_h5_create_part(const char *part) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors come back as codes, reported by callers */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_file_locking(fapl, 0, 1);
    errno = 0;
    hid_t file = H5Fcreate(part, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    return file;
}

herr_t snn_h5_vector(hid_t loc, const char *name, hid_t type, size_t n, const void *data) {
    const hsize_t dims[1] = {n};
    return snn_h5_dataset(loc, name, type, 1, dims, data, 0);
}
