<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>ActionOperation</name>
    <message>
        <source>Not a valid action: %1.</source>
        <translation>Ação inválida: %1.</translation>
    </message>
    <message>
        <source>Renamed %1 to %2.</source>
        <translation>%1 renomeado para %2.</translation>
    </message>
    <message>
        <source>%1 is now left out of the cartridge.</source>
        <translation>%1 agora fica fora do cartucho.</translation>
    </message>
    <message>
        <source>%1 is now included in the cartridge.</source>
        <translation>%1 agora está incluído no cartucho.</translation>
    </message>
    <message>
        <source>Changed the options of %1.</source>
        <translation>As opções de %1 foram alteradas.</translation>
    </message>
    <message>
        <source>There is no asset %1.</source>
        <translation>Não existe o asset %1.</translation>
    </message>
    <message>
        <source>No option to set.</source>
        <translation>Nenhuma opção para definir.</translation>
    </message>
    <message>
        <source>%1 is not a path inside the assets folder.</source>
        <translation>%1 não é um caminho dentro da pasta de assets.</translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation>%1 já existe.</translation>
    </message>
    <message>
        <source>%1 would collide with %2 on Windows and macOS.</source>
        <translation>%1 colidiria com %2 no Windows e no macOS.</translation>
    </message>
    <message>
        <source>Cannot create the folder for %1.</source>
        <translation>Não é possível criar a pasta de %1.</translation>
    </message>
    <message>
        <source>Cannot rename %1: %2.</source>
        <translation>Não é possível renomear %1: %2.</translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <source>Scan</source>
        <translation>Exame</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>Diagnóstico</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Geração</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Prévia</translation>
    </message>
    <message>
        <source>Live reload</source>
        <translation>Recarga ao vivo</translation>
    </message>
</context>
<context>
    <name>AssetConversion</name>
    <message>
        <source>The file cannot be read: %1.</source>
        <translation>O arquivo não pode ser lido: %1.</translation>
    </message>
    <message>
        <source>The converted bytes (%1) could not be read back from the converter&apos;s output file: %2.</source>
        <translation>Os bytes convertidos (%1) não puderam ser lidos de volta do arquivo de saída do conversor: %2.</translation>
    </message>
</context>
<context>
    <name>AssetConverter</name>
    <message>
        <source>The sound cannot be decoded: %1.</source>
        <translation>O som não pode ser decodificado: %1.</translation>
    </message>
    <message>
        <source>The sound has no decodable samples.</source>
        <translation>O som não tem amostras decodificáveis.</translation>
    </message>
    <message>
        <source>The sound cannot be resampled: %1.</source>
        <translation>Não é possível reamostrar o som: %1.</translation>
    </message>
    <message>
        <source>The image is %1x%2 pixels; this project allows at most %3x%4.</source>
        <translation>A imagem tem %1x%2 pixels; este projeto permite no máximo %3x%4.</translation>
    </message>
    <message>
        <source>The image cannot be decoded (%1).</source>
        <translation>A imagem não pode ser decodificada (%1).</translation>
    </message>
    <message>
        <source>The image has more than 256 colours, so it is stored as RGBA8888 instead of indexed 8-bit.</source>
        <translation>A imagem tem mais de 256 cores, então é guardada como RGBA8888 em vez de indexada de 8 bits.</translation>
    </message>
    <message numerus="yes">
        <source>The sound cannot be converted to %n channel(s) at %1 Hz: 1 or 2 channels at 8000 to 192000 Hz are supported.</source>
        <translation>
            <numerusform>O som não pode ser convertido para %n canal a %1 Hz: são aceitos 1 ou 2 canais de 8000 a 192000 Hz.</numerusform>
            <numerusform>O som não pode ser convertido para %n canais a %1 Hz: são aceitos 1 ou 2 canais de 8000 a 192000 Hz.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The sound has %n channel(s) at %1 Hz and %2 frames; only mono or stereo sounds up to an hour long are supported.</source>
        <translation>
            <numerusform>O som tem %n canal a %1 Hz e %2 quadros; só são aceitos sons mono ou estéreo de até uma hora.</numerusform>
            <numerusform>O som tem %n canais a %1 Hz e %2 quadros; só são aceitos sons mono ou estéreo de até uma hora.</numerusform>
        </translation>
    </message>
    <message>
        <source>The sound is cut short: its header promises more samples than the file holds. What it holds (%1) was packed.</source>
        <translation>O som está incompleto: o cabeçalho promete mais amostras do que o arquivo contém. O que ele contém (%1) foi empacotado.</translation>
    </message>
    <message>
        <source>%L1 ms</source>
        <translation>%L1 ms</translation>
    </message>
    <message>
        <source>%L1 s</source>
        <translation>%L1 s</translation>
    </message>
    <message>
        <source>Prometeu does not know this file type; it is stored in the cartridge as it is.</source>
        <translation>O Prometeu não conhece este tipo de arquivo; ele é guardado no cartucho como está.</translation>
    </message>
</context>
<context>
    <name>AssetInspection</name>
    <message>
        <source>an unknown format</source>
        <translation>um formato desconhecido</translation>
    </message>
    <message>
        <source>The sound cannot be decoded: %1.</source>
        <translation>O som não pode ser decodificado: %1.</translation>
    </message>
    <message>
        <source>The file is named .%1 but contains %2; cartridges take WAV, Ogg Vorbis or FLAC.</source>
        <translation>O arquivo tem extensão .%1 mas contém %2; cartuchos aceitam WAV, Ogg Vorbis ou FLAC.</translation>
    </message>
    <message>
        <source>The sample rate %1 Hz is outside 8000 to 192000 Hz.</source>
        <translation>A taxa de amostragem de %1 Hz está fora do intervalo de 8000 a 192000 Hz.</translation>
    </message>
    <message>
        <source>The sound has no samples.</source>
        <translation>O som não tem amostras.</translation>
    </message>
    <message>
        <source>The sound data is corrupt: %1.</source>
        <translation>Os dados do som estão corrompidos: %1.</translation>
    </message>
    <message>
        <source>The sound is cut short: its header promises more samples than the file holds. A build packs what it holds.</source>
        <translation>O som está truncado: o cabeçalho promete mais amostras do que o arquivo contém. Um build empacota o que ele contém.</translation>
    </message>
    <message>
        <source>JSON syntax error: %1.</source>
        <translation>Erro de sintaxe JSON: %1.</translation>
    </message>
    <message>
        <source>The text is not valid UTF-8 (byte 0x%1); save it as UTF-8.</source>
        <translation>O texto não é UTF-8 válido (byte 0x%1); salve-o como UTF-8.</translation>
    </message>
    <message>
        <source>A TMX tile map must start with &lt;map&gt;, not &lt;%1&gt;.</source>
        <translation>Um mapa de tiles TMX deve começar com &lt;map&gt;, não com &lt;%1&gt;.</translation>
    </message>
    <message>
        <source>The tile map is not well-formed XML: %1.</source>
        <translation>O mapa de tiles não é um XML bem formado: %1.</translation>
    </message>
    <message>
        <source>the path is longer than %1 bytes</source>
        <translation>o caminho tem mais de %1 bytes</translation>
    </message>
    <message>
        <source>it contains a control character</source>
        <translation>contém um caractere de controle</translation>
    </message>
    <message>
        <source>it contains &apos;%1&apos;</source>
        <translation>contém &apos;%1&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; starts or ends with a space or ends with a dot</source>
        <translation>&apos;%1&apos; começa ou termina com espaço ou termina com ponto</translation>
    </message>
    <message>
        <source>The cartridge cannot hold this name: %1. Rename the file.</source>
        <translation>O cartucho não aceita este nome: %1. Renomeie o arquivo.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a reserved device name on Windows; teammates there cannot check it out.</source>
        <translation>&apos;%1&apos; é um nome de dispositivo reservado no Windows; colegas de equipe nesse sistema não conseguem obtê-lo.</translation>
    </message>
    <message>
        <source>The name differs only in letter case from %1; they collide on Windows and macOS and in the cartridge.</source>
        <translation>O nome difere de %1 só em maiúsculas/minúsculas; eles colidem no Windows, no macOS e no cartucho.</translation>
    </message>
    <message>
        <source>This symbolic link loops back on itself (target: %1).</source>
        <translation>Este link simbólico aponta para si mesmo em ciclo (destino: %1).</translation>
    </message>
    <message>
        <source>This symbolic link points outside the project (%1); copy the file into the project instead.</source>
        <translation>Este link simbólico aponta para fora do projeto (%1); copie o arquivo para dentro do projeto.</translation>
    </message>
    <message>
        <source>This symbolic link points to %1, which does not exist.</source>
        <translation>Este link simbólico aponta para %1, que não existe.</translation>
    </message>
    <message>
        <source>This is not a regular file (a pipe, socket or device) and cannot be packed.</source>
        <translation>Este não é um arquivo comum (é um pipe, socket ou dispositivo) e não pode ser empacotado.</translation>
    </message>
    <message>
        <source>The file name is not valid UTF-8; rename the file.</source>
        <translation>O nome do arquivo não é UTF-8 válido; renomeie o arquivo.</translation>
    </message>
    <message>
        <source>Folders are nested more than %1 levels deep here; the rest is not scanned.</source>
        <translation>As pastas aqui passam de %1 níveis de profundidade; o restante não é examinado.</translation>
    </message>
    <message>
        <source>The file disappeared after it was scanned; scan again.</source>
        <translation>O arquivo sumiu depois de ser examinado; examine de novo.</translation>
    </message>
    <message>
        <source>The file cannot be read: %1.</source>
        <translation>O arquivo não pode ser lido: %1.</translation>
    </message>
    <message>
        <source>The file is empty (0 bytes).</source>
        <translation>O arquivo está vazio (0 bytes).</translation>
    </message>
    <message>
        <source>The file is %1, more than the whole cartridge may hold (%2).</source>
        <translation>O arquivo tem %1, mais do que o cartucho inteiro pode conter (%2).</translation>
    </message>
    <message>
        <source>The file is %1, more than the whole cartridge may hold (%2); it fits only if converting it makes it smaller.</source>
        <translation>O arquivo tem %1, mais do que o cartucho inteiro pode conter (%2); só cabe se a conversão o deixar menor.</translation>
    </message>
    <message>
        <source>This is not a readable image (%1).</source>
        <translation>Esta não é uma imagem legível (%1).</translation>
    </message>
    <message>
        <source>The file is named .%1 but contains a %2 image.</source>
        <translation>O arquivo tem extensão .%1 mas contém uma imagem %2.</translation>
    </message>
    <message>
        <source>The image is %1x%2 pixels; this project allows at most %3x%4.</source>
        <translation>A imagem tem %1x%2 pixels; este projeto permite no máximo %3x%4.</translation>
    </message>
    <message>
        <source>The %1 file is cut short; its end is missing.</source>
        <translation>O arquivo %1 está truncado; falta o final.</translation>
    </message>
    <message>
        <source>The image data is corrupt (%1).</source>
        <translation>Os dados da imagem estão corrompidos (%1).</translation>
    </message>
    <message>
        <source>A TSX tile set must start with &lt;tileset&gt;, not &lt;%1&gt;.</source>
        <translation>Um tileset TSX deve começar com &lt;tileset&gt;, não com &lt;%1&gt;.</translation>
    </message>
    <message>
        <source>The tile map has no root element.</source>
        <translation>O mapa de tiles não tem elemento raiz.</translation>
    </message>
    <message numerus="yes">
        <source>The sound has %n channel(s); only mono and stereo are supported.</source>
        <translation>
            <numerusform>O som tem %n canal; só mono e estéreo são aceitos.</numerusform>
            <numerusform>O som tem %n canais; só mono e estéreo são aceitos.</numerusform>
        </translation>
    </message>
    <message>
        <source>The PNG data is damaged: the chunk at byte %1 has no valid type.</source>
        <translation>Os dados PNG estão danificados: o bloco no byte %1 não tem um tipo válido.</translation>
    </message>
    <message>
        <source>The PNG data is damaged: its %1 chunk (at byte %2) fails its checksum.</source>
        <translation>Os dados PNG estão danificados: o bloco %1 (no byte %2) não confere com sua soma de verificação.</translation>
    </message>
    <message>
        <source>The PNG file is cut short; its end is missing.</source>
        <translation>O arquivo PNG está incompleto; falta o seu final.</translation>
    </message>
    <message>
        <source>it can be read now; scan again</source>
        <translation>agora pode ser lida; examine de novo</translation>
    </message>
    <message>
        <source>This folder cannot be read (%1): its files are not packed.</source>
        <translation>Esta pasta não pode ser lida (%1): seus arquivos não são empacotados.</translation>
    </message>
</context>
<context>
    <name>AssetOptions</name>
    <message>
        <source>&apos;%1&apos; is not a valid option (exclude: true/false, pixel_format: &quot;rgba8888&quot;/&quot;indexed8&quot;, sample_rate: 8000 to 192000)</source>
        <translation>&apos;%1&apos; não é uma opção válida (exclude: true/false, pixel_format: &quot;rgba8888&quot;/&quot;indexed8&quot;, sample_rate: 8000 a 192000)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Não é possível ler %1: %2.</translation>
    </message>
    <message>
        <source>invalid JSON: %1.</source>
        <translation>JSON inválido: %1.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>Não é possível gravar %1: %2.</translation>
    </message>
</context>
<context>
    <name>BuildCache</name>
    <message>
        <source>the header is damaged</source>
        <translation>o cabeçalho está danificado</translation>
    </message>
    <message>
        <source>it is truncated or has the wrong size</source>
        <translation>está truncado ou tem o tamanho errado</translation>
    </message>
    <message>
        <source>its content does not match its checksum</source>
        <translation>o conteúdo não confere com o checksum</translation>
    </message>
    <message>
        <source>Cannot write the cache entry %1: %2.</source>
        <translation>Não é possível gravar a entrada de cache %1: %2.</translation>
    </message>
    <message>
        <source>Cannot read the converted bytes to store them in the cache.</source>
        <translation>Não foi possível ler os bytes convertidos para guardá-los no cache.</translation>
    </message>
    <message>
        <source>Cannot make the cache folder %1.</source>
        <translation>Não foi possível criar a pasta do cache %1.</translation>
    </message>
    <message>
        <source>Cannot open the cache index %1: %2.</source>
        <translation>Não foi possível abrir o índice do cache %1: %2.</translation>
    </message>
    <message>
        <source>Cannot store %1 in the cache: not a cache key.</source>
        <translation>Não foi possível guardar %1 no cache: não é uma chave de cache.</translation>
    </message>
    <message>
        <source>Cannot open the cache pack %1: %2.</source>
        <translation>Não foi possível abrir o pacote do cache %1: %2.</translation>
    </message>
    <message>
        <source>Cannot write to the cache pack %1: %2.</source>
        <translation>Não foi possível escrever no pacote do cache %1: %2.</translation>
    </message>
    <message>
        <source>Cannot write to the cache index in %1: %2.</source>
        <translation>Não foi possível escrever no índice do cache em %1: %2.</translation>
    </message>
</context>
<context>
    <name>BuildOperation</name>
    <message numerus="yes">
        <source>Building %n asset(s) into %1.</source>
        <translation>
            <numerusform>Gerando %n asset em %1.</numerusform>
            <numerusform>Gerando %n assets em %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The cached conversion was damaged (%1); converted again.</source>
        <translation>A conversão em cache estava danificada (%1); convertida de novo.</translation>
    </message>
    <message>
        <source>%1 could not be converted.</source>
        <translation>%1 não pôde ser convertido.</translation>
    </message>
    <message>
        <source>Converted %1.</source>
        <translation>%1 convertido.</translation>
    </message>
    <message numerus="yes">
        <source>Build failed: %n asset(s) could not be converted; the previous cartridge was left as it was.</source>
        <translation>
            <numerusform>Falha na geração: %n asset não pôde ser convertido; o cartucho anterior foi mantido como estava.</numerusform>
            <numerusform>Falha na geração: %n assets não puderam ser convertidos; o cartucho anterior foi mantido como estava.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cartridge is up to date (%n asset(s), all cached).</source>
        <translation>
            <numerusform>O cartucho está atualizado (%n asset, em cache).</numerusform>
            <numerusform>O cartucho está atualizado (%n assets, todos em cache).</numerusform>
        </translation>
    </message>
    <message>
        <source>Build failed: the cartridge would be %1, over the project&apos;s limit of %2.</source>
        <translation>Falha na geração: o cartucho teria %1, acima do limite de %2 do projeto.</translation>
    </message>
    <message>
        <source>Built %1, %2 from cache: %3 (%4) in %5 s.</source>
        <translation>Gerados %1, %2 do cache: %3 (%4) em %5 s.</translation>
    </message>
    <message numerus="yes">
        <source>%n of them from the team cache (%1).</source>
        <translation>
            <numerusform>%n deles do cache da equipe (%1).</numerusform>
            <numerusform>%n deles do cache da equipe (%1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Team cache: %n warning(s).</source>
        <translation>
            <numerusform>Cache da equipe: %n aviso.</numerusform>
            <numerusform>Cache da equipe: %n avisos.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could no longer be read from the cache or the previous cartridge</source>
        <translation>%1 não pôde mais ser lido do cache nem do cartucho anterior</translation>
    </message>
    <message>
        <source>%1 came from the team cache.</source>
        <translation>%1 veio do cache da equipe.</translation>
    </message>
    <message>
        <source>%1 came from the cache.</source>
        <translation>%1 veio do cache.</translation>
    </message>
    <message>
        <source>Converted %1: %2.</source>
        <translation>%1 convertido: %2.</translation>
    </message>
    <message>
        <source>The file changed while the build was running; build again to convert what it holds now.</source>
        <translation>O arquivo mudou durante a geração; gere de novo para converter o que ele contém agora.</translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged asset(s) still have converter warnings.</source>
        <translation>
            <numerusform>%n asset inalterado ainda tem avisos do conversor.</numerusform>
            <numerusform>%n assets inalterados ainda têm avisos do conversor.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BuildReason</name>
    <message>
        <source>a rebuild was asked for</source>
        <translation>uma reconstrução foi pedida</translation>
    </message>
    <message>
        <source>it is new</source>
        <translation>é novo</translation>
    </message>
    <message>
        <source>it failed last time</source>
        <translation>falhou da última vez</translation>
    </message>
    <message>
        <source>its file changed</source>
        <translation>seu arquivo mudou</translation>
    </message>
    <message>
        <source>its converter was updated</source>
        <translation>seu conversor foi atualizado</translation>
    </message>
    <message>
        <source>something it uses changed</source>
        <translation>algo que ele usa mudou</translation>
    </message>
    <message>
        <source>%1, which it uses, changed</source>
        <translation>%1, que ele usa, mudou</translation>
    </message>
    <message>
        <source>its options changed</source>
        <translation>suas opções mudaram</translation>
    </message>
    <message>
        <source>the cartridge did not hold it yet</source>
        <translation>o cartucho ainda não o tinha</translation>
    </message>
    <message>
        <source>the cache no longer had it</source>
        <translation>o cache não o tinha mais</translation>
    </message>
    <message>
        <source>its cached conversion was damaged</source>
        <translation>sua conversão no cache estava danificada</translation>
    </message>
</context>
<context>
    <name>BuildState</name>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>Não é possível gravar %1: %2.</translation>
    </message>
</context>
<context>
    <name>Cartridge</name>
    <message>
        <source>Cannot write the cartridge %1: %2</source>
        <translation>Não é possível gravar o cartucho %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a valid cartridge: %2.</source>
        <translation>%1 não é um cartucho válido: %2.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation>Não é possível abrir %1: %2.</translation>
    </message>
    <message>
        <source>the file is too short (%1 bytes)</source>
        <translation>o arquivo é curto demais (%1 bytes)</translation>
    </message>
    <message>
        <source>it does not start with the PROMETEU signature</source>
        <translation>não começa com a assinatura PROMETEU</translation>
    </message>
    <message>
        <source>format version %1 is not supported (this build reads %2)</source>
        <translation>a versão de formato %1 não é suportada (esta versão lê a %2)</translation>
    </message>
    <message>
        <source>it is truncated (%1 of %2 bytes)</source>
        <translation>está truncado (%1 de %2 bytes)</translation>
    </message>
    <message>
        <source>it has %1 unexpected trailing bytes</source>
        <translation>tem %1 bytes inesperados no final</translation>
    </message>
    <message>
        <source>its table of contents lies outside the file</source>
        <translation>o índice fica fora do arquivo</translation>
    </message>
    <message>
        <source>it claims %1 entries, more than its table of contents holds</source>
        <translation>declara %1 entradas, mais do que o índice comporta</translation>
    </message>
    <message>
        <source>its checksum does not match; the file is damaged</source>
        <translation>o checksum não confere; o arquivo está danificado</translation>
    </message>
    <message>
        <source>entry %1 is cut off</source>
        <translation>a entrada %1 está cortada</translation>
    </message>
    <message>
        <source>entry %1 has a bad name length</source>
        <translation>a entrada %1 tem um comprimento de nome inválido</translation>
    </message>
    <message>
        <source>entry %1&apos;s name is not UTF-8</source>
        <translation>o nome da entrada %1 não é UTF-8</translation>
    </message>
    <message>
        <source>entry %1 has an unknown kind %2</source>
        <translation>a entrada %1 tem um tipo desconhecido %2</translation>
    </message>
    <message>
        <source>entry %1 has an unknown compression %2</source>
        <translation>a entrada %1 tem uma compressão desconhecida %2</translation>
    </message>
    <message>
        <source>entry %1 points outside the data area</source>
        <translation>a entrada %1 aponta para fora da área de dados</translation>
    </message>
    <message>
        <source>entry %1 declares an impossible size</source>
        <translation>a entrada %1 declara um tamanho impossível</translation>
    </message>
    <message>
        <source>its table of contents and data do not line up</source>
        <translation>o índice e os dados não batem</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Não é possível ler %1: %2.</translation>
    </message>
    <message>
        <source>Entry %1 is cut short.</source>
        <translation>A entrada %1 está truncada.</translation>
    </message>
    <message>
        <source>Entry %1&apos;s compressed size header is inconsistent.</source>
        <translation>O cabeçalho de tamanho comprimido da entrada %1 é inconsistente.</translation>
    </message>
    <message>
        <source>Entry %1 does not decompress: %2.</source>
        <translation>A entrada %1 não descomprime: %2.</translation>
    </message>
    <message>
        <source>Entry %1&apos;s content does not match its hash.</source>
        <translation>O conteúdo da entrada %1 não confere com o hash.</translation>
    </message>
    <message>
        <source>Cannot read %1 again: %2.</source>
        <translation>Não é possível ler %1 de novo: %2.</translation>
    </message>
    <message>
        <source>%1 changed size while the cartridge was written</source>
        <translation>%1 mudou de tamanho enquanto o cartucho era escrito</translation>
    </message>
    <message>
        <source>not every entry was written</source>
        <translation>nem todas as entradas foram escritas</translation>
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
        <translation>Escrever cada evento do packer no stdout em &lt;format&gt;; &apos;jsonl&apos; é um envelope JSON por linha. A saída para pessoas vai então para o stderr.</translation>
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
        <source>Scan a project and check every asset: broken or truncated files, images over the size limit, undecodable audio, JSON syntax errors, bad names and links.
Diagnostics are printed as file:line:column: severity: message [code].

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error, 130 cancelled.</source>
        <translation>Examinar um projeto e verificar cada asset: arquivos quebrados ou truncados, imagens acima do limite de tamanho, áudio que não decodifica, erros de sintaxe JSON, nomes e links ruins.
Os diagnósticos saem como arquivo:linha:coluna: gravidade: mensagem [código].

Códigos de saída: 0 sem erros (avisos permitidos), 1 erros encontrados, 2 erro de uso ou de E/S, 130 cancelado.</translation>
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
        <translation>
Execute &apos;prometeu &lt;comando&gt; --help&apos; para ver as opções de um comando.
Opções comuns: --events jsonl (eventos legíveis por máquina no stdout), --jobs N (threads de trabalho).
Formato dos eventos: docs/events.md. Formato do projeto: docs/project-format.md.
</translation>
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
        <translation>Encontrar e classificar cada asset de um projeto e relatar o que mudou desde o último exame.

Códigos de saída: 0 concluído, 2 erro de uso ou de E/S, 130 cancelado.</translation>
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
        <translation>
            <numerusform>%n mudança</numerusform>
            <numerusform>%n mudanças</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not key=value.</source>
        <translation>&apos;%1&apos; não está no formato chave=valor.</translation>
    </message>
    <message>
        <source>Change the project&apos;s assets. Options are kept in &lt;project&gt;/prometeu.assets.json.

  rename &lt;asset&gt; &lt;new-path&gt;      move or rename an asset (and its options)
  exclude &lt;asset&gt;                leave an asset out of the cartridge
  include &lt;asset&gt;                put it back
  set &lt;asset&gt; key=value...       pixel_format=rgba8888|indexed8, sample_rate=8000..192000, or key=default

Prints the inverse action (for undo) as JSON on success.
Exit codes: 0 applied, 1 refused (nothing changed), 2 usage error.</source>
        <translation>Alterar os assets do projeto. As opções ficam em &lt;project&gt;/prometeu.assets.json.

  rename &lt;asset&gt; &lt;novo-caminho&gt;  move ou renomeia um asset (e suas opções)
  exclude &lt;asset&gt;                deixa um asset fora do cartucho
  include &lt;asset&gt;                coloca-o de volta
  set &lt;asset&gt; chave=valor...     pixel_format=rgba8888|indexed8, sample_rate=8000..192000, ou chave=default

Em caso de sucesso, mostra a ação inversa (para desfazer) em JSON.
Códigos de saída: 0 aplicada, 1 recusada (nada mudou), 2 erro de uso.</translation>
    </message>
    <message>
        <source>rename, exclude, include or set.</source>
        <translation>rename, exclude, include ou set.</translation>
    </message>
    <message>
        <source>Unknown action or wrong arguments: %1.

</source>
        <translation>Ação desconhecida ou argumentos errados: %1.

</translation>
    </message>
    <message>
        <source>Done. To undo: </source>
        <translation>Feito. Para desfazer: </translation>
    </message>
    <message>
        <source>Make a preview PNG of an image (thumbnail) or a sound (waveform) in the project&apos;s cache and print its path.

Exit codes: 0 made, 1 the asset cannot be previewed, 2 usage error.</source>
        <translation>Gerar uma prévia PNG de uma imagem (miniatura) ou de um som (forma de onda) no cache do projeto e mostrar seu caminho.

Códigos de saída: 0 gerada, 1 o asset não tem prévia, 2 erro de uso.</translation>
    </message>
    <message>
        <source>Convert every asset through the cache and write the cartridge atomically.
A build with nothing changed reads no source file and leaves the cartridge as it is.

Exit codes: 0 built, 1 an asset failed (previous cartridge kept), 2 usage or I/O error, 130 cancelled.</source>
        <translation>Converter cada asset pelo cache e gravar o cartucho de forma atômica.
Uma geração sem mudanças não lê nenhum arquivo de origem e deixa o cartucho como está.

Códigos de saída: 0 gerado, 1 um asset falhou (cartucho anterior mantido), 2 erro de uso ou de E/S, 130 cancelado.</translation>
    </message>
    <message>
        <source>Cartridge to write (default: &lt;project&gt;/build/&lt;id&gt;.pcart).</source>
        <translation>Cartucho a gravar (padrão: &lt;project&gt;/build/&lt;id&gt;.pcart).</translation>
    </message>
    <message>
        <source>built %1, cached %2, failed %3, excluded %4; </source>
        <translation>gerados %1, em cache %2, com falha %3, deixados de fora %4; </translation>
    </message>
    <message>
        <source>cartridge not written</source>
        <translation>cartucho não gravado</translation>
    </message>
    <message>
        <source>written</source>
        <translation>gravado</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>atualizado</translation>
    </message>
    <message>
        <source>; %1 s
</source>
        <translation>; %1 s
</translation>
    </message>
    <message>
        <source>Wrong number of arguments.

</source>
        <translation>Número errado de argumentos.

</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.
</source>
        <translation>Cancelado; nada foi alterado.
</translation>
    </message>
    <message>
        <source>The operation failed.</source>
        <translation>A operação falhou.</translation>
    </message>
    <message>
        <source>List a cartridge&apos;s contents and verify it: header, table of contents, every entry&apos;s hash and the whole-file checksum.

Exit codes: 0 valid, 1 damaged or not a cartridge, 2 usage error.</source>
        <translation>Listar o conteúdo de um cartucho e verificá-lo: cabeçalho, índice, o hash de cada entrada e o checksum do arquivo inteiro.

Códigos de saída: 0 válido, 1 danificado ou não é um cartucho, 2 erro de uso.</translation>
    </message>
    <message>
        <source>Cartridge file (.pcart).</source>
        <translation>Arquivo de cartucho (.pcart).</translation>
    </message>
    <message>
        <source>Expected exactly one cartridge file.

</source>
        <translation>Era esperado exatamente um arquivo de cartucho.

</translation>
    </message>
    <message>
        <source>%1 entries, %2 in the file (%3 unpacked), checksum %4: %5.
</source>
        <translation>%1 entradas, %2 no arquivo (%3 descompactado), checksum %4: %5.
</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verificado</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) damaged</source>
        <translation>
            <numerusform>%n entrada danificada</numerusform>
            <numerusform>%n entradas danificadas</numerusform>
        </translation>
    </message>
    <message>
        <source>Convert assets through the cache and write the cartridge.</source>
        <translation>Converter os assets pelo cache e gravar o cartucho.</translation>
    </message>
    <message>
        <source>List and verify the contents of a cartridge file.</source>
        <translation>Listar e verificar o conteúdo de um arquivo de cartucho.</translation>
    </message>
    <message>
        <source>Rename, exclude, include or set options of an asset.</source>
        <translation>Renomear, deixar de fora, incluir ou definir opções de um asset.</translation>
    </message>
    <message>
        <source>Make a thumbnail or waveform PNG of an asset.</source>
        <translation>Gerar uma miniatura ou forma de onda PNG de um asset.</translation>
    </message>
    <message>
        <source>Usage: prometeu &lt;command&gt; [options] &lt;project | cartridge&gt;

Prometeu Studio&apos;s command line: the same packer the Studio uses, for CI and terminals.

Commands:
</source>
        <translation>Uso: prometeu &lt;comando&gt; [opções] &lt;projeto | cartucho&gt;

A linha de comando do Prometeu Studio: o mesmo packer que o Studio usa, para CI e terminais.

Comandos:
</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Cancelando...</translation>
    </message>
    <message>
        <source>Prepare the cartridge, run the game and stream the merged log; Ctrl-C stops.</source>
        <translation>Preparar o cartucho, rodar o jogo e transmitir o log unificado; Ctrl-C para.</translation>
    </message>
    <message>
        <source>Build, validate and pack the cartridge, start the runtime and stream the merged log (build, pack-validation, pack, runtime, studio) until the game ends. Ctrl-C is Stop.

Exit codes: 0 stopped, 1 preparation failed, 3 the runtime failed, 2 usage error.</source>
        <translation>Gerar, validar e empacotar o cartucho, iniciar o runtime e transmitir o log unificado (build, pack-validation, pack, runtime, studio) até o jogo terminar. Ctrl-C equivale a Parar.

Códigos de saída: 0 parado, 1 a preparação falhou, 3 o runtime falhou, 2 erro de uso.</translation>
    </message>
    <message>
        <source>Show debug lines too (cache hits, frames).</source>
        <translation>Mostrar também as linhas de depuração (acertos de cache, quadros).</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>Parando...</translation>
    </message>
    <message>
        <source>Serve a project&apos;s events live (SSE, WebSocket) and its history on 127.0.0.1.</source>
        <translation>Servir ao vivo os eventos de um projeto (SSE, WebSocket) e seu histórico em 127.0.0.1.</translation>
    </message>
    <message>
        <source>Follow a served project&apos;s events in the terminal, reconnecting as needed.</source>
        <translation>Acompanhar no terminal os eventos de um projeto servido, reconectando quando preciso.</translation>
    </message>
    <message>
        <source>Serve a project&apos;s events live on 127.0.0.1: Server-Sent Events at /events, a WebSocket at /ws, the history at /operations, and POST /operations, /session/play, /session/stop. The first line of stdout is {&quot;url&quot;: ..., &quot;token&quot;: ...}. Ctrl-C stops.
Wire contract: docs/streaming.md.</source>
        <translation>Servir ao vivo os eventos de um projeto em 127.0.0.1: Server-Sent Events em /events, um WebSocket em /ws, o histórico em /operations, e POST /operations, /session/play, /session/stop. A primeira linha do stdout é {&quot;url&quot;: ..., &quot;token&quot;: ...}. Ctrl-C para.
Contrato do protocolo: docs/streaming.md.</translation>
    </message>
    <message>
        <source>Port to listen on (0: any free port, printed).</source>
        <translation>Porta a escutar (0: qualquer porta livre, mostrada).</translation>
    </message>
    <message>
        <source>Token clients must present (default: a new random one).</source>
        <translation>Token que os clientes devem apresentar (padrão: um novo, aleatório).</translation>
    </message>
    <message>
        <source>Seconds between heartbeat comments on idle streams.</source>
        <translation>Segundos entre comentários de heartbeat em streams ociosos.</translation>
    </message>
    <message>
        <source>Largest size of the history database, in MiB.</source>
        <translation>Tamanho máximo do banco de histórico, em MiB.</translation>
    </message>
    <message>
        <source>--port must be a number from 0 to 65535.
</source>
        <translation>--port deve ser um número de 0 a 65535.
</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) of an earlier run never finished; marked interrupted.
</source>
        <translation>
            <numerusform>%n operação de uma execução anterior não terminou; marcada como interrompida.
</numerusform>
            <numerusform>%n operações de uma execução anterior não terminaram; marcadas como interrompidas.
</numerusform>
        </translation>
    </message>
    <message>
        <source>Serving %1 at %2 (Ctrl-C stops).
</source>
        <translation>Servindo %1 em %2 (Ctrl-C para).
</translation>
    </message>
    <message>
        <source>The server refused: %1 (%2).</source>
        <translation>O servidor recusou: %1 (%2).</translation>
    </message>
    <message>
        <source>Connection lost (%1); reconnecting after event %2...</source>
        <translation>Conexão perdida (%1); reconectando após o evento %2...</translation>
    </message>
    <message>
        <source>Follow a served project&apos;s events: progress bars for running operations, lifecycle and log lines. Reconnects with Last-Event-ID when the connection drops, without printing anything twice.

Exit codes: with --operation, 0 succeeded, 1 failed, 130 cancelled, 3 it vanished; 2 usage error or refused; otherwise 130 on Ctrl-C.</source>
        <translation>Acompanhar os eventos de um projeto servido: barras de progresso das operações em andamento, linhas de ciclo de vida e de log. Reconecta com Last-Event-ID quando a conexão cai, sem mostrar nada duas vezes.

Códigos de saída: com --operation, 0 sucesso, 1 falha, 130 cancelada, 3 desapareceu; 2 erro de uso ou recusa; caso contrário 130 no Ctrl-C.</translation>
    </message>
    <message>
        <source>The server&apos;s URL, as `prometeu serve` printed it.</source>
        <translation>A URL do servidor, como o `prometeu serve` mostrou.</translation>
    </message>
    <message>
        <source>The server&apos;s token.</source>
        <translation>O token do servidor.</translation>
    </message>
    <message>
        <source>Follow one operation (its history, then live) and exit with its outcome.</source>
        <translation>Acompanhar uma operação (seu histórico, depois ao vivo) e sair com o resultado dela.</translation>
    </message>
    <message>
        <source>Only these event kinds (repeatable or comma-separated).</source>
        <translation>Só estes tipos de evento (repetível ou separados por vírgula).</translation>
    </message>
    <message>
        <source>Only these sources: packer, session, build, pack-validation, pack, runtime, studio.</source>
        <translation>Só estas origens: packer, session, build, pack-validation, pack, runtime, studio.</translation>
    </message>
    <message>
        <source>--url http://... and --token are required.</source>
        <translation>--url http://... e --token são obrigatórios.</translation>
    </message>
    <message>
        <source>Watching %1 for changes (Ctrl-C stops).
</source>
        <translation>Observando %1 em busca de mudanças (Ctrl-C para).
</translation>
    </message>
    <message>
        <source>After the build, build again whenever the project changes on disk, until Ctrl-C.</source>
        <translation>Depois da compilação, compila de novo sempre que o projeto muda no disco, até Ctrl-C.</translation>
    </message>
    <message>
        <source>Going on without history: %1
</source>
        <translation>Seguindo sem histórico: %1
</translation>
    </message>
    <message>
        <source>Run the reference runtime without a window (it also goes without one when there is no display).</source>
        <translation>Rodar o runtime de referência sem janela (ele também roda sem janela quando não há tela).</translation>
    </message>
    <message>
        <source>Live reload: while the game runs, rebuild what changes on disk and reload it into the game.</source>
        <translation>Recarga ao vivo: enquanto o jogo roda, gerar de novo o que muda no disco e recarregá-lo no jogo.</translation>
    </message>
    <message>
        <source>Share converted assets through the team cache at &lt;url&gt; (an HTTP cache: nginx WebDAV, bazel-remote); overrides prometeu.json and your settings. A token is read from PROMETEU_REMOTE_CACHE_TOKEN. See docs/remote-cache.md.</source>
        <translation>Compartilhar assets convertidos pelo cache da equipe em &lt;url&gt; (um cache HTTP: nginx WebDAV, bazel-remote); tem precedência sobre o prometeu.json e suas configurações. O token é lido de PROMETEU_REMOTE_CACHE_TOKEN. Veja docs/remote-cache.md.</translation>
    </message>
    <message>
        <source>Use only this machine&apos;s cache, whatever is configured.</source>
        <translation>Usar só o cache desta máquina, seja qual for a configuração.</translation>
    </message>
    <message>
        <source>--remote-cache and --no-remote-cache cannot be used together.
</source>
        <translation>--remote-cache e --no-remote-cache não podem ser usados juntos.
</translation>
    </message>
    <message>
        <source>Convert again even what the cache holds: every asset, or the one named (repeat for several). &apos;prometeu explain&apos; then says &quot;forced&quot;.</source>
        <translation>Converte de novo mesmo o que está no cache: todos os assets, ou o indicado (repita para vários). &apos;prometeu explain&apos; então diz &quot;forçado&quot;.</translation>
    </message>
    <message>
        <source>Convert every asset again.</source>
        <translation>Converte todos os assets de novo.</translation>
    </message>
    <message>
        <source>Convert assets in this process instead of in prometeu-worker processes (for debugging a converter; a crash then ends the command). Also PROMETEU_IN_PROCESS_CONVERTERS=1.</source>
        <translation>Converte os assets neste processo em vez de em processos prometeu-worker (para depurar um conversor; uma falha então encerra o comando). Também PROMETEU_IN_PROCESS_CONVERTERS=1.</translation>
    </message>
    <message>
        <source>%1 points outside the assets folder</source>
        <translation>%1 aponta para fora da pasta de assets</translation>
    </message>
    <message>
        <source>%1 is not in the assets folder</source>
        <translation>%1 não está na pasta de assets</translation>
    </message>
    <message>
        <source>Show what assets use: a map&apos;s tile sets and images, the asset paths JSON data names, the modules a script requires (docs/dependencies.md). With an asset: what it uses, what uses it, and what a change to it rebuilds. Without: every asset that uses or is used, what is missing, cycles, and the assets nobody names.

Exit codes: 0 every dependency present, 1 missing dependencies or cycles, 2 usage or I/O error.</source>
        <translation>Mostra o que os assets usam: os tilesets e imagens de um mapa, os caminhos de assets citados em dados JSON, os módulos que um script requer (docs/dependencies.md). Com um asset: o que ele usa, o que o usa e o que uma mudança nele reconstrói. Sem: todo asset que usa ou é usado, o que falta, ciclos e os assets que ninguém cita.

Códigos de saída: 0 todas as dependências presentes, 1 dependências ausentes ou ciclos, 2 erro de uso ou de E/S.</translation>
    </message>
    <message>
        <source>Print the graph in Graphviz dot (prometeu deps . --dot | dot -Tsvg &gt; deps.svg).</source>
        <translation>Imprime o grafo em Graphviz dot (prometeu deps . --dot | dot -Tsvg &gt; deps.svg).</translation>
    </message>
    <message>
        <source>Print the graph as JSON.</source>
        <translation>Imprime o grafo como JSON.</translation>
    </message>
    <message>
        <source>Print only the assets nobody names, one per line.</source>
        <translation>Imprime só os assets que ninguém cita, um por linha.</translation>
    </message>
    <message>
        <source>%1 is not an asset of this project.
</source>
        <translation>%1 não é um asset deste projeto.
</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>Usa</translation>
    </message>
    <message>
        <source>Uses, through those</source>
        <translation>Usa, através desses</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>Usado por</translation>
    </message>
    <message>
        <source>A change to it rebuilds</source>
        <translation>Uma mudança nele reconstrói</translation>
    </message>
    <message>
        <source>Missing: </source>
        <translation>Ausente: </translation>
    </message>
    <message>
        <source>Nothing names it: the game may not use it.</source>
        <translation>Nada o cita: o jogo pode não usá-lo.</translation>
    </message>
    <message>
        <source>%1 assets, %2 use others, %3 named by nobody.
</source>
        <translation>%1 assets, %2 usam outros, %3 citados por ninguém.
</translation>
    </message>
    <message>
        <source>missing: </source>
        <translation>ausente: </translation>
    </message>
    <message>
        <source>named, not found: </source>
        <translation>citado, não encontrado: </translation>
    </message>
    <message>
        <source>cycle: </source>
        <translation>ciclo: </translation>
    </message>
    <message>
        <source>Named by nobody (prometeu deps --unused lists them).
</source>
        <translation>Citados por ninguém (prometeu deps --unused os lista).
</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>convertido</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falhou</translation>
    </message>
    <message>
        <source>from the team cache</source>
        <translation>do cache da equipe</translation>
    </message>
    <message>
        <source>from the cache</source>
        <translation>do cache</translation>
    </message>
    <message>
        <source>Say why an asset was last rebuilt: for each of its last builds (newest first) whether it was converted or loaded from a cache, why (new, its file changed, a file it uses changed, its options or converter changed, forced, ...), how long it took and its sizes. Read from the project&apos;s history (.prometeu/history.db); a build that found it unchanged does not list it.

Exit codes: 0 printed, 1 nothing recorded for it, 2 usage or I/O error.</source>
        <translation>Diz por que um asset foi reconstruído: para cada um dos seus últimos builds (o mais novo primeiro), se foi convertido ou carregado de um cache, por quê (novo, seu arquivo mudou, um arquivo que ele usa mudou, suas opções ou seu conversor mudaram, forçado, ...), quanto tempo levou e seus tamanhos. Lido do histórico do projeto (.prometeu/history.db); um build que o encontrou sem mudanças não o lista.

Códigos de saída: 0 impresso, 1 nada registrado para ele, 2 erro de uso ou de E/S.</translation>
    </message>
    <message>
        <source>Print the records as JSON.</source>
        <translation>Imprime os registros como JSON.</translation>
    </message>
    <message>
        <source>How many builds to show (default 5, at most %1).</source>
        <translation>Quantos builds mostrar (padrão 5, no máximo %1).</translation>
    </message>
    <message>
        <source>This project has no history yet: build it first.
</source>
        <translation>Este projeto ainda não tem histórico: faça um build primeiro.
</translation>
    </message>
    <message>
        <source>No recorded build converted or loaded %1: it has been unchanged since the history began, or it is not an asset.
</source>
        <translation>Nenhum build registrado converteu ou carregou %1: ele não mudou desde o início do histórico, ou não é um asset.
</translation>
    </message>
    <message numerus="yes">
        <source>%1: last %n build(s) that looked at it, newest first
</source>
        <translation>
            <numerusform>%1: o último build que o olhou
</numerusform>
            <numerusform>%1: os últimos %n builds que o olharam, o mais novo primeiro
</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>because %1</source>
        <translation>porque %1</translation>
    </message>
    <message>
        <source>Show what assets use and what uses them; --dot for a picture.</source>
        <translation>Mostra o que os assets usam e o que os usa; --dot para uma figura.</translation>
    </message>
    <message>
        <source>Say why an asset was last rebuilt, from the project&apos;s history.</source>
        <translation>Diz por que um asset foi reconstruído, a partir do histórico do projeto.</translation>
    </message>
    <message>
        <source>The asset: its path inside the assets folder, as diagnostics print it (assets/...), or a file path.</source>
        <translation>O asset: seu caminho dentro da pasta de assets, como os diagnósticos o mostram (assets/...), ou um caminho de arquivo.</translation>
    </message>
    <message>
        <source>List every warning and note; by default a code that repeats over many files is listed %1 times, then counted.</source>
        <translation>Lista todos os avisos e notas; por padrão, um código que se repete em muitos arquivos é listado %1 vezes e depois contado.</translation>
    </message>
    <message numerus="yes">
        <source>... and %n more [%1] like these (--verbose lists every one)
</source>
        <translation>
            <numerusform>... e mais %n [%1] como este (--verbose lista todos)
</numerusform>
            <numerusform>... e mais %n [%1] como estes (--verbose lista todos)
</numerusform>
        </translation>
    </message>
    <message>
        <source>The asset (optional): its path inside the assets folder, as diagnostics print it (assets/...), or a file path.</source>
        <translation>O asset (opcional): seu caminho dentro da pasta de assets, como os diagnósticos o mostram (assets/...), ou um caminho de arquivo.</translation>
    </message>
    <message numerus="yes">
        <source>%n asset(s) checked: %1.
</source>
        <translation>
            <numerusform>%n asset verificado: %1.
</numerusform>
            <numerusform>%n assets verificados: %1.
</numerusform>
        </translation>
    </message>
    <message>
        <source>(fell behind: %1 events not shown; resynchronised at event %2)</source>
        <translation>(ficou para trás: %1 eventos não mostrados; ressincronizado no evento %2)</translation>
    </message>
</context>
<context>
    <name>ConverterWorkerPool</name>
    <message>
        <source>the build ended</source>
        <translation>o build terminou</translation>
    </message>
    <message>
        <source>its output file %1.%2 did not hold the %3 bytes it announced</source>
        <translation>seu arquivo de saída %1.%2 não tinha os %3 bytes anunciados</translation>
    </message>
    <message>
        <source>the converter process %1 could not be started: %2</source>
        <translation>o processo conversor %1 não pôde ser iniciado: %2</translation>
    </message>
    <message>
        <source>it was ended by signal %1 (%2)</source>
        <translation>foi encerrado pelo sinal %1 (%2)</translation>
    </message>
    <message>
        <source>it exited with code %1</source>
        <translation>saiu com o código %1</translation>
    </message>
    <message>
        <source>its last words: %1</source>
        <translation>suas últimas palavras: %1</translation>
    </message>
    <message>
        <source>The converter crashed on this file (%1). Nothing else was affected: the other assets were converted, and its worker was replaced.</source>
        <translation>O conversor travou neste arquivo (%1). Nada mais foi afetado: os outros assets foram convertidos e o seu processo foi substituído.</translation>
    </message>
    <message>
        <source>The converter took longer than %1 s on this file and was stopped (converters.timeout_ms in prometeu.json).</source>
        <translation>O conversor levou mais de %1 s neste arquivo e foi interrompido (converters.timeout_ms no prometeu.json).</translation>
    </message>
    <message>
        <source>The converter needed more than %1 of memory for this file and was stopped (converters.memory_mib in prometeu.json).</source>
        <translation>O conversor precisou de mais de %1 de memória para este arquivo e foi interrompido (converters.memory_mib no prometeu.json).</translation>
    </message>
    <message>
        <source>its shared file %1.shared could not be made: %2</source>
        <translation>o arquivo compartilhado %1.shared não pôde ser criado: %2</translation>
    </message>
    <message>
        <source>it wrote answers that could not be read</source>
        <translation>ele escreveu respostas que não puderam ser lidas</translation>
    </message>
    <message>
        <source>Not converted: %1. Nothing is wrong with this file. Reinstall Prometeu (the worker is installed beside the prometeu executable), or build with --in-process-converters.</source>
        <translation>Não convertido: %1. Não há nada de errado com este arquivo. Reinstale o Prometeu (o worker é instalado ao lado do executável prometeu) ou gere com --in-process-converters.</translation>
    </message>
</context>
<context>
    <name>DiagnosticCounts</name>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n erro</numerusform>
            <numerusform>%n erros</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n aviso</numerusform>
            <numerusform>%n avisos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n nota</numerusform>
            <numerusform>%n notas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DoctorOperation</name>
    <message>
        <source>Prometeu does not know this file type; it will be stored in the cartridge as it is.</source>
        <translation>O Prometeu não conhece este tipo de arquivo; ele será guardado no cartucho como está.</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message numerus="yes">
        <source>Checked %n asset(s): no problems found.</source>
        <translation>
            <numerusform>%n asset verificado: nenhum problema encontrado.</numerusform>
            <numerusform>%n assets verificados: nenhum problema encontrado.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 points outside the assets folder; the cartridge cannot hold it.</source>
        <translation>%1 aponta para fora da pasta de assets; o cartucho não pode contê-lo.</translation>
    </message>
    <message>
        <source>Uses %1, which is not in the assets folder.</source>
        <translation>Usa %1, que não está na pasta de assets.</translation>
    </message>
    <message>
        <source>Names %1, which is not in the assets folder (if it is not an asset, ignore this).</source>
        <translation>Cita %1, que não está na pasta de assets (se não for um asset, ignore isto).</translation>
    </message>
    <message>
        <source>Uses %1, which leads back to this asset (cycle: %2). A change to any of them rebuilds them all.</source>
        <translation>Usa %1, que leva de volta a este asset (ciclo: %2). Uma mudança em qualquer um deles reconstrói todos.</translation>
    </message>
    <message numerus="yes">
        <source>Checked %n asset(s): %1.</source>
        <translation>
            <numerusform>%n asset verificado: %1.</numerusform>
            <numerusform>%n assets verificados: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HttpCacheClient</name>
    <message>
        <source>%1 bytes or more where at most %2 were expected</source>
        <translation>%1 bytes ou mais onde se esperavam no máximo %2</translation>
    </message>
    <message>
        <source>redirected to %1, another server: not followed, so that the credentials never leave the cache&apos;s own address</source>
        <translation>redirecionado para %1, outro servidor: não seguido, para que as credenciais nunca saiam do endereço do próprio cache</translation>
    </message>
</context>
<context>
    <name>MediaCodecs</name>
    <message>
        <source>%1 was built for another version of Prometeu</source>
        <translation>%1 foi gerado para outra versão do Prometeu</translation>
    </message>
    <message>
        <source>the image and sound decoders (libprometeu-codecs.so) could not be loaded: %1</source>
        <translation>os decodificadores de imagem e som (libprometeu-codecs.so) não puderam ser carregados: %1</translation>
    </message>
    <message>
        <source>no place to look</source>
        <translation>nenhum lugar onde procurar</translation>
    </message>
    <message>
        <source>This asset cannot be decoded: %1.</source>
        <translation>Este asset não pode ser decodificado: %1.</translation>
    </message>
</context>
<context>
    <name>Packer</name>
    <message>
        <source>Cancelled before it started.</source>
        <translation>Cancelado antes de começar.</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 de %3</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Processados</translation>
    </message>
    <message>
        <source>%1 stopped on an internal error: %2</source>
        <translation>%1 parou por um erro interno: %2</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 items.</source>
        <translation>Cancelado após %1 de %2 itens.</translation>
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
        <translation>Examinando %1 de %2.</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n asset(s).</source>
        <translation>
            <numerusform>Verificando %n asset.</numerusform>
            <numerusform>Verificando %n assets.</numerusform>
        </translation>
    </message>
    <message>
        <source>Building the cartridge of %1.</source>
        <translation>Gerando o cartucho de %1.</translation>
    </message>
    <message>
        <source>Applying %1 to %2.</source>
        <translation>Aplicando %1 a %2.</translation>
    </message>
    <message>
        <source>Making a preview of %1.</source>
        <translation>Gerando uma prévia de %1.</translation>
    </message>
    <message>
        <source>Hashing</source>
        <translation>Calculando hashes</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Verificando</translation>
    </message>
    <message>
        <source>Converting</source>
        <translation>Convertendo</translation>
    </message>
    <message>
        <source>Rebuilding what changed in %1 for the running game.</source>
        <translation>Gerando de novo o que mudou em %1 para o jogo em execução.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n file(s) found</source>
        <translation>
            <numerusform>%1: %n arquivo encontrado</numerusform>
            <numerusform>%1: %n arquivos encontrados</numerusform>
        </translation>
    </message>
    <message>
        <source>Walking</source>
        <translation>Percorrendo</translation>
    </message>
    <message>
        <source>Writing the cartridge:</source>
        <translation>Gravando o cartucho:</translation>
    </message>
</context>
<context>
    <name>PreviewOperation</name>
    <message>
        <source>%1 is a %2 asset; previews are made for images and sounds.</source>
        <translation>%1 é um asset do tipo %2; prévias são feitas para imagens e sons.</translation>
    </message>
    <message>
        <source>There is no asset %1.</source>
        <translation>Não existe o asset %1.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Não é possível ler %1: %2.</translation>
    </message>
    <message>
        <source>%1 cannot be previewed: it is not a readable image within the project&apos;s size limit.</source>
        <translation>Não é possível gerar a prévia de %1: não é uma imagem legível dentro do limite de tamanho do projeto.</translation>
    </message>
    <message>
        <source>%1 cannot be decoded: %2.</source>
        <translation>%1 não pode ser decodificado: %2.</translation>
    </message>
    <message>
        <source>Cannot write the preview %1: %2.</source>
        <translation>Não é possível gravar a prévia %1: %2.</translation>
    </message>
    <message>
        <source>Preview of %1 is ready (%2x%3).</source>
        <translation>A prévia de %1 está pronta (%2x%3).</translation>
    </message>
    <message>
        <source>%1 cannot be previewed: %2.</source>
        <translation>%1 não pode ser pré-visualizado: %2.</translation>
    </message>
</context>
<context>
    <name>ProjectLoader</name>
    <message>
        <source>&apos;%1&apos; must be %2.</source>
        <translation>&apos;%1&apos; deve ser %2.</translation>
    </message>
    <message>
        <source>Required field &apos;%1&apos; is missing.</source>
        <translation>Falta o campo obrigatório &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>a non-empty string</source>
        <translation>um texto não vazio</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>um número inteiro de %1 a %2</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>an array of strings</source>
        <translation>uma lista de textos</translation>
    </message>
    <message>
        <source>a non-empty array of strings</source>
        <translation>uma lista não vazia de textos</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>um objeto</translation>
    </message>
    <message>
        <source>Unknown field &apos;%1&apos; is ignored.</source>
        <translation>O campo desconhecido &apos;%1&apos; é ignorado.</translation>
    </message>
    <message>
        <source>Did you mean &apos;%1&apos;?</source>
        <translation>Você quis dizer &apos;%1&apos;?</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Não é possível criar a pasta %1.</translation>
    </message>
    <message>
        <source>Invalid JSON: %1.</source>
        <translation>JSON inválido: %1.</translation>
    </message>
    <message>
        <source>The manifest must be a JSON object.</source>
        <translation>O manifesto deve ser um objeto JSON.</translation>
    </message>
    <message>
        <source>&apos;id&apos; must be 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>&apos;id&apos; deve ter de 1 a 64 letras, dígitos, &apos;.&apos;, &apos;_&apos; ou &apos;-&apos;, começando com letra ou dígito.</translation>
    </message>
    <message>
        <source>&apos;assets&apos; must be a folder inside the project.</source>
        <translation>&apos;assets&apos; deve ser uma pasta dentro do projeto.</translation>
    </message>
    <message>
        <source>&apos;cartridge.compression&apos; must be &quot;zstd&quot; or &quot;none&quot;.</source>
        <translation>&apos;cartridge.compression&apos; deve ser &quot;zstd&quot; ou &quot;none&quot;.</translation>
    </message>
    <message>
        <source>There is no project folder here.</source>
        <translation>Não há pasta de projeto aqui.</translation>
    </message>
    <message>
        <source>This folder has no prometeu.json, so it is not a Prometeu project.</source>
        <translation>Esta pasta não tem prometeu.json, então não é um projeto Prometeu.</translation>
    </message>
    <message>
        <source>Cannot read the manifest: %1.</source>
        <translation>Não é possível ler o manifesto: %1.</translation>
    </message>
    <message>
        <source>The manifest is larger than 1 MiB.</source>
        <translation>O manifesto é maior que 1 MiB.</translation>
    </message>
    <message>
        <source>The assets folder &apos;%1&apos; does not exist.</source>
        <translation>A pasta de assets &apos;%1&apos; não existe.</translation>
    </message>
    <message>
        <source>&apos;remote_cache.url&apos; must be an http:// or https:// address; the team cache is not used.</source>
        <translation>&apos;remote_cache.url&apos; deve ser um endereço http:// ou https://; o cache da equipe não é usado.</translation>
    </message>
    <message>
        <source>This is a file, not a project folder: give the folder that holds prometeu.json.</source>
        <translation>Isto é um arquivo, não uma pasta de projeto: indique a pasta que contém o prometeu.json.</translation>
    </message>
</context>
<context>
    <name>Prometeu::ActionHistory</name>
    <message>
        <source>%1 could not be applied: %2</source>
        <translation>Não foi possível aplicar %1: %2</translation>
    </message>
    <message>
        <source>the operation was cancelled</source>
        <translation>a operação foi cancelada</translation>
    </message>
    <message>
        <source>There is nothing to undo.</source>
        <translation>Não há nada para desfazer.</translation>
    </message>
    <message>
        <source>There is nothing to redo.</source>
        <translation>Não há nada para refazer.</translation>
    </message>
    <message>
        <source>Could not undo %1: %2 Nothing was changed.</source>
        <translation>Não foi possível desfazer %1: %2 Nada foi alterado.</translation>
    </message>
    <message>
        <source>Could not redo %1: %2 Nothing was changed.</source>
        <translation>Não foi possível refazer %1: %2 Nada foi alterado.</translation>
    </message>
</context>
<context>
    <name>Prometeu::ProjectCore</name>
    <message>
        <source>Opened %1 (%2).</source>
        <translation>%1 aberto (%2).</translation>
    </message>
    <message>
        <source>The event history cannot be kept: %1</source>
        <translation>O histórico de eventos não pode ser mantido: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) of an earlier session never finished; marked interrupted.</source>
        <translation>
            <numerusform>%n operação de uma sessão anterior não terminou; marcada como interrompida.</numerusform>
            <numerusform>%n operações de uma sessão anterior não terminaram; marcadas como interrompidas.</numerusform>
        </translation>
    </message>
    <message>
        <source>The event history cannot be written (%1). Events are kept and retried every second.</source>
        <translation>O histórico de eventos não pode ser gravado (%1). Os eventos são mantidos e gravados de novo a cada segundo.</translation>
    </message>
    <message numerus="yes">
        <source>The event history is written again; %n event(s) could not be kept.</source>
        <translation>
            <numerusform>O histórico de eventos voltou a ser gravado; %n evento não pôde ser mantido.</numerusform>
            <numerusform>O histórico de eventos voltou a ser gravado; %n eventos não puderam ser mantidos.</numerusform>
        </translation>
    </message>
    <message>
        <source>The event history is written again; nothing was lost.</source>
        <translation>O histórico de eventos voltou a ser gravado; nada se perdeu.</translation>
    </message>
    <message>
        <source>A scan is already running.</source>
        <translation>Um exame já está em andamento.</translation>
    </message>
    <message>
        <source>Unknown operation %1.</source>
        <translation>Operação desconhecida: %1.</translation>
    </message>
    <message>
        <source>The preview could not be made.</source>
        <translation>Não foi possível gerar a prévia.</translation>
    </message>
    <message>
        <source>Serving events at %1 (token %2).</source>
        <translation>Servindo eventos em %1 (token %2).</translation>
    </message>
    <message>
        <source>Builds share results through the team cache at %1 (%2%3; from %4).</source>
        <translation>As gerações compartilham resultados pelo cache da equipe em %1 (%2%3; de %4).</translation>
    </message>
    <message>
        <source>read</source>
        <translation>leitura</translation>
    </message>
    <message>
        <source>no read</source>
        <translation>sem leitura</translation>
    </message>
    <message>
        <source>, write</source>
        <translation>, escrita</translation>
    </message>
    <message>
        <source>, no write</source>
        <translation>, sem escrita</translation>
    </message>
</context>
<context>
    <name>Prometeu::RemoteCacheProbe</name>
    <message>
        <source>%1 refused our credentials (%2).</source>
        <translation>%1 recusou nossas credenciais (%2).</translation>
    </message>
    <message>
        <source>%1 did not answer in time.</source>
        <translation>%1 não respondeu a tempo.</translation>
    </message>
    <message>
        <source>%1 cannot be reached: %2.</source>
        <translation>Não é possível alcançar %1: %2.</translation>
    </message>
    <message>
        <source>%1 answered %2.</source>
        <translation>%1 respondeu %2.</translation>
    </message>
    <message>
        <source>%1 answers; reading works (writing is off).</source>
        <translation>%1 responde; a leitura funciona (a escrita está desligada).</translation>
    </message>
    <message>
        <source>%1 answers; reading and writing work.</source>
        <translation>%1 responde; leitura e escrita funcionam.</translation>
    </message>
    <message>
        <source>Reading works, but writing does not: %1</source>
        <translation>A leitura funciona, mas a escrita não: %1</translation>
    </message>
</context>
<context>
    <name>RemoteCacheConfig</name>
    <message>
        <source>command line (--remote-cache)</source>
        <translation>linha de comando (--remote-cache)</translation>
    </message>
    <message>
        <source>The team cache address &quot;%1&quot; (from %2) is not an http:// or https:// address; building without it.</source>
        <translation>O endereço do cache da equipe &quot;%1&quot; (de %2) não é http:// nem https://; gerando sem ele.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Não é possível ler %1: %2.</translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2); its settings are ignored.</source>
        <translation>%1 não é um objeto JSON (%2); suas configurações são ignoradas.</translation>
    </message>
    <message>
        <source>wrong type</source>
        <translation>tipo errado</translation>
    </message>
    <message>
        <source>Cannot save %1: %2.</source>
        <translation>Não é possível salvar %1: %2.</translation>
    </message>
</context>
<context>
    <name>RemoteCacheStats</name>
    <message numerus="yes">
        <source>%n hit(s) (%1 down)</source>
        <translation>
            <numerusform>%n acerto (%1 baixados)</numerusform>
            <numerusform>%n acertos (%1 baixados)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n miss(es)</source>
        <translation>
            <numerusform>%n falta</numerusform>
            <numerusform>%n faltas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n uploaded (%1 up)</source>
        <translation>
            <numerusform>%n enviado (%1 enviados)</numerusform>
            <numerusform>%n enviados (%1 enviados)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upload(s) still going</source>
        <translation>
            <numerusform>%n envio ainda em andamento</numerusform>
            <numerusform>%n envios ainda em andamento</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not uploaded</source>
        <translation>
            <numerusform>%n não enviado</numerusform>
            <numerusform>%n não enviados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n erro</numerusform>
            <numerusform>%n erros</numerusform>
        </translation>
    </message>
    <message>
        <source>given up on for this build</source>
        <translation>abandonado nesta geração</translation>
    </message>
    <message>
        <source>team cache %1: %2</source>
        <translation>cache da equipe %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n small asset(s) converted here</source>
        <translation>
            <numerusform>%n asset pequeno convertido aqui</numerusform>
            <numerusform>%n assets pequenos convertidos aqui</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoteCacheStore</name>
    <message>
        <source>cut short: %1</source>
        <translation>truncado: %1</translation>
    </message>
    <message>
        <source>a record that is not ours or is damaged</source>
        <translation>um registro que não é nosso ou está danificado</translation>
    </message>
    <message>
        <source>The team cache at %1 could not be reached (%2); what it would have provided was converted on this machine.</source>
        <translation>Não foi possível alcançar o cache da equipe em %1 (%2); o que ele forneceria foi convertido nesta máquina.</translation>
    </message>
    <message numerus="yes">
        <source>The team cache at %1 did not answer within %2 s (%n request(s)); what it would have provided was converted on this machine.</source>
        <translation>
            <numerusform>O cache da equipe em %1 não respondeu em %2 s (%n requisição); o que ele forneceria foi convertido nesta máquina.</numerusform>
            <numerusform>O cache da equipe em %1 não respondeu em %2 s (%n requisições); o que ele forneceria foi convertido nesta máquina.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team cache at %1 refused our credentials (%2). Check the token in PROMETEU_REMOTE_CACHE_TOKEN, or the user name and password in the address.</source>
        <translation>O cache da equipe em %1 recusou nossas credenciais (%2). Confira o token em PROMETEU_REMOTE_CACHE_TOKEN ou o usuário e a senha no endereço.</translation>
    </message>
    <message numerus="yes">
        <source>The team cache at %1 failed %n request(s) (%2); those assets were converted on this machine.</source>
        <translation>
            <numerusform>O cache da equipe em %1 falhou em %n requisição (%2); esses assets foram convertidos nesta máquina.</numerusform>
            <numerusform>O cache da equipe em %1 falhou em %n requisições (%2); esses assets foram convertidos nesta máquina.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) from the team cache at %1 failed verification (%2) and were not used; they were converted on this machine.</source>
        <translation>
            <numerusform>%n objeto do cache da equipe em %1 falhou na verificação (%2) e não foi usado; foi convertido nesta máquina.</numerusform>
            <numerusform>%n objetos do cache da equipe em %1 falharam na verificação (%2) e não foram usados; foram convertidos nesta máquina.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team cache at %1 refused uploads (%2): this build&apos;s conversions stay on this machine. Set &quot;write&quot;: false for a read-only cache.</source>
        <translation>O cache da equipe em %1 recusou envios (%2): as conversões desta geração ficam nesta máquina. Use &quot;write&quot;: false para um cache somente leitura.</translation>
    </message>
    <message numerus="yes">
        <source>%n conversion(s) were not uploaded to the team cache at %1: more than %2 was waiting to be sent.</source>
        <translation>
            <numerusform>%n conversão não foi enviada ao cache da equipe em %1: mais de %2 aguardava envio.</numerusform>
            <numerusform>%n conversões não foram enviadas ao cache da equipe em %1: mais de %2 aguardava envio.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n failed request(s) in a row the team cache at %1 was not asked again during this build.</source>
        <translation>
            <numerusform>Depois de %n requisição com falha seguida, o cache da equipe em %1 não foi mais consultado nesta geração.</numerusform>
            <numerusform>Depois de %n requisições com falha seguidas, o cache da equipe em %1 não foi mais consultado nesta geração.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 bytes</source>
        <translation>%1 de %2 bytes</translation>
    </message>
    <message>
        <source>wrong SHA-256</source>
        <translation>SHA-256 errado</translation>
    </message>
    <message>
        <source>too long: %1</source>
        <translation>longo demais: %1</translation>
    </message>
</context>
<context>
    <name>ScanIndex</name>
    <message>
        <source>Ignoring the scan index %1: %2</source>
        <translation>Ignorando o índice de exame %1: %2</translation>
    </message>
    <message>
        <source>unsupported version</source>
        <translation>versão não suportada</translation>
    </message>
    <message>
        <source>an entry has no path</source>
        <translation>uma entrada não tem caminho</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Não é possível gravar %1: %2</translation>
    </message>
    <message>
        <source>it is not a scan index</source>
        <translation>não é um índice de varredura</translation>
    </message>
    <message>
        <source>it is damaged</source>
        <translation>está danificado</translation>
    </message>
    <message>
        <source>it is cut short</source>
        <translation>está truncado</translation>
    </message>
</context>
<context>
    <name>ScanOperation</name>
    <message>
        <source>Found %1 %2 (%3).</source>
        <translation>Encontrado %1 %2 (%3).</translation>
    </message>
    <message>
        <source>Found %1, which cannot be read as a file.</source>
        <translation>Encontrado %1, que não pode ser lido como arquivo.</translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation>%1 foi adicionado.</translation>
    </message>
    <message>
        <source>%1 was modified.</source>
        <translation>%1 foi modificado.</translation>
    </message>
    <message>
        <source>%1 was removed.</source>
        <translation>%1 foi removido.</translation>
    </message>
    <message>
        <source>%1 was renamed to %2.</source>
        <translation>%1 foi renomeado para %2.</translation>
    </message>
    <message numerus="yes">
        <source>Found %n asset(s).</source>
        <translation>
            <numerusform>%n asset encontrado.</numerusform>
            <numerusform>%n assets encontrados.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %n asset(s); nothing changed.</source>
        <translation>
            <numerusform>%n asset encontrado; nada mudou.</numerusform>
            <numerusform>%n assets encontrados; nada mudou.</numerusform>
        </translation>
    </message>
    <message>
        <source>Found %1 assets: %2 added, %3 modified, %4 removed, %5 renamed.</source>
        <translation>%1 assets encontrados: %2 adicionados, %3 modificados, %4 removidos, %5 renomeados.</translation>
    </message>
    <message>
        <source>The scan&apos;s index cannot be kept (%1): every scan reads every file again.</source>
        <translation>O índice do exame não pode ser mantido (%1): cada exame lê todos os arquivos de novo.</translation>
    </message>
    <message>
        <source>The scan&apos;s index could not be saved (%1): the next scan reads every file again.</source>
        <translation>Não foi possível salvar o índice do exame (%1): o próximo exame lê todos os arquivos de novo.</translation>
    </message>
</context>
<context>
    <name>Studio</name>
    <message>
        <source>Prometeu Studio: open a game project, watch its assets being scanned and checked, press Play to build and run it, and read one merged log of everything that happened.</source>
        <translation>Prometeu Studio: abra um projeto de jogo, acompanhe seus assets sendo examinados e verificados, pressione Jogar para gerá-lo e rodá-lo, e leia um log unificado de tudo o que aconteceu.</translation>
    </message>
    <message>
        <source>The game project folder to open.</source>
        <translation>A pasta do projeto de jogo a abrir.</translation>
    </message>
    <message>
        <source>Keep settings in &lt;file&gt; instead of the user&apos;s settings.</source>
        <translation>Guardar as configurações em &lt;file&gt; em vez das configurações do usuário.</translation>
    </message>
    <message>
        <source>Use the platform&apos;s light palette.</source>
        <translation>Usar a paleta clara da plataforma.</translation>
    </message>
    <message>
        <source>Press Play once the project has been checked.</source>
        <translation>Pressionar Jogar assim que o projeto tiver sido verificado.</translation>
    </message>
    <message>
        <source>Build the cartridge once the project has been checked.</source>
        <translation>Gerar o cartucho assim que o projeto tiver sido verificado.</translation>
    </message>
    <message>
        <source>Raise the Activity panel and expand the newest operation.</source>
        <translation>Mostrar o painel Atividade e expandir a operação mais recente.</translation>
    </message>
    <message>
        <source>Quit after &lt;ms&gt; milliseconds.</source>
        <translation>Sair depois de &lt;ms&gt; milissegundos.</translation>
    </message>
    <message>
        <source>Quit once every --screenshot has been saved.</source>
        <translation>Sair assim que todas as --screenshot tiverem sido salvas.</translation>
    </message>
    <message>
        <source>On exit, print how late the GUI thread ran (p50/p99/max).</source>
        <translation>Ao sair, mostrar o atraso da thread da interface (p50/p99/máx).</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>Não é possível abrir o projeto</translation>
    </message>
    <message>
        <source>%1 could not be opened as a Prometeu project:

%2</source>
        <translation>%1 não pôde ser aberto como projeto Prometeu:

%2</translation>
    </message>
    <message>
        <source>Save a picture of the window to &lt;file&gt; &lt;ms&gt; milliseconds after the project was checked, or once running operations reach &lt;n&gt;% with file@n% (repeatable); screen:&lt;file&gt; pictures the whole screen (the game&apos;s window too).</source>
        <translation>Salvar uma imagem da janela em &lt;file&gt; &lt;ms&gt; milissegundos depois de o projeto ser verificado, ou quando as operações em andamento chegarem a &lt;n&gt;% com file@n% (repetível); screen:&lt;file&gt; captura a tela inteira (a janela do jogo também).</translation>
    </message>
    <message>
        <source>Open Edit › Preferences once the project has been checked.</source>
        <translation>Abrir Editar › Preferências assim que o projeto tiver sido verificado.</translation>
    </message>
    <message>
        <source>Select &lt;asset&gt; in the Assets workspace once the project has been checked; &lt;asset&gt;#uses or &lt;asset&gt;#history also shows that tab of its details.</source>
        <translation>Seleciona &lt;asset&gt; no espaço de Assets depois que o projeto for verificado; &lt;asset&gt;#uses ou &lt;asset&gt;#history também mostra essa aba dos detalhes.</translation>
    </message>
</context>
<context>
    <name>WholeFile</name>
    <message>
        <source>it is not a regular file</source>
        <translation>não é um arquivo comum</translation>
    </message>
</context>
</TS>
