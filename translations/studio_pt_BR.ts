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
        <source>The sound is cut short: its header promises more samples than the file holds.</source>
        <translation>O som está truncado: o cabeçalho promete mais amostras do que o arquivo contém.</translation>
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
    <name>ExecutionSession</name>
    <message>
        <source>Cannot play while the session is %1.</source>
        <translation>Não é possível jogar enquanto a sessão está %1.</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Jogar</translation>
    </message>
    <message>
        <source>The session cannot go from %1 to %2.</source>
        <translation>A sessão não pode passar de %1 para %2.</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2: %3</translation>
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
    <name>LiveReload</name>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> e mais %n</numerusform>
            <numerusform> e mais %n</numerusform>
        </translation>
    </message>
    <message>
        <source>The game did not answer reload %1 within %2 s; live reload goes on with the next change.</source>
        <translation>O jogo não respondeu à recarga %1 em %2 s; a recarga ao vivo continua com a próxima mudança.</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>sem resposta</translation>
    </message>
    <message>
        <source>Assets changed, but this runtime cannot reload them: restart needed (Stop, then Play) to see the changes.</source>
        <translation>Assets mudaram, mas este runtime não consegue recarregá-los: é preciso reiniciar (Parar, depois Jogar) para ver as mudanças.</translation>
    </message>
    <message>
        <source>restart needed</source>
        <translation>é preciso reiniciar</translation>
    </message>
    <message>
        <source>Live reload: nothing reached the game, which keeps its previous version (%1). The next good save reloads.</source>
        <translation>Recarga ao vivo: nada chegou ao jogo, que mantém a versão anterior (%1). O próximo salvamento bom recarrega.</translation>
    </message>
    <message>
        <source>Live reload: the cartridge&apos;s content did not change.</source>
        <translation>Recarga ao vivo: o conteúdo do cartucho não mudou.</translation>
    </message>
    <message>
        <source>nothing changed</source>
        <translation>nada mudou</translation>
    </message>
    <message>
        <source>Live reload %1: sent %2 to the game.</source>
        <translation>Recarga ao vivo %1: %2 enviado ao jogo.</translation>
    </message>
    <message>
        <source>Live reload %1: the game could not take %2</source>
        <translation>Recarga ao vivo %1: o jogo não conseguiu carregar %2</translation>
    </message>
    <message>
        <source>Live reload %1: the game reloaded %2 in %3 ms.</source>
        <translation>Recarga ao vivo %1: o jogo recarregou %2 em %3 ms.</translation>
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
    <name>MergedLog</name>
    <message numerus="yes">
        <source>%n log entries were dropped here to keep the log bounded; state changes and errors were kept.</source>
        <translation>
            <numerusform>%n entrada do log foi descartada aqui para manter o log limitado; mudanças de estado e erros foram mantidos.</numerusform>
            <numerusform>%n entradas do log foram descartadas aqui para manter o log limitado; mudanças de estado e erros foram mantidos.</numerusform>
        </translation>
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
    <name>PlayController</name>
    <message>
        <source>Stop while preparing</source>
        <translation>Parar durante a preparação</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
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
    <name>Prometeu::ActivityModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Em andamento</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Concluída</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>%1 (%2 more events not listed)</source>
        <translation>%1 (mais %2 eventos não listados)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dispensar</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operação</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progresso</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumo</translation>
    </message>
    <message>
        <source>Interrupted: the Studio or the packer stopped before it finished.</source>
        <translation>Interrompida: o Studio ou o packer parou antes do fim.</translation>
    </message>
    <message>
        <source>Earlier session: %1</source>
        <translation>Sessão anterior: %1</translation>
    </message>
</context>
<context>
    <name>Prometeu::ActivityPanel</name>
    <message>
        <source>Dismiss finished</source>
        <translation>Dispensar concluídas</translation>
    </message>
    <message>
        <source>Remove every finished operation, failures included</source>
        <translation>Remover todas as operações concluídas, inclusive as falhas</translation>
    </message>
</context>
<context>
    <name>Prometeu::AssetTreeModel</name>
    <message>
        <source>Asset</source>
        <translation>Asset</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>excluded</source>
        <translation>excluído</translation>
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
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>image</source>
        <translation>imagem</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>áudio</translation>
    </message>
    <message>
        <source>data</source>
        <translation>dados</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <source>script</source>
        <translation>script</translation>
    </message>
    <message>
        <source>tile map</source>
        <translation>mapa de tiles</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
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
    <name>Prometeu::AssetsWorkspace</name>
    <message>
        <source>Filter assets by path</source>
        <translation>Filtrar assets pelo caminho</translation>
    </message>
    <message>
        <source>No asset selected</source>
        <translation>Nenhum asset selecionado</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnósticos</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linha</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>%1 is gone</source>
        <translation>%1 não existe mais</translation>
    </message>
    <message>
        <source>The preview image %1 could not be read.</source>
        <translation>A imagem de prévia %1 não pôde ser lida.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3
Content hash %4</source>
        <translation>%1 · %2 · %3
Hash do conteúdo %4</translation>
    </message>
    <message>
        <source>excluded from the cartridge</source>
        <translation>fora do cartucho</translation>
    </message>
    <message>
        <source>included in the cartridge</source>
        <translation>incluído no cartucho</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Nenhum problema encontrado.</translation>
    </message>
    <message>
        <source>Making a preview…</source>
        <translation>Gerando prévia…</translation>
    </message>
    <message>
        <source>No preview for %1 assets.</source>
        <translation>Sem prévia para assets do tipo %1.</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renomear…</translation>
    </message>
    <message>
        <source>Include in the cartridge</source>
        <translation>Incluir no cartucho</translation>
    </message>
    <message>
        <source>Exclude from the cartridge</source>
        <translation>Excluir do cartucho</translation>
    </message>
    <message>
        <source>Include %1</source>
        <translation>Incluir %1 no cartucho</translation>
    </message>
    <message>
        <source>Exclude %1</source>
        <translation>Deixar %1 fora do cartucho</translation>
    </message>
    <message>
        <source>Options…</source>
        <translation>Opções…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Prévia</translation>
    </message>
    <message>
        <source>Rename asset</source>
        <translation>Renomear asset</translation>
    </message>
    <message>
        <source>New path inside the assets folder:</source>
        <translation>Novo caminho dentro da pasta de assets:</translation>
    </message>
    <message>
        <source>Rename %1 to %2</source>
        <translation>Renomear %1 para %2</translation>
    </message>
    <message>
        <source>Options of %1</source>
        <translation>Opções de %1</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>RGBA 8888</source>
        <translation>RGBA 8888</translation>
    </message>
    <message>
        <source>Indexed 8-bit (exact palette)</source>
        <translation>Indexada de 8 bits (paleta exata)</translation>
    </message>
    <message>
        <source>Pixel format</source>
        <translation>Formato de pixel</translation>
    </message>
    <message>
        <source>Project default (%1 Hz)</source>
        <translation>Padrão do projeto (%1 Hz)</translation>
    </message>
    <message>
        <source> Hz</source>
        <translation> Hz</translation>
    </message>
    <message>
        <source>Sample rate</source>
        <translation>Taxa de amostragem</translation>
    </message>
    <message>
        <source>Change options of %1</source>
        <translation>Alterar opções de %1</translation>
    </message>
    <message>
        <source>All assets</source>
        <translation>Todos os assets</translation>
    </message>
    <message>
        <source>Unused</source>
        <translation>Não usados</translation>
    </message>
    <message>
        <source>With problems</source>
        <translation>Com problemas</translation>
    </message>
    <message>
        <source>Unused: assets no map, data file or script names (a name built while the game runs cannot be seen). With problems: assets with diagnostics.</source>
        <translation>Não usados: assets que nenhum mapa, arquivo de dados ou script cita (um nome montado enquanto o jogo roda não pode ser visto). Com problemas: assets com diagnósticos.</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Asset</translation>
    </message>
    <message>
        <source>Double-click an asset to show it.</source>
        <translation>Clique duas vezes em um asset para mostrá-lo.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por quê</translation>
    </message>
    <message>
        <source>Uses / Used by</source>
        <translation>Usa / Usado por</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>Diagnostics (%1)</source>
        <translation>Diagnósticos (%1)</translation>
    </message>
    <message>
        <source>Rebuild</source>
        <translation>Reconstruir</translation>
    </message>
    <message>
        <source>Known after the project is checked.</source>
        <translation>Conhecido depois que o projeto for verificado.</translation>
    </message>
    <message>
        <source>Uses (%1)</source>
        <translation>Usa (%1)</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (ausente)</translation>
    </message>
    <message>
        <source>%1 (not found; maybe not a file)</source>
        <translation>%1 (não encontrado; talvez não seja um arquivo)</translation>
    </message>
    <message>
        <source>Used by (%1)</source>
        <translation>Usado por (%1)</translation>
    </message>
    <message>
        <source>Nothing: the game starts here.</source>
        <translation>Nada: o jogo começa aqui.</translation>
    </message>
    <message>
        <source>Nothing names it: the game may not use it.</source>
        <translation>Nada o cita: o jogo pode não usá-lo.</translation>
    </message>
    <message>
        <source>A change to it rebuilds (%1)</source>
        <translation>Uma mudança nele reconstrói (%1)</translation>
    </message>
    <message>
        <source>Uses %1 / Used by %2</source>
        <translation>Usa %1 / Usado por %2</translation>
    </message>
    <message>
        <source>Converted</source>
        <translation>Convertido</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>From the team cache</source>
        <translation>Do cache da equipe</translation>
    </message>
    <message>
        <source>From the cache</source>
        <translation>Do cache</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 on %2: %3.
Cache key %4</source>
        <translation>%1 em %2: %3.
Chave de cache %4</translation>
    </message>
    <message>
        <source>No build has converted or loaded it yet.</source>
        <translation>Nenhum build o converteu ou carregou ainda.</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>Histórico (%1)</translation>
    </message>
</context>
<context>
    <name>Prometeu::DebugWorkspace</name>
    <message>
        <source>&lt;b&gt;Session&lt;/b&gt;</source>
        <translation>&lt;b&gt;Sessão&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Press Play to build the cartridge and start %1.</source>
        <translation>Pressione Jogar para gerar o cartucho e iniciar %1.</translation>
    </message>
    <message>
        <source>Run %1 — %2</source>
        <translation>Execução %1 — %2</translation>
    </message>
</context>
<context>
    <name>Prometeu::LogModel</name>
    <message>
        <source>build</source>
        <translation>build</translation>
    </message>
    <message>
        <source>pack-validation</source>
        <translation>validação do pacote</translation>
    </message>
    <message>
        <source>pack</source>
        <translation>pack</translation>
    </message>
    <message>
        <source>runtime</source>
        <translation>runtime</translation>
    </message>
    <message>
        <source>studio</source>
        <translation>studio</translation>
    </message>
    <message>
        <source>debug</source>
        <translation>depuração</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>aviso</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erro</translation>
    </message>
    <message>
        <source>(this line was dropped to keep the log bounded)</source>
        <translation>(esta linha foi descartada para manter o log limitado)</translation>
    </message>
    <message>
        <source>%1  (×%2)</source>
        <translation>%1  (×%2)</translation>
    </message>
    <message>
        <source>Click to show %1 in the Assets workspace</source>
        <translation>Clique para mostrar %1 no espaço de trabalho Assets</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravidade</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
</context>
<context>
    <name>Prometeu::LogView</name>
    <message>
        <source>Could not save the log to %1: %2</source>
        <translation>Não foi possível salvar o log em %1: %2</translation>
    </message>
    <message>
        <source>Show lines from %1</source>
        <translation>Mostrar linhas de %1</translation>
    </message>
    <message>
        <source>Show %1 lines</source>
        <translation>Mostrar linhas de %1</translation>
    </message>
    <message>
        <source>Collapse repeats</source>
        <translation>Agrupar repetidas</translation>
    </message>
    <message>
        <source>Fold identical consecutive lines into one with a count</source>
        <translation>Agrupar linhas consecutivas idênticas em uma, com contagem</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Buscar no log</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Ocorrência anterior (Shift+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Próxima ocorrência (F3)</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Acompanhar</translation>
    </message>
    <message>
        <source>Keep the newest line in view; scrolling up pauses it</source>
        <translation>Manter a linha mais nova visível; rolar para cima pausa</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the selected lines (Ctrl+C)</source>
        <translation>Copiar as linhas selecionadas (Ctrl+C)</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Salvar…</translation>
    </message>
    <message>
        <source>Save the listed lines to a file</source>
        <translation>Salvar as linhas listadas em um arquivo</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Clear this view (the session keeps its log)</source>
        <translation>Limpar esta visão (a sessão mantém seu log)</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>Nada encontrado</translation>
    </message>
    <message>
        <source>Line %1 of %2</source>
        <translation>Linha %1 de %2</translation>
    </message>
    <message>
        <source>Saved the log to %1.</source>
        <translation>Log salvo em %1.</translation>
    </message>
    <message>
        <source>Save log</source>
        <translation>Salvar log</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt)</source>
        <translation>Arquivos de log (*.log *.txt)</translation>
    </message>
</context>
<context>
    <name>Prometeu::MainWindow</name>
    <message>
        <source>Prometeu Studio</source>
        <translation>Prometeu Studio</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Abrir projeto…</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Jogar</translation>
    </message>
    <message>
        <source>Build, validate and pack the cartridge, then run the game (F5)</source>
        <translation>Gerar, validar e empacotar o cartucho e então rodar o jogo (F5)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Parar</translation>
    </message>
    <message>
        <source>Stop the preparation or the running game (Shift+F5)</source>
        <translation>Parar a preparação ou o jogo em execução (Shift+F5)</translation>
    </message>
    <message>
        <source>&amp;Build Cartridge</source>
        <translation>&amp;Gerar cartucho</translation>
    </message>
    <message>
        <source>Build the cartridge without running it (Ctrl+B)</source>
        <translation>Gerar o cartucho sem rodá-lo (Ctrl+B)</translation>
    </message>
    <message>
        <source>&amp;Rescan Assets</source>
        <translation>&amp;Reexaminar assets</translation>
    </message>
    <message>
        <source>Scan the assets folder and check every asset again (Ctrl+R)</source>
        <translation>Examinar a pasta de assets e verificar todos os assets de novo (Ctrl+R)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Atividade</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;recente</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>&amp;Fechar projeto</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>E&amp;xecutar</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>E&amp;xibir</translation>
    </message>
    <message>
        <source>&amp;Assets Workspace</source>
        <translation>Espaço de &amp;assets</translation>
    </message>
    <message>
        <source>&amp;Debug Workspace</source>
        <translation>Espaço de &amp;depuração</translation>
    </message>
    <message>
        <source>Re&amp;build Workspaces</source>
        <translation>Re&amp;construir espaços</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Prometeu Studio</source>
        <translation>&amp;Sobre o Prometeu Studio</translation>
    </message>
    <message>
        <source>About Prometeu Studio</source>
        <translation>Sobre o Prometeu Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Prometeu Studio %1&lt;/h3&gt;&lt;p&gt;Scan, check, pack and play your game&apos;s assets.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Prometeu Studio %1&lt;/h3&gt;&lt;p&gt;Examine, verifique, empacote e jogue com os assets do seu jogo.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to Prometeu Studio&lt;/h2&gt;&lt;p&gt;Open a game project (a folder with &lt;tt&gt;prometeu.json&lt;/tt&gt;) to scan, check and play it.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Bem-vindo ao Prometeu Studio&lt;/h2&gt;&lt;p&gt;Abra um projeto de jogo (uma pasta com &lt;tt&gt;prometeu.json&lt;/tt&gt;) para examiná-lo, verificá-lo e jogá-lo.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Abrir projeto…</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Boas-vindas</translation>
    </message>
    <message>
        <source>%1 — Prometeu Studio</source>
        <translation>%1 — Prometeu Studio</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Desfazer</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Refazer</translation>
    </message>
    <message>
        <source>Assets</source>
        <translation>Assets</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Depuração</translation>
    </message>
    <message>
        <source>%1 is not among the project&apos;s assets (anymore).</source>
        <translation>%1 não está (mais) entre os assets do projeto.</translation>
    </message>
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
    <message>
        <source>Open game project</source>
        <translation>Abrir projeto de jogo</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>Não foi possível abrir o projeto</translation>
    </message>
    <message>
        <source>%1 could not be opened as a Prometeu project.</source>
        <translation>%1 não pôde ser aberto como projeto Prometeu.</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Nenhum projeto recente</translation>
    </message>
    <message>
        <source>Serve Events on &amp;Loopback</source>
        <translation>Servir eventos em &amp;loopback</translation>
    </message>
    <message>
        <source>Let terminals, browsers and CI follow this project live (127.0.0.1 only, with a token)</source>
        <translation>Permitir que terminais, navegadores e CI acompanhem este projeto ao vivo (só 127.0.0.1, com token)</translation>
    </message>
    <message>
        <source>Cannot serve events</source>
        <translation>Não é possível servir eventos</translation>
    </message>
    <message>
        <source>The event server could not start: %1</source>
        <translation>O servidor de eventos não pôde iniciar: %1</translation>
    </message>
    <message>
        <source>Serving at %1</source>
        <translation>Servindo em %1</translation>
    </message>
    <message>
        <source>Serving events</source>
        <translation>Servindo eventos</translation>
    </message>
    <message>
        <source>This project&apos;s events are served at %1
Token: %2</source>
        <translation>Os eventos deste projeto são servidos em %1
Token: %2</translation>
    </message>
    <message>
        <source>Follow them with:
prometeu tail --url %1 --token %2</source>
        <translation>Acompanhe-os com:
prometeu tail --url %1 --token %2</translation>
    </message>
    <message>
        <source>Event Server &amp;Port...</source>
        <translation>&amp;Porta do servidor de eventos...</translation>
    </message>
    <message>
        <source>The loopback port events are served on; 0 picks a free one each time</source>
        <translation>A porta de loopback onde os eventos são servidos; 0 escolhe uma livre a cada vez</translation>
    </message>
    <message>
        <source>Event Server Port</source>
        <translation>Porta do servidor de eventos</translation>
    </message>
    <message>
        <source>Port on 127.0.0.1 (0: any free port, shown when serving):</source>
        <translation>Porta em 127.0.0.1 (0: qualquer porta livre, mostrada ao servir):</translation>
    </message>
    <message>
        <source>&amp;Live Reload</source>
        <translation>&amp;Recarga ao vivo</translation>
    </message>
    <message>
        <source>While the game runs, rebuild what you save and reload it into the game</source>
        <translation>Enquanto o jogo roda, gerar de novo o que você salva e recarregar no jogo</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Preferências...</translation>
    </message>
</context>
<context>
    <name>Prometeu::OperationProgressIndicator</name>
    <message>
        <source>Show the Activity panel</source>
        <translation>Mostrar o painel de Atividade</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n falhou</numerusform>
            <numerusform>%n falharam</numerusform>
        </translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Pronto</translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n outra)</numerusform>
            <numerusform> (+%n outras)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prometeu::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferências</translation>
    </message>
    <message>
        <source>Team Cache</source>
        <translation>Cache da equipe</translation>
    </message>
    <message>
        <source>Preferences Not Saved</source>
        <translation>Preferências não salvas</translation>
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
    <name>Prometeu::SessionStateBadge</name>
    <message>
        <source>idle</source>
        <translation>ocioso</translation>
    </message>
    <message>
        <source>preparing</source>
        <translation>preparando</translation>
    </message>
    <message>
        <source>prepare failed</source>
        <translation>preparo falhou</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>conectando</translation>
    </message>
    <message>
        <source>running</source>
        <translation>rodando</translation>
    </message>
    <message>
        <source>runtime failed</source>
        <translation>runtime falhou</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>encerrado</translation>
    </message>
</context>
<context>
    <name>Prometeu::TeamCachePage</name>
    <message>
        <source>Download conversions other machines made</source>
        <translation>Baixar conversões feitas por outras máquinas</translation>
    </message>
    <message>
        <source>Upload this machine&apos;s conversions</source>
        <translation>Enviar as conversões desta máquina</translation>
    </message>
    <message>
        <source>Test Connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>A team cache lets every teammate and CI runner reuse the assets one of them already converted. It is an HTTP cache your team runs: nginx with WebDAV, bazel-remote, or a proxy in front of S3.</source>
        <translation>Um cache da equipe permite que cada colega e cada máquina de CI reaproveite os assets que um deles já converteu. É um cache HTTP mantido pela sua equipe: nginx com WebDAV, bazel-remote ou um proxy na frente do S3.</translation>
    </message>
    <message>
        <source>Use the project&apos;s team cache (%1)</source>
        <translation>Usar o cache da equipe do projeto (%1)</translation>
    </message>
    <message>
        <source>Use the project&apos;s team cache (prometeu.json names none)</source>
        <translation>Usar o cache da equipe do projeto (o prometeu.json não indica nenhum)</translation>
    </message>
    <message>
        <source>Use this team cache:</source>
        <translation>Usar este cache da equipe:</translation>
    </message>
    <message>
        <source>Use no team cache</source>
        <translation>Não usar cache da equipe</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How long one request may take before the build converts the asset itself</source>
        <translation>Quanto uma requisição pode demorar antes que a geração converta o asset ela mesma</translation>
    </message>
    <message>
        <source>A token is set in PROMETEU_REMOTE_CACHE_TOKEN and is sent as a bearer token.</source>
        <translation>Há um token em PROMETEU_REMOTE_CACHE_TOKEN; ele é enviado como bearer token.</translation>
    </message>
    <message>
        <source>No token: set PROMETEU_REMOTE_CACHE_TOKEN before starting the Studio, or put a user name and password in the address (http://user:password@host/).</source>
        <translation>Sem token: defina PROMETEU_REMOTE_CACHE_TOKEN antes de abrir o Studio ou ponha usuário e senha no endereço (http://usuario:senha@host/).</translation>
    </message>
    <message>
        <source>This project now builds with %1 (from %2).</source>
        <translation>Este projeto agora gera com %1 (de %2).</translation>
    </message>
    <message>
        <source>This project now builds with this machine&apos;s cache only.</source>
        <translation>Este projeto agora gera só com o cache desta máquina.</translation>
    </message>
    <message>
        <source>Saved in %1, which the prometeu command reads too.</source>
        <translation>Salvo em %1, que o comando prometeu também lê.</translation>
    </message>
    <message>
        <source>Request timeout:</source>
        <translation>Tempo limite por requisição:</translation>
    </message>
    <message>
        <source>No address to test.</source>
        <translation>Nenhum endereço para testar.</translation>
    </message>
    <message>
        <source>Asking %1...</source>
        <translation>Consultando %1...</translation>
    </message>
    <message>
        <source>Enter the team cache&apos;s address, or choose another option.</source>
        <translation>Informe o endereço do cache da equipe ou escolha outra opção.</translation>
    </message>
    <message>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <source>Smaller assets are converted on every machine and never shared: converting them costs less than fetching them. 0 shares everything.</source>
        <translation>Assets menores são convertidos em cada máquina e nunca compartilhados: convertê-los custa menos que buscá-los. 0 compartilha tudo.</translation>
    </message>
    <message>
        <source>Share assets of at least:</source>
        <translation>Compartilhar assets a partir de:</translation>
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
    <name>RuntimeLauncher</name>
    <message>
        <source>The runtime did not stop within %1 ms; killing it.</source>
        <translation>O runtime não parou em %1 ms; encerrando-o à força.</translation>
    </message>
    <message>
        <source>Cannot open the handshake socket: %1.</source>
        <translation>Não é possível abrir o socket de handshake: %1.</translation>
    </message>
    <message>
        <source>Starting %1</source>
        <translation>Iniciando %1</translation>
    </message>
    <message>
        <source>process started (no handshake configured)</source>
        <translation>processo iniciado (sem handshake configurado)</translation>
    </message>
    <message>
        <source>The runtime could not be started (%1): %2.</source>
        <translation>Não foi possível iniciar o runtime (%1): %2.</translation>
    </message>
    <message>
        <source>The runtime sent an oversized handshake.</source>
        <translation>O runtime enviou um handshake grande demais.</translation>
    </message>
    <message>
        <source>The runtime&apos;s handshake had a wrong or missing token.</source>
        <translation>O handshake do runtime veio com token errado ou ausente.</translation>
    </message>
    <message>
        <source>handshake received from pid %1</source>
        <translation>handshake recebido do pid %1</translation>
    </message>
    <message>
        <source>The runtime did not shake hands within %1 ms.</source>
        <translation>O runtime não fez o handshake em %1 ms.</translation>
    </message>
    <message>
        <source>was killed by signal %1</source>
        <translation>foi encerrado pelo sinal %1</translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation>terminou com código %1</translation>
    </message>
    <message>
        <source>Stop: the runtime %1</source>
        <translation>Parar: o runtime %1</translation>
    </message>
    <message>
        <source>The runtime %1 before it connected.</source>
        <translation>O runtime %1 antes de se conectar.</translation>
    </message>
    <message>
        <source>The game ended.</source>
        <translation>O jogo terminou.</translation>
    </message>
    <message>
        <source>The runtime %1.</source>
        <translation>O runtime %1.</translation>
    </message>
    <message>
        <source>The runtime&apos;s handshake was not the expected JSON line.</source>
        <translation>O handshake do runtime não era a linha JSON esperada.</translation>
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
    <name>Shipper</name>
    <message>
        <source>Preparation was stopped.</source>
        <translation>A preparação foi interrompida.</translation>
    </message>
    <message>
        <source>The build failed; see the build lines above.</source>
        <translation>A geração falhou; veja as linhas de geração acima.</translation>
    </message>
    <message>
        <source>The cartridge is %1; the project allows %2.</source>
        <translation>O cartucho tem %1; o projeto permite %2.</translation>
    </message>
    <message>
        <source>%1 refers to %2, which is not in the cartridge.</source>
        <translation>%1 faz referência a %2, que não está no cartucho.</translation>
    </message>
    <message numerus="yes">
        <source>Pack validation found %n problem(s).</source>
        <translation>
            <numerusform>A validação do pacote encontrou %n problema.</numerusform>
            <numerusform>A validação do pacote encontrou %n problemas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cartridge verified: %n entries, every reference present, within the size limit.</source>
        <translation>
            <numerusform>Cartucho verificado: %n entrada, todas as referências presentes, dentro do limite de tamanho.</numerusform>
            <numerusform>Cartucho verificado: %n entradas, todas as referências presentes, dentro do limite de tamanho.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot put the cartridge in place at %1.</source>
        <translation>Não é possível colocar o cartucho em %1.</translation>
    </message>
    <message>
        <source>Packed %1 (%2).</source>
        <translation>%1 empacotado (%2).</translation>
    </message>
    <message>
        <source>%1 (%2) was up to date; nothing to pack.</source>
        <translation>%1 (%2) já estava atualizado; nada a empacotar.</translation>
    </message>
</context>
<context>
    <name>ShipperSessionAdapter</name>
    <message>
        <source>cartridge ready: %1</source>
        <translation>cartucho pronto: %1</translation>
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
        <source>On exit, print how late the GUI thread ran (p50/p99/max).</source>
        <translation>Ao sair, mostrar o atraso da thread da interface (p50/p99/máx).</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>Não foi possível abrir o projeto</translation>
    </message>
    <message>
        <source>%1 could not be opened as a Prometeu project:

%2</source>
        <translation>%1 não pôde ser aberto como projeto Prometeu:

%2</translation>
    </message>
    <message>
        <source>Quit once every --screenshot has been saved.</source>
        <translation>Sair assim que todas as --screenshot tiverem sido salvas.</translation>
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
