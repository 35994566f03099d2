// Precompiled for the Studio's widgets (ui/, the Studio executable and its
// benchmark): Qt Core's share, then the Qt Gui and Widgets classes they use most.
#include "core.h"

#include <QAction>
#include <QApplication>
#include <QBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QWidget>
