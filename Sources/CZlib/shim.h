// zlib for Swift: deflate and inflate streams and crc32, for PNG images.
#ifndef REEL_CZLIB_SHIM_H
#define REEL_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit and inflateInit are macros over the versioned functions.
static inline int reel_deflate_init(z_streamp stream, int level) {
    return deflateInit(stream, level);
}

static inline int reel_inflate_init(z_streamp stream) {
    return inflateInit(stream);
}

#endif
