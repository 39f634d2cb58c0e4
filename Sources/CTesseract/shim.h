// Tesseract's C API for Swift.
#ifndef REEL_CTESSERACT_SHIM_H
#define REEL_CTESSERACT_SHIM_H

#include <tesseract/capi.h>

#endif
