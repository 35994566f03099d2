// Precompiled for the suites of the Studio's widgets (those linking ui/).
#include "test.h"
#include "widgets.h"
