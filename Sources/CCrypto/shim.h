// OpenSSL's libcrypto for Swift: the EVP cipher interface (AES-128-CBC for HLS segments),
// digests, PBKDF2 (clip-review's accounts) and the random generator (salts, session tokens).
#ifndef REEL_CCRYPTO_SHIM_H
#define REEL_CCRYPTO_SHIM_H

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#endif
