#include "support/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace Prometeu {

Translations::Translations(const QString &catalogue, QtCatalogue qt)
{
    const QString embedded = QStringLiteral(":/i18n");
    if (m_plurals.load(catalogue + QStringLiteral("_en"), embedded))
        QCoreApplication::installTranslator(&m_plurals);
    if (qt == QtCatalogue::With
        && m_qt.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
    if (m_own.load(QLocale(), catalogue, QStringLiteral("_"), embedded))
        QCoreApplication::installTranslator(&m_own);
}

} // namespace Prometeu
