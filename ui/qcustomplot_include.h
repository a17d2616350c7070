#pragma once

// qcustomplot.h is written with Qt's `signals`, `slots` and `foreach` keywords, which this
// project switches off (QT_NO_KEYWORDS) because they clash with LibTorch. Spell them out for
// this one header only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef foreach
