#include "runtime/audiomixer.h"

#include <algorithm>

namespace Prometeu {

AudioMixer::AudioMixer(int sampleRate, int channels)
    : m_rate(qMax(1, sampleRate))
    , m_channels(qBound(1, channels, 8))
{
}

void AudioMixer::play(std::shared_ptr<const PcmSound> sound)
{
    if (!sound || sound->frames() == 0)
        return;
    if (m_voices.size() >= maxVoices)
        m_voices.removeFirst(); // the oldest gives way
    m_voices.append({std::move(sound), 0, false});
}

void AudioMixer::playMusic(std::shared_ptr<const PcmSound> sound)
{
    if (m_music.sound == sound)
        return;
    m_music = sound && sound->frames() > 0 ? Voice{std::move(sound), 0, true} : Voice{};
}

void AudioMixer::stopMusic() { m_music = {}; }

bool AudioMixer::mixVoice(Voice &voice, int *accumulator, qsizetype frames) const
{
    const PcmSound &sound = *voice.sound;
    // Nearest-sample rate conversion: sounds are converted to the project's
    // rate by the packer, so this only matters for assets that chose another.
    const double step = double(sound.sampleRate) / m_rate;
    const qint64 length = sound.frames();
    for (qsizetype frame = 0; frame < frames; ++frame) {
        qint64 source = qint64(voice.position);
        if (source >= length) {
            if (!voice.loop)
                return false;
            voice.position -= double(length);
            source = qint64(voice.position);
        }
        for (int channel = 0; channel < m_channels; ++channel) {
            const int from = qMin(channel, sound.channels - 1);
            int sample = sound.samples[source * sound.channels + from];
            if (m_channels == 1 && sound.channels == 2)
                sample = (sample + sound.samples[source * 2 + 1]) / 2;
            accumulator[frame * m_channels + channel] += sample;
        }
        voice.position += step;
    }
    return true;
}

void AudioMixer::mix(qint16 *out, qsizetype frames)
{
    const qsizetype samples = frames * m_channels;
    m_accumulator.fill(0, samples);
    int *accumulator = m_accumulator.data();
    for (qsizetype i = 0; i < m_voices.size();) {
        if (mixVoice(m_voices[i], accumulator, frames))
            ++i;
        else
            m_voices.removeAt(i);
    }
    if (m_music.sound && !mixVoice(m_music, accumulator, frames))
        m_music = {};
    for (qsizetype i = 0; i < samples; ++i)
        out[i] = qint16(std::clamp(accumulator[i], -32768, 32767));
}

} // namespace Prometeu
