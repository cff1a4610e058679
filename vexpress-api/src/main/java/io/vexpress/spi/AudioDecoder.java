package io.vexpress.spi;

import io.vexpress.media.PcmAudio;
import java.nio.file.Path;

/** Decodes audio files (MP3, WAV, FLAC, OGG/Opus, M4A/AAC...) at their own rate and channel count. */
public interface AudioDecoder extends ServicePriority {

    /**
     * @throws io.vexpress.MediaException for a missing, empty, corrupt or audio-less file
     */
    PcmAudio decode(Path file);
}
