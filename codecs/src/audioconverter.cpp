#include "codecs.h"

#include "packer/largebuffer.h"
#include "packer/littleendian.h"
#include "sndfilelog.h"

#include <QCoreApplication>
#include <QtEndian>

#include <samplerate.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class AudioText
{
    Q_DECLARE_TR_FUNCTIONS(AssetConverter)
};

// libsndfile reads from memory through these callbacks, so the bytes that
// were hashed for the cache key are exactly the bytes decoded.
struct MemoryFile {
    const QByteArray *data;
    sf_count_t position = 0;
};

sf_count_t memoryLength(void *user) { return static_cast<MemoryFile *>(user)->data->size(); }
sf_count_t memorySeek(sf_count_t offset, int whence, void *user)
{
    auto *file = static_cast<MemoryFile *>(user);
    sf_count_t base = whence == SEEK_CUR ? file->position : whence == SEEK_END ? file->data->size() : 0;
    file->position = std::clamp<sf_count_t>(base + offset, 0, sf_count_t(file->data->size()));
    return file->position;
}
sf_count_t memoryRead(void *buffer, sf_count_t count, void *user)
{
    auto *file = static_cast<MemoryFile *>(user);
    const sf_count_t available = qMax<sf_count_t>(0, file->data->size() - file->position);
    const sf_count_t n = qMin(count, available);
    std::memcpy(buffer, file->data->constData() + file->position, size_t(n));
    file->position += n;
    return n;
}
sf_count_t memoryWrite(const void *, sf_count_t, void *) { return 0; }
sf_count_t memoryTell(void *user) { return static_cast<MemoryFile *>(user)->position; }

// One conversion; with `pieces`, the samples are handed over as they are
// made where the size is known up front: the sound is not resampled (the
// resampler's last frames are known only at its end) and its header's
// frame count holds. *abandoned: pieces were handed over but the payload
// cannot be finished that way (refused, or fewer frames than promised):
// to be converted again, whole.
ConversionResult convertAudioOnce(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings,
                                  const PayloadPieces *pieces, bool *abandoned)
{
    ConversionResult result;
    const int targetRate = settings.value(u"sample_rate"_s).toInt();
    const int targetChannels = settings.value(u"channels"_s).toInt();

    // The project's reader checks these; a request from elsewhere (a worker
    // is handed its settings over a pipe) is checked here too, since a
    // channel count of 0 or 3 would write past the mixed samples.
    if (targetChannels < 1 || targetChannels > 2 || targetRate < 8000 || targetRate > 192000) {
        result.diagnostics.append(asset.diagnostic(
            Severity::Error, u"audio.bad_settings"_s,
            AudioText::tr("The sound cannot be converted to %n channel(s) at %1 Hz: 1 or 2 channels at "
                          "8000 to 192000 Hz are supported.", nullptr, targetChannels)
                .arg(targetRate)));
        return result;
    }

    SF_VIRTUAL_IO io{memoryLength, memorySeek, memoryRead, memoryWrite, memoryTell};
    MemoryFile memory{&input};
    SF_INFO info{};
    SNDFILE *file = sf_open_virtual(&io, SFM_READ, &info, &memory);
    auto fail = [&](const QString &code, const QString &message) {
        result.diagnostics.append(asset.diagnostic(Severity::Error, code, message));
        result.payload = QByteArray();
        if (file)
            sf_close(file);
        return result;
    };
    if (!file) {
        return fail(u"audio.undecodable"_s, AudioText::tr("The sound cannot be decoded: %1.")
                                                .arg(embeddableReason(QString::fromUtf8(sf_strerror(nullptr)))));
    }
    if (info.frames <= 0 && info.channels >= 1) {
        // The doctor's words for it, so the build and the check agree.
        return fail(u"audio.empty"_s, QCoreApplication::translate("AssetInspection", "The sound has no samples."));
    }
    if (info.channels < 1 || info.channels > 2 || info.samplerate < 1000
        || info.frames > sf_count_t(192000) * 60 * 60) {
        return fail(u"audio.unsupported_format"_s,
                    AudioText::tr("The sound has %n channel(s) at %1 Hz and %2 frames; only mono or "
                                  "stereo sounds up to an hour long are supported.", nullptr, info.channels)
                        .arg(info.samplerate).arg(info.frames));
    }

    // A piece at a time: decoded, mixed, resampled and written as 16-bit
    // samples before the next is read. Whole-sound float buffers were twice
    // the output each (a six-minute stereo track: 214 MB to make 60 MB), and
    // a converter's peak is what bounds a build's memory.
    const bool resampling = info.samplerate != targetRate;
    const double ratio = double(targetRate) / info.samplerate;
    int srcError = 0;
    const std::unique_ptr<SRC_STATE, SRC_STATE *(*)(SRC_STATE *)> resampler(
        resampling ? src_new(SRC_SINC_MEDIUM_QUALITY, targetChannels, &srcError) : nullptr, &src_delete);
    if (resampling && !resampler) {
        return fail(u"audio.undecodable"_s,
                    AudioText::tr("The sound cannot be resampled: %1.").arg(QString::fromUtf8(src_strerror(srcError))));
    }
    constexpr sf_count_t pieceFrames = 16384;
    // A piece's samples: small enough that zeroing them once costs nothing.
    std::vector<float> decoded(size_t(pieceFrames) * size_t(info.channels));
    std::vector<float> mixed(size_t(pieceFrames) * size_t(targetChannels));
    const long resampledCapacity = long(std::ceil(double(pieceFrames) * ratio)) + 16;
    std::vector<float> resampled(resampling ? size_t(resampledCapacity) * size_t(targetChannels) : 0);

    QByteArray &out = result.payload;
    const bool streaming = pieces && !resampling && pieces->begin(12 + qint64(info.frames) * targetChannels * 2);
    if (streaming) {
        // `out` holds a piece: the header, then a decoded piece's samples.
        out.reserve(12 + qsizetype(pieceFrames) * targetChannels * 2);
    } else {
        // What the header promises, up to a bound: a damaged header must not
        // reserve an hour of samples for a file that holds a second. The bound
        // grows with the file (Vorbis packs 16-bit stereo about tenfold): a
        // fixed 64 MiB had a six-minute track outgrow it at the end, and the
        // buffer's growth then held two copies (130 MB in a worker for 66 MB).
        const qint64 promised = qint64(std::ceil(double(info.frames) * ratio)) * targetChannels * 2;
        const qint64 plausible = std::max<qint64>(64 * 1024 * 1024, 32 * qint64(input.size()));
        out.reserve(12 + qsizetype(std::min(promised, plausible)));
        adviseLargePages(out.data(), std::size_t(out.capacity()));
    }
    LittleEndian::append<quint32>(out, quint32(targetRate));
    LittleEndian::append<quint16>(out, quint16(targetChannels));
    LittleEndian::append<quint16>(out, 16);
    // Frames: known at the end, or promised by the header when streaming.
    LittleEndian::append<quint32>(out, streaming ? quint32(info.frames) : 0);
    const auto handOver = [&] {
        if (!streaming)
            return true;
        const bool taken = pieces->piece(out);
        out.resize(0); // keeps its room for the next piece
        return taken;
    };
    const auto abandon = [&] {
        *abandoned = true;
        if (file)
            sf_close(file);
        return ConversionResult{};
    };
    const auto writePcm = [&out](const float *samples, size_t count) {
        const qsizetype start = out.size();
        // Written in place: an append per sample was 5 % of a real tree's build.
        out.resize(start + qsizetype(count) * 2);
        char *pcm = out.data() + start;
        for (const float sample : std::span(samples, count)) {
            const qint16 le = qToLittleEndian(qint16(std::lrint(std::clamp(sample, -1.0f, 1.0f) * 32767.0f)));
            std::memcpy(pcm, &le, 2);
            pcm += 2;
        }
    };
    // Feeds the resampler until it has taken every frame given; with none
    // left (the end), until it has nothing more to give.
    const auto resample = [&](const float *frames, long count, bool end) -> int {
        SRC_DATA data{};
        data.data_in = frames;
        data.input_frames = count;
        data.data_out = resampled.data();
        data.output_frames = resampledCapacity;
        data.src_ratio = ratio;
        data.end_of_input = end ? 1 : 0;
        for (;;) {
            if (const int error = src_process(resampler.get(), &data))
                return error;
            writePcm(resampled.data(), size_t(data.output_frames_gen) * size_t(targetChannels));
            data.data_in += data.input_frames_used * targetChannels;
            data.input_frames -= data.input_frames_used;
            if (data.input_frames > 0)
                continue;
            if (!end || data.output_frames_gen == 0)
                return 0;
        }
    };

    sf_count_t read = 0;
    for (;;) {
        const sf_count_t got = sf_readf_float(file, decoded.data(), std::min(pieceFrames, info.frames - read));
        if (got <= 0)
            break;
        read += got;
        // Channels first (mix down or duplicate), then the sample rate.
        const float *frames = decoded.data();
        if (targetChannels != info.channels) {
            for (sf_count_t frame = 0; frame < got; ++frame) {
                const float *in = decoded.data() + frame * info.channels;
                float *mix = mixed.data() + frame * targetChannels;
                if (targetChannels == 1)
                    mix[0] = 0.5f * (in[0] + in[1]);
                else
                    mix[0] = mix[1] = in[0];
            }
            frames = mixed.data();
        }
        if (!resampling) {
            writePcm(frames, size_t(got) * size_t(targetChannels));
            if (!handOver())
                return abandon();
        } else if (const int error = resample(frames, long(got), false)) {
            return fail(u"audio.undecodable"_s,
                        AudioText::tr("The sound cannot be resampled: %1.").arg(QString::fromUtf8(src_strerror(error))));
        }
        if (read >= info.frames)
            break;
    }
    if (read <= 0)
        return fail(u"audio.undecodable"_s, AudioText::tr("The sound has no decodable samples."));
    if (streaming && read != info.frames)
        return abandon(); // the header's frame count, in the pieces handed over, is wrong
    if (read < info.frames || sndfileReportsShortData(file)) {
        // Packed (what it holds plays), but never without a word: a cut
        // short file is most often a copy that did not finish.
        result.diagnostics.append(asset.diagnostic(
            Severity::Warning, u"audio.truncated"_s,
            AudioText::tr("The sound is cut short: its header promises more samples than the file holds. "
                          "What it holds (%1) was packed.")
                .arg(read < info.samplerate
                         ? AudioText::tr("%L1 ms").arg(1000.0 * double(read) / info.samplerate, 0, 'f', 1)
                         : AudioText::tr("%L1 s").arg(double(read) / info.samplerate, 0, 'f', 2))));
    }
    sf_close(file);
    file = nullptr;
    if (resampling) {
        if (const int error = resample(mixed.data(), 0, true)) {
            return fail(u"audio.undecodable"_s,
                        AudioText::tr("The sound cannot be resampled: %1.").arg(QString::fromUtf8(src_strerror(error))));
        }
    }
    result.ok = true;
    if (streaming) {
        result.streamed = true;
        result.payload = QByteArray();
        return result;
    }
    const quint32 frames = quint32((out.size() - 12) / 2 / targetChannels);
    const quint32 le = qToLittleEndian(frames);
    std::memcpy(out.data() + 8, &le, 4);
    return result;
}

} // namespace

ConversionResult Codecs::convertAudio(const AssetContext &asset, const QByteArray &input,
                                      const QJsonObject &settings, const PayloadPieces *pieces)
{
    bool abandoned = false;
    ConversionResult result = convertAudioOnce(asset, input, settings, pieces, &abandoned);
    if (abandoned)
        result = convertAudioOnce(asset, input, settings, nullptr, &abandoned);
    return result;
}

} // namespace Prometeu
