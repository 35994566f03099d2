#pragma once

#include <QObject>

#include <memory>

class QAudioSink;
class QIODevice;

namespace Prometeu {

class AudioMixer;
class RuntimeLog;

// The default audio device, fed from the mixer once per frame (push mode,
// about 100 ms ahead). Without a device the game runs silent: one line in
// the log says so, and nothing else changes.
class AudioOutput : public QObject
{
    Q_OBJECT
public:
    AudioOutput(AudioMixer *mixer, RuntimeLog *log, QObject *parent = nullptr);
    ~AudioOutput() override;

    bool start();
    bool isActive() const { return m_device != nullptr; }
    // Mixes and writes as much as the device has room for.
    void feed();

private:
    AudioMixer *m_mixer;
    RuntimeLog *m_log;
    std::unique_ptr<QAudioSink> m_sink;
    QIODevice *m_device = nullptr;
};

} // namespace Prometeu
