<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
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
        <source>Doctor cancelled.
</source>
        <translation>Diagnóstico cancelado.
</translation>
    </message>
    <message>
        <source>Scan failed; see the messages above.
</source>
        <translation>A varredura falhou; veja as mensagens acima.
</translation>
    </message>
    <message>
        <source>Doctor failed; see the messages above.
</source>
        <translation>O diagnóstico falhou; veja as mensagens acima.
</translation>
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
        <source>Usage: prometeu &lt;command&gt; [options] &lt;project&gt;

Prometeu Studio&apos;s command line: the same packer the Studio uses, for CI and terminals.

Commands:
</source>
        <translation type="unfinished"></translation>
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
        <source>Scan cancelled.
</source>
        <translation>Varredura cancelada.
</translation>
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
