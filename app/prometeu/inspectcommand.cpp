#include "commands.h"

#include <packer/cartridge.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLocale>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

int runInspectCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "List a cartridge's contents and verify it: header, table of contents, every entry's "
               "hash and the whole-file checksum.\n\nExit codes: 0 valid, 1 damaged or not a "
               "cartridge, 2 usage error."));
    parser.addPositionalArgument(u"cartridge"_s, QCoreApplication::translate("Cli", "Cartridge file (.pcart)."));
    parser.addHelpOption();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << u'\n';
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        out << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) {
        err << QCoreApplication::translate("Cli", "Expected exactly one cartridge file.\n\n") << parser.helpText();
        return 2;
    }

    CartridgeReader reader;
    if (!reader.open(parser.positionalArguments().first())) {
        err << reader.errorString() << u'\n';
        return 1;
    }
    const QLocale locale = QLocale::system();
    out << u"%1  %2  %3  %4  %5\n"_s.arg(u"kind"_s.leftJustified(8), u"stored"_s.rightJustified(10),
                                          u"size"_s.rightJustified(10), u"comp"_s.leftJustified(4), u"name"_s);
    int damaged = 0;
    qint64 original = 0;
    for (const CartridgeEntry &entry : reader.entries()) {
        const bool ok = reader.read(entry).has_value();
        if (!ok) {
            ++damaged;
            err << reader.errorString() << u'\n';
        }
        original += qint64(entry.originalSize);
        out << u"%1  %2  %3  %4  %5%6\n"_s.arg(wireName(entry.kind).leftJustified(8),
                                               locale.formattedDataSize(qint64(entry.storedSize)).rightJustified(10),
                                               locale.formattedDataSize(qint64(entry.originalSize)).rightJustified(10),
                                               wireName(entry.compression).leftJustified(4), entry.name,
                                               ok ? QString() : u"  DAMAGED"_s);
    }
    out << QCoreApplication::translate("Cli", "%1 entries, %2 in the file (%3 unpacked), checksum %4: %5.\n")
               .arg(reader.entries().size())
               .arg(locale.formattedDataSize(reader.fileSize()), locale.formattedDataSize(original),
                    QString::fromLatin1(reader.fileHash().toHex()),
                    damaged == 0 ? QCoreApplication::translate("Cli", "verified")
                                 : QCoreApplication::translate("Cli", "%n entry(ies) damaged", nullptr, damaged));
    return damaged == 0 ? 0 : 1;
}

} // namespace Prometeu::Cli
