#pragma once

class QApplication;

namespace Prometeu {

// The Studio's look: Fusion with a dark palette, as game developers know
// from their engines' editors. `dark` false keeps the platform's palette.
void applyStudioStyle(QApplication &application, bool dark = true);

} // namespace Prometeu
