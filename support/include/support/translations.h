#pragma once

#include <QString>
#include <QTranslator>

namespace Prometeu {

// The catalogues an executable installs at start, embedded under :/i18n:
// `<catalogue>_en` (the English plural forms: "1 warning", "2 warnings"
// where the sources say "%n warning(s)") and `<catalogue>_<language>` for
// the user's language, with Qt's own when asked (widgets' texts). The
// last installed is asked first. Keep it as long as the application: its
// translators leave with it.
class Translations
{
public:
    enum class QtCatalogue { Without, With };

    explicit Translations(const QString &catalogue, QtCatalogue qt = QtCatalogue::Without);
    Translations(const Translations &) = delete;
    Translations &operator=(const Translations &) = delete;

private:
    QTranslator m_plurals;
    QTranslator m_qt;
    QTranslator m_own;
};

} // namespace Prometeu
