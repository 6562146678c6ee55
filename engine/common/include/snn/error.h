/* snn_error: the error codes every module returns; messages travel in caller buffers. */
#ifndef SNN_ERROR_H
#define SNN_ERROR_H

enum {
    SNN_OK = 0,
    SNN_ERR_PARAM = 1,  /* a parameter value or name is not allowed */
    SNN_ERR_NOMEM = 2,  /* an allocation failed or would not fit the machine */
    SNN_ERR_IO = 3,     /* a file could not be read or written */
    SNN_ERR_FORMAT = 4, /* a file's content is not what it should be */
    SNN_ERR_USAGE = 5,  /* the command line is wrong */
};

#endif
