<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>ActionOperation</name>
    <message>
        <source>Not a valid action: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now left out of the cartridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now included in the cartridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed the options of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no asset %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No option to set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a path inside the assets folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 would collide with %2 on Windows and macOS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rename %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssetConverter</name>
    <message>
        <source>Unknown file type: stored in the cartridge as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound cannot be decoded: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound has %1 channel(s) at %2 Hz and %3 frames; only mono or stereo sounds up to an hour long are supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound has no decodable samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound cannot be resampled: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is %1x%2 pixels; this project allows at most %3x%4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image cannot be decoded (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image has more than 256 colours, so it is stored as RGBA8888 instead of indexed 8-bit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssetInspection</name>
    <message>
        <source>an unknown format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound cannot be decoded: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is named .%1 but contains %2; cartridges take WAV, Ogg Vorbis or FLAC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound has %1 channels; only mono and stereo are supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample rate %1 Hz is outside 8000 to 192000 Hz.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound has no samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound data is corrupt: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound is cut short: its header promises more samples than the file holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON syntax error: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is not valid UTF-8 (byte 0x%1); save it as UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A TMX tile map must start with &lt;map&gt;, not &lt;%1&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tile map is not well-formed XML: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tile map has no &lt;map&gt; element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the path is longer than %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it contains a control character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it contains &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; starts or ends with a space or ends with a dot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cartridge cannot hold this name: %1. Rename the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a reserved device name on Windows; teammates there cannot check it out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name differs only in letter case from %1; they collide on Windows and macOS and in the cartridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This symbolic link loops back on itself (target: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This symbolic link points outside the project (%1); copy the file into the project instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This symbolic link points to %1, which does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a regular file (a pipe, socket or device) and cannot be packed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file name is not valid UTF-8; rename the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders are nested more than %1 levels deep here; the rest is not scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file disappeared after it was scanned; scan again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty (0 bytes).</source>
        <translation>O arquivo está vazio (0 bytes).</translation>
    </message>
    <message>
        <source>The file is %1, more than the whole cartridge may hold (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a readable image (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is named .%1 but contains a %2 image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is %1x%2 pixels; this project allows at most %3x%4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 file is cut short; its end is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image data is corrupt (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssetOptions</name>
    <message>
        <source>&apos;%1&apos; is not a valid option (exclude: true/false, pixel_format: &quot;rgba8888&quot;/&quot;indexed8&quot;, sample_rate: 8000 to 192000)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid JSON: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BuildCache</name>
    <message>
        <source>the header is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is truncated or has the wrong size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its content does not match its checksum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the cache entry %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BuildOperation</name>
    <message>
        <source>The file cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Building %n asset(s) into %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The cached conversion was damaged (%1); converted again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be converted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converted %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Build failed: %n asset(s) could not be converted; the previous cartridge was left as it was.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cartridge is up to date (%n asset(s), all cached).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Build failed: %1 could not be converted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build failed: the cartridge would be %1, over the project&apos;s limit of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built %1, %2 from cache: %3 (%4) in %5 s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BuildState</name>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cartridge</name>
    <message>
        <source>Cannot write the cartridge %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid cartridge: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is too short (%1 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not start with the PROMETEU signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>format version %1 is not supported (this build reads %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is truncated (%1 of %2 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has %1 unexpected trailing bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its table of contents lies outside the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it claims %1 entries, more than its table of contents holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its checksum does not match; the file is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1 is cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1 has a bad name length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1&apos;s name is not UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1 has an unknown kind %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1 has an unknown compression %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1 points outside the data area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1 declares an impossible size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its table of contents and data do not line up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 is cut short.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1&apos;s compressed size header is inconsistent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 does not decompress: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1&apos;s content does not match its hash.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Project folder (contains prometeu.json).</source>
        <translation>Pasta do projeto (contém prometeu.json).</translation>
    </message>
    <message>
        <source>Write every packer event to stdout in &lt;format&gt;; &apos;jsonl&apos; is one JSON envelope per line. Human output then goes to stderr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker threads (default: number of cores).</source>
        <translation>Threads de trabalho (padrão: número de núcleos).</translation>
    </message>
    <message>
        <source>Expected exactly one project folder.

</source>
        <translation>Esperava exatamente uma pasta de projeto.

</translation>
    </message>
    <message>
        <source>Unknown --events format &apos;%1&apos;; use &apos;jsonl&apos;.
</source>
        <translation>Formato de --events desconhecido &apos;%1&apos;; use &apos;jsonl&apos;.
</translation>
    </message>
    <message>
        <source>--jobs must be a number from 1 to 256.
</source>
        <translation>--jobs deve ser um número de 1 a 256.
</translation>
    </message>
    <message>
        <source>Cannot write events to stdout.
</source>
        <translation>Não é possível escrever os eventos na saída padrão.
</translation>
    </message>
    <message>
        <source>
Cancelling...
</source>
        <translation>
Cancelando...
</translation>
    </message>
    <message>
        <source>Scan a project and check every asset: broken or truncated files, images over the size limit, undecodable audio, JSON syntax errors, bad names and links.
Diagnostics are printed as file:line:column: severity: message [code].

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error, 130 cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 assets checked: %2 error(s), %3 warning(s), %4 note(s).
</source>
        <translation>%1 assets verificados: %2 erro(s), %3 aviso(s), %4 nota(s).
</translation>
    </message>
    <message>
        <source>Find and classify assets; report what changed since the last scan.</source>
        <translation>Encontra e classifica os assets; informa o que mudou desde a última varredura.</translation>
    </message>
    <message>
        <source>Scan, then check every asset and print diagnostics.</source>
        <translation>Faz a varredura, verifica cada asset e imprime os diagnósticos.</translation>
    </message>
    <message>
        <source>
Run &apos;prometeu &lt;command&gt; --help&apos; for the options of a command.
Common options: --events jsonl (machine-readable events on stdout), --jobs N (worker threads).
Event format: docs/events.md. Project format: docs/project-format.md.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;.

</source>
        <translation>Comando desconhecido &apos;%1&apos;.

</translation>
    </message>
    <message>
        <source>Find and classify every asset of a project and report what changed since the last scan.

Exit codes: 0 done, 2 usage or I/O error, 130 cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 assets (%2)</source>
        <translation>%1 assets (%2)</translation>
    </message>
    <message>
        <source>no changes</source>
        <translation>nenhuma mudança</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not key=value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the project&apos;s assets. Options are kept in &lt;project&gt;/prometeu.assets.json.

  rename &lt;asset&gt; &lt;new-path&gt;      move or rename an asset (and its options)
  exclude &lt;asset&gt;                leave an asset out of the cartridge
  include &lt;asset&gt;                put it back
  set &lt;asset&gt; key=value...       pixel_format=rgba8888|indexed8, sample_rate=8000..192000, or key=default

Prints the inverse action (for undo) as JSON on success.
Exit codes: 0 applied, 1 refused (nothing changed), 2 usage error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rename, exclude, include or set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asset path inside the assets folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown action or wrong arguments: %1.

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done. To undo: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a preview PNG of an image (thumbnail) or a sound (waveform) in the project&apos;s cache and print its path.

Exit codes: 0 made, 1 the asset cannot be previewed, 2 usage error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert every asset through the cache and write the cartridge atomically.
A build with nothing changed reads no source file and leaves the cartridge as it is.

Exit codes: 0 built, 1 an asset failed (previous cartridge kept), 2 usage or I/O error, 130 cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cartridge to write (default: &lt;project&gt;/build/&lt;id&gt;.pcart).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built %1, cached %2, failed %3, excluded %4; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cartridge not written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; %1 s
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong number of arguments.

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operation failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List a cartridge&apos;s contents and verify it: header, table of contents, every entry&apos;s hash and the whole-file checksum.

Exit codes: 0 valid, 1 damaged or not a cartridge, 2 usage error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cartridge file (.pcart).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected exactly one cartridge file.

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 entries, %2 in the file (%3 unpacked), checksum %4: %5.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) damaged</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Convert assets through the cache and write the cartridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List and verify the contents of a cartridge file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename, exclude, include or set options of an asset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a thumbnail or waveform PNG of an asset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: prometeu &lt;command&gt; [options] &lt;project | cartridge&gt;

Prometeu Studio&apos;s command line: the same packer the Studio uses, for CI and terminals.

Commands:
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoctorOperation</name>
    <message>
        <source>%1 error(s), %2 warning(s), %3 note(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometeu does not know this file type; it will be stored in the cartridge as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Checked %n asset(s): no problems found.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Checked %1 assets: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Packer</name>
    <message>
        <source>Cancelled before it started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stopped on an internal error: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Concluído.</translation>
    </message>
    <message>
        <source>Scanning %1 of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Checking %n asset(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Building the cartridge of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making a preview of %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewOperation</name>
    <message>
        <source>%1 is a %2 asset; previews are made for images and sounds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no asset %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be previewed: it is not a readable image within the project&apos;s size limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be decoded: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the preview %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview of %1 is ready (%2x%3).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectLoader</name>
    <message>
        <source>&apos;%1&apos; must be %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required field &apos;%1&apos; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-empty string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an array of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-empty array of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown field &apos;%1&apos; is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Did you mean &apos;%1&apos;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid JSON: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The manifest must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;id&apos; must be 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;assets&apos; must be a folder inside the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;cartridge.compression&apos; must be &quot;zstd&quot; or &quot;none&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no project folder here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This folder has no prometeu.json, so it is not a Prometeu project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the manifest: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The manifest is larger than 1 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assets folder &apos;%1&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanIndex</name>
    <message>
        <source>Ignoring the scan index %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an entry has no path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanOperation</name>
    <message>
        <source>Found %1 %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found %1, which cannot be read as a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was modified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was renamed to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Found %n asset(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %n asset(s); nothing changed.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Found %1 assets: %2 added, %3 modified, %4 removed, %5 renamed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
