// OpenSSL's libcrypto for Swift: the EVP cipher interface (AES-128-CBC for HLS segments).
#ifndef REEL_CCRYPTO_SHIM_H
#define REEL_CCRYPTO_SHIM_H

#include <openssl/evp.h>

#endif
