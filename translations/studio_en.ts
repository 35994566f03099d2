<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AssetConverter</name>
    <message numerus="yes">
        <source>The sound cannot be converted to %n channel(s) at %1 Hz: 1 or 2 channels at 8000 to 192000 Hz are supported.</source>
        <translation>
            <numerusform>The sound cannot be converted to %n channel at %1 Hz: 1 or 2 channels at 8000 to 192000 Hz are supported.</numerusform>
            <numerusform>The sound cannot be converted to %n channels at %1 Hz: 1 or 2 channels at 8000 to 192000 Hz are supported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The sound has %n channel(s) at %1 Hz and %2 frames; only mono or stereo sounds up to an hour long are supported.</source>
        <translation>
            <numerusform>The sound has %n channel at %1 Hz and %2 frames; only mono or stereo sounds up to an hour long are supported.</numerusform>
            <numerusform>The sound has %n channels at %1 Hz and %2 frames; only mono or stereo sounds up to an hour long are supported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AssetInspection</name>
    <message numerus="yes">
        <source>The sound has %n channel(s); only mono and stereo are supported.</source>
        <translation>
            <numerusform>The sound has %n channel; only mono and stereo are supported.</numerusform>
            <numerusform>The sound has %n channels; only mono and stereo are supported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BuildOperation</name>
    <message numerus="yes">
        <source>Building %n asset(s) into %1.</source>
        <translation>
            <numerusform>Building %n asset into %1.</numerusform>
            <numerusform>Building %n assets into %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged asset(s) still have converter warnings.</source>
        <translation>
            <numerusform>%n unchanged asset still has converter warnings.</numerusform>
            <numerusform>%n unchanged assets still have converter warnings.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them from the team cache (%1).</source>
        <translation>
            <numerusform>%n of them from the team cache (%1).</numerusform>
            <numerusform>%n of them from the team cache (%1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Team cache: %n warning(s).</source>
        <translation>
            <numerusform>Team cache: %n warning.</numerusform>
            <numerusform>Team cache: %n warnings.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Build failed: %n asset(s) could not be converted; the previous cartridge was left as it was.</source>
        <translation>
            <numerusform>Build failed: %n asset could not be converted; the previous cartridge was left as it was.</numerusform>
            <numerusform>Build failed: %n assets could not be converted; the previous cartridge was left as it was.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cartridge is up to date (%n asset(s), all cached).</source>
        <translation>
            <numerusform>Cartridge is up to date (%n asset, all cached).</numerusform>
            <numerusform>Cartridge is up to date (%n assets, all cached).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DiagnosticCounts</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation type="unfinished">
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation type="unfinished">
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation type="unfinished">
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DoctorOperation</name>
    <message numerus="yes">
        <source>Checked %n asset(s): no problems found.</source>
        <translation>
            <numerusform>Checked %n asset: no problems found.</numerusform>
            <numerusform>Checked %n assets: no problems found.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n asset(s): %1.</source>
        <translation>
            <numerusform>Checked %n asset: %1.</numerusform>
            <numerusform>Checked %n assets: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LiveReload</name>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> and %n more</numerusform>
            <numerusform> and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergedLog</name>
    <message numerus="yes">
        <source>%n log entries were dropped here to keep the log bounded; state changes and errors were kept.</source>
        <translation>
            <numerusform>%n log entry was dropped here to keep the log bounded; state changes and errors were kept.</numerusform>
            <numerusform>%n log entries were dropped here to keep the log bounded; state changes and errors were kept.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Packer</name>
    <message numerus="yes">
        <source>%1: %n file(s) found</source>
        <translation>
            <numerusform>%1: %n file found</numerusform>
            <numerusform>%1: %n files found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checking %n asset(s).</source>
        <translation>
            <numerusform>Checking %n asset.</numerusform>
            <numerusform>Checking %n assets.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prometeu::AssetTreeModel</name>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n asset(s)</source>
        <translation>
            <numerusform>%n asset</numerusform>
            <numerusform>%n assets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prometeu::MainWindow</name>
    <message numerus="yes">
        <source>%n asset(s)</source>
        <translation>
            <numerusform>%n asset</numerusform>
            <numerusform>%n assets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prometeu::OperationProgressIndicator</name>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n more)</numerusform>
            <numerusform> (+%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prometeu::ProjectCore</name>
    <message numerus="yes">
        <source>The event history is written again; %n event(s) could not be kept.</source>
        <translation>
            <numerusform>The event history is written again; %n event could not be kept.</numerusform>
            <numerusform>The event history is written again; %n events could not be kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) of an earlier session never finished; marked interrupted.</source>
        <translation>
            <numerusform>%n operation of an earlier session never finished; marked interrupted.</numerusform>
            <numerusform>%n operations of an earlier session never finished; marked interrupted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoteCacheStats</name>
    <message numerus="yes">
        <source>%n hit(s) (%1 down)</source>
        <translation>
            <numerusform>%n hit (%1 down)</numerusform>
            <numerusform>%n hits (%1 down)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n miss(es)</source>
        <translation>
            <numerusform>%n miss</numerusform>
            <numerusform>%n misses</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n uploaded (%1 up)</source>
        <translation>
            <numerusform>%n uploaded (%1 up)</numerusform>
            <numerusform>%n uploaded (%1 up)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n small asset(s) converted here</source>
        <translation>
            <numerusform>%n small asset converted here</numerusform>
            <numerusform>%n small assets converted here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upload(s) still going</source>
        <translation>
            <numerusform>%n upload still going</numerusform>
            <numerusform>%n uploads still going</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not uploaded</source>
        <translation>
            <numerusform>%n not uploaded</numerusform>
            <numerusform>%n not uploaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoteCacheStore</name>
    <message numerus="yes">
        <source>The team cache at %1 did not answer within %2 s (%n request(s)); what it would have provided was converted on this machine.</source>
        <translation>
            <numerusform>The team cache at %1 did not answer within %2 s (%n request); what it would have provided was converted on this machine.</numerusform>
            <numerusform>The team cache at %1 did not answer within %2 s (%n requests); what it would have provided was converted on this machine.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The team cache at %1 failed %n request(s) (%2); those assets were converted on this machine.</source>
        <translation>
            <numerusform>The team cache at %1 failed %n request (%2); that asset was converted on this machine.</numerusform>
            <numerusform>The team cache at %1 failed %n requests (%2); those assets were converted on this machine.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) from the team cache at %1 failed verification (%2) and were not used; they were converted on this machine.</source>
        <translation>
            <numerusform>%n object from the team cache at %1 failed verification (%2) and was not used; it was converted on this machine.</numerusform>
            <numerusform>%n objects from the team cache at %1 failed verification (%2) and were not used; they were converted on this machine.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conversion(s) were not uploaded to the team cache at %1: more than %2 was waiting to be sent.</source>
        <translation>
            <numerusform>%n conversion was not uploaded to the team cache at %1: more than %2 was waiting to be sent.</numerusform>
            <numerusform>%n conversions were not uploaded to the team cache at %1: more than %2 was waiting to be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n failed request(s) in a row the team cache at %1 was not asked again during this build.</source>
        <translation>
            <numerusform>After %n failed request in a row the team cache at %1 was not asked again during this build.</numerusform>
            <numerusform>After %n failed requests in a row the team cache at %1 was not asked again during this build.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanOperation</name>
    <message numerus="yes">
        <source>Found %n asset(s).</source>
        <translation>
            <numerusform>Found %n asset.</numerusform>
            <numerusform>Found %n assets.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %n asset(s); nothing changed.</source>
        <translation>
            <numerusform>Found %n asset; nothing changed.</numerusform>
            <numerusform>Found %n assets; nothing changed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Shipper</name>
    <message numerus="yes">
        <source>Pack validation found %n problem(s).</source>
        <translation>
            <numerusform>Pack validation found %n problem.</numerusform>
            <numerusform>Pack validation found %n problems.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cartridge verified: %n entries, every reference present, within the size limit.</source>
        <translation>
            <numerusform>Cartridge verified: %n entry, every reference present, within the size limit.</numerusform>
            <numerusform>Cartridge verified: %n entries, every reference present, within the size limit.</numerusform>
        </translation>
    </message>
</context>
</TS>
