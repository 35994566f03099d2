#pragma once

#include "runtime/gameassets.h"

#include <QList>

#include <memory>

namespace Prometeu {

// Mixes the sounds a game plays into one stream of interleaved 16-bit
// frames at the output's rate and channel count. Voices hold their sound
// (shared), so a reload that replaces a sound lets the old one finish.
// Single-threaded: the game pushes mixed frames to the device each frame.
class AudioMixer
{
public:
    static constexpr int maxVoices = 32;

    AudioMixer(int sampleRate, int channels);

    int sampleRate() const { return m_rate; }
    int channels() const { return m_channels; }
    void play(std::shared_ptr<const PcmSound> sound);
    void playMusic(std::shared_ptr<const PcmSound> sound);
    void stopMusic();
    qsizetype voices() const { return m_voices.size() + (m_music.sound ? 1 : 0); }

    // Writes `frames` mixed frames (channels() samples each) to `out`.
    void mix(qint16 *out, qsizetype frames);

private:
    struct Voice {
        std::shared_ptr<const PcmSound> sound;
        double position = 0; // in the sound's frames
        bool loop = false;
    };
    // Adds one voice into the accumulator; false when it has ended.
    bool mixVoice(Voice &voice, int *accumulator, qsizetype frames) const;

    int m_rate;
    int m_channels;
    QList<Voice> m_voices;
    Voice m_music;
    QList<int> m_accumulator;
};

} // namespace Prometeu
