#include "codecs.h"
#include "sndfilelog.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <sndfile.h>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Gives lupdate a context for the strings of this file.
class AssetInspectionText
{
    Q_DECLARE_TR_FUNCTIONS(AssetInspection)
};

struct SndFileCloser {
    void operator()(SNDFILE *file) const { sf_close(file); }
};

bool containerMatches(const QString &suffix, int format)
{
    const int major = format & SF_FORMAT_TYPEMASK;
    if (suffix == u"wav"_s)
        return major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX || major == SF_FORMAT_RF64;
    if (suffix == u"ogg"_s)
        return major == SF_FORMAT_OGG && (format & SF_FORMAT_SUBMASK) == SF_FORMAT_VORBIS;
    if (suffix == u"flac"_s)
        return major == SF_FORMAT_FLAC;
    return false;
}

QString containerName(int format)
{
    SF_FORMAT_INFO info{};
    info.format = format & SF_FORMAT_TYPEMASK;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &info, sizeof(info)) == 0 && info.name)
        return QString::fromUtf8(info.name);
    return AssetInspectionText::tr("an unknown format");
}

} // namespace

QList<Diagnostic> Codecs::inspectAudio(const AssetContext &asset)
{
    QList<Diagnostic> out;
    const QString path = asset.absolutePath();
    SF_INFO info{};
    std::unique_ptr<SNDFILE, SndFileCloser> file(
        sf_open(QFile::encodeName(path).constData(), SFM_READ, &info));
    if (!file) {
        out.append(asset.diagnostic(Severity::Error, u"audio.undecodable"_s,
                                    AssetInspectionText::tr("The sound cannot be decoded: %1.")
                                        .arg(embeddableReason(QString::fromUtf8(sf_strerror(nullptr))))));
        return out;
    }

    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!containerMatches(suffix, info.format)) {
        out.append(asset.diagnostic(
            Severity::Error, u"audio.unsupported_format"_s,
            AssetInspectionText::tr("The file is named .%1 but contains %2; cartridges take WAV, Ogg Vorbis or FLAC.")
                .arg(suffix, containerName(info.format))));
        return out;
    }
    if (info.channels < 1 || info.channels > 2) {
        out.append(asset.diagnostic(Severity::Error, u"audio.unsupported_format"_s,
                                    AssetInspectionText::tr("The sound has %n channel(s); only mono and stereo are supported.",
                                                            nullptr, info.channels)));
        return out;
    }
    if (info.samplerate < 8000 || info.samplerate > 192000) {
        out.append(asset.diagnostic(Severity::Error, u"audio.unsupported_format"_s,
                                    AssetInspectionText::tr("The sample rate %1 Hz is outside 8000 to 192000 Hz.")
                                        .arg(info.samplerate)));
        return out;
    }
    if (info.frames <= 0) {
        out.append(asset.diagnostic(Severity::Error, u"audio.empty"_s, AssetInspectionText::tr("The sound has no samples.")));
        return out;
    }

    // Decode everything: a bad packet in the middle is only found by reading.
    std::vector<short> buffer(static_cast<size_t>(4096 * info.channels));
    sf_count_t total = 0;
    for (;;) {
        const sf_count_t read = sf_readf_short(file.get(), buffer.data(), 4096);
        if (read <= 0)
            break;
        total += read;
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
        out.append(asset.diagnostic(Severity::Error, u"audio.undecodable"_s,
                                    AssetInspectionText::tr("The sound data is corrupt: %1.")
                                        .arg(embeddableReason(QString::fromUtf8(sf_strerror(file.get()))))));
    } else if (total < info.frames || sndfileReportsShortData(file.get())) {
        // A warning, as the build says it: the build packs what it holds.
        out.append(asset.diagnostic(Severity::Warning, u"audio.truncated"_s,
                                    AssetInspectionText::tr("The sound is cut short: its header promises more samples "
                                       "than the file holds. A build packs what it holds.")));
    }
    return out;
}

} // namespace Prometeu
