// libnats (the NATS C client, with JetStream) for Swift. The API has no variadic functions or
// macros Swift needs, so this only includes it; ReelBus wraps it.
#ifndef REEL_CNATS_SHIM_H
#define REEL_CNATS_SHIM_H

#include <nats/nats.h>

#endif
