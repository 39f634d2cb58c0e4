// libav* for Swift: the headers reel uses, and functions for the macros Swift cannot import.
#ifndef REEL_CFFMPEG_SHIM_H
#define REEL_CFFMPEG_SHIM_H

#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/mathematics.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

/// AV_NOPTS_VALUE: "no timestamp".
static inline int64_t reel_av_nopts_value(void) { return AV_NOPTS_VALUE; }

/// AVERROR(e) for a POSIX errno value.
static inline int reel_averror(int posix_error) { return AVERROR(posix_error); }

/// AVERROR_EOF.
static inline int reel_averror_eof(void) { return AVERROR_EOF; }

/// AVERROR(EAGAIN): the codec wants input (or output) first.
static inline int reel_averror_eagain(void) { return AVERROR(EAGAIN); }

/// AVERROR_INVALIDDATA.
static inline int reel_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }

/// av_err2str without its compound literal: the message for an AVERROR code into `buffer`.
static inline const char *reel_av_error_string(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) {
        snprintf(buffer, size, "libav error %d", code);
    }
    return buffer;
}

/// Whether a decoded frame is a keyframe: AV_FRAME_FLAG_KEY where libavutil has it (6.1 on),
/// else key_frame (deprecated from 6.1).
static inline int reel_frame_is_key(const AVFrame *frame) {
#ifdef AV_FRAME_FLAG_KEY
    return (frame->flags & AV_FRAME_FLAG_KEY) != 0;
#else
    return frame->key_frame != 0;
#endif
}

/// AV_TIME_BASE_Q.
static inline AVRational reel_av_time_base_q(void) { return (AVRational){1, AV_TIME_BASE}; }

#endif
