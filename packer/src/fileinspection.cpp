#include "packer/assetinspection.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {
// Gives lupdate a context for the strings of this file.
class AssetInspectionText
{
    Q_DECLARE_TR_FUNCTIONS(AssetInspection)
};
} // namespace

QString AssetContext::absolutePath() const
{
    return project.assetsPath() + u'/' + record.path;
}

Diagnostic AssetContext::diagnostic(Severity severity, const QString &code, const QString &message,
                                    int line, int column) const
{
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.message = message;
    d.asset = record.path;
    d.file = project.projectRelativeAssetPath(record.path);
    d.line = line;
    d.column = column;
    return d;
}

bool AssetInspection::inspectFile(const AssetContext &asset, QList<Diagnostic> *out)
{
    const AssetRecord &record = asset.record;
    switch (record.problem) {
    case EntryProblem::None:
        break;
    case EntryProblem::LinkLoop:
        out->append(asset.diagnostic(Severity::Error, u"link.loop"_s,
                                     AssetInspectionText::tr("This symbolic link loops back on itself (target: %1).")
                                         .arg(record.linkTarget)));
        return false;
    case EntryProblem::LinkOutside:
        out->append(asset.diagnostic(
            Severity::Error, u"link.outside"_s,
            AssetInspectionText::tr("This symbolic link points outside the project (%1); copy the file into the "
               "project instead.")
                .arg(record.linkTarget)));
        return false;
    case EntryProblem::LinkDangling:
        out->append(asset.diagnostic(Severity::Error, u"link.dangling"_s,
                                     AssetInspectionText::tr("This symbolic link points to %1, which does not exist.")
                                         .arg(record.linkTarget)));
        return false;
    case EntryProblem::NotRegular:
        out->append(asset.diagnostic(
            Severity::Error, u"file.not_regular"_s,
            AssetInspectionText::tr("This is not a regular file (a pipe, socket or device) and cannot be packed.")));
        return false;
    case EntryProblem::BadEncoding:
        out->append(asset.diagnostic(
            Severity::Error, u"name.encoding"_s,
            AssetInspectionText::tr("The file name is not valid UTF-8; rename the file.")));
        return false;
    case EntryProblem::Unreadable: {
        // Asked again now, for the system's own words.
        const int fd = ::open(QFile::encodeName(asset.absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        const QString reason = fd < 0 ? QString::fromLocal8Bit(std::strerror(errno))
                                      : AssetInspectionText::tr("it can be read now; scan again");
        if (fd >= 0)
            ::close(fd);
        out->append(asset.diagnostic(
            Severity::Error, u"folder.unreadable"_s,
            AssetInspectionText::tr("This folder cannot be read (%1): its files are not packed.").arg(reason)));
        return false;
    }
    case EntryProblem::TooDeep:
        out->append(asset.diagnostic(
            Severity::Error, u"path.too_deep"_s,
            AssetInspectionText::tr("Folders are nested more than %1 levels deep here; the rest is not scanned.")
                .arg(64)));
        return false;
    }

    const QString path = asset.absolutePath();
    const QFileInfo info(path);
    if (!info.exists()) {
        out->append(asset.diagnostic(Severity::Error, u"file.vanished"_s,
                                     AssetInspectionText::tr("The file disappeared after it was scanned; scan again.")));
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out->append(asset.diagnostic(Severity::Error, u"file.unreadable"_s,
                                     AssetInspectionText::tr("The file cannot be read: %1.").arg(embeddableReason(file.errorString()))));
        return false;
    }
    if (info.size() == 0) {
        // An empty text file is odd but harmless; an empty image or sound is broken.
        const bool harmless = record.kind == AssetKind::Text || record.kind == AssetKind::Script
            || record.kind == AssetKind::Unknown;
        out->append(asset.diagnostic(harmless ? Severity::Warning : Severity::Error, u"file.empty"_s,
                                     AssetInspectionText::tr("The file is empty (0 bytes).")));
        return false;
    }
    const qint64 limit = asset.project.manifest().cartridge.maxBytes;
    if (info.size() > limit) {
        const QString size = QLocale::system().formattedDataSize(info.size());
        const QString cartridge = QLocale::system().formattedDataSize(limit);
        // What a build stores as it is cannot fit, and the build refuses it
        // unread; a picture or a sound is converted first and may come out
        // smaller (a long sound resampled), so the cartridge's size decides,
        // and its content is still checked.
        if (storedAsItIs(record.kind)) {
            out->append(asset.diagnostic(
                Severity::Error, u"file.too_large"_s,
                AssetInspectionText::tr("The file is %1, more than the whole cartridge may hold (%2).").arg(size, cartridge)));
            return false;
        }
        out->append(asset.diagnostic(
            Severity::Warning, u"file.too_large"_s,
            AssetInspectionText::tr("The file is %1, more than the whole cartridge may hold (%2); it fits only if "
                                    "converting it makes it smaller.")
                .arg(size, cartridge)));
    }
    return true;
}

} // namespace Prometeu
