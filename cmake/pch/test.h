// Precompiled for the QtTest suites. QTest's own header is left out: it
// tests which Qt modules the suite links (QT_GUI_LIB, QT_WIDGETS_LIB), and
// GCC will not use a header precompiled under other definitions.
#include "core.h"

#include <QtTest/qsignalspy.h>
#include <QtTest/qtestcase.h>
