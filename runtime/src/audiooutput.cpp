#include "runtime/audiooutput.h"

#include "runtime/audiomixer.h"
#include "runtime/runtimelog.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QMediaDevices>

using namespace Qt::StringLiterals;

namespace Prometeu {

AudioOutput::AudioOutput(AudioMixer *mixer, RuntimeLog *log, QObject *parent)
    : QObject(parent)
    , m_mixer(mixer)
    , m_log(log)
{
}

AudioOutput::~AudioOutput()
{
    if (m_sink)
        m_sink->stop();
}

bool AudioOutput::start()
{
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        m_log->info(u"no audio output device: the game runs without sound"_s);
        return false;
    }
    QAudioFormat format;
    format.setSampleRate(m_mixer->sampleRate());
    format.setChannelCount(m_mixer->channels());
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format)) {
        m_log->info(u"the audio device %1 cannot play %2 Hz, %3 channels: the game runs without sound"_s
                        .arg(device.description())
                        .arg(m_mixer->sampleRate())
                        .arg(m_mixer->channels()));
        return false;
    }
    m_sink = std::make_unique<QAudioSink>(device, format);
    m_sink->setBufferSize(format.bytesForDuration(100'000));
    m_device = m_sink->start();
    if (!m_device) {
        m_log->info(u"the audio device %1 did not start: the game runs without sound"_s.arg(device.description()));
        m_sink.reset();
        return false;
    }
    m_log->info(u"sound on %1 (%2 Hz, %3 channels)"_s.arg(device.description())
                    .arg(m_mixer->sampleRate())
                    .arg(m_mixer->channels()));
    return true;
}

void AudioOutput::feed()
{
    if (!m_device)
        return;
    const qsizetype frameBytes = qsizetype(m_mixer->channels()) * 2;
    const qsizetype frames = m_sink->bytesFree() / frameBytes;
    if (frames <= 0)
        return;
    QByteArray buffer(frames * frameBytes, Qt::Uninitialized);
    m_mixer->mix(reinterpret_cast<qint16 *>(buffer.data()), frames);
    m_device->write(buffer);
}

} // namespace Prometeu
