#include "ui/naturalorder.h"

#include <QLocale>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Prometeu {

QCollator naturalOrderCollator()
{
    QCollator collator(QLocale().language() == QLocale::C ? QLocale(QLocale::English) : QLocale());
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    return collator;
}

void prepareNaturalOrder(QThreadPool *pool)
{
    // A comparison, not the constructor, is what opens the collator.
    pool->start([] { naturalOrderCollator().compare(u"frame2"_s, u"frame10"_s); });
}

} // namespace Prometeu
