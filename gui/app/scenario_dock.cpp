#include "gui/app/scenario_dock.hpp"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "gui/app/param_panel.hpp"
#include "gui/app/scenario_document.hpp"
#include "sim/units.hpp"

namespace stratus::gui {

namespace {
constexpr int kMinimumWidth = 280;
}

ScenarioDock::ScenarioDock(QAction* run_action, QWidget* parent) : QDockWidget(tr("Scenario"), parent) {
  setObjectName(QStringLiteral("scenario_dock"));  // the name QMainWindow::saveState() remembers it by
  // Not closable: without it there is no way to set parameters, and no menu to bring it back.
  setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  auto* host = new QWidget(this);
  auto* layout = new QVBoxLayout(host);
  title_ = new QLabel(host);
  title_->setWordWrap(true);
  title_->setTextFormat(Qt::RichText);
  layout->addWidget(title_);
  description_ = new QLabel(host);
  description_->setWordWrap(true);
  layout->addWidget(description_);
  // A scenario may declare more parameters than fit: they scroll, the Run button stays.
  auto* scroll = new QScrollArea(host);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  params_ = new ParamPanel(scroll);
  scroll->setWidget(params_);
  layout->addWidget(scroll, 1);
  auto* run = new QPushButton(tr("Run"), host);
  run->setObjectName(QStringLiteral("run_button"));
  connect(run, &QPushButton::clicked, run_action, &QAction::trigger);
  run->setEnabled(run_action->isEnabled());
  connect(run_action, &QAction::changed, run,
          [run, run_action] { run->setEnabled(run_action->isEnabled()); });
  layout->addWidget(run);
  setWidget(host);
  setMinimumWidth(kMinimumWidth);
}

void ScenarioDock::show_document(const ScenarioDocument& document) {
  if (!document.is_open()) {
    title_->setText(tr("<b>No scenario open</b>"));
    description_->setText(tr("Open a scenario file (File > Open) or drop one on the window."));
    params_->set_scenario({}, {});
    return;
  }
  const ScenarioCheck& check = document.check();
  const QString file = QFileInfo(document.path()).fileName();
  if (check.ok) {
    title_->setText(QStringLiteral("<b>%1</b> <small>(%2, %3)</small>")
                        .arg(check.name.toHtmlEscaped(), file.toHtmlEscaped(),
                             QString::fromStdString(sim::format_duration(check.duration_s))));
    description_->setText(check.description);
  } else {
    title_->setText(QStringLiteral("<b>%1</b>").arg(file.toHtmlEscaped()));
    const auto errors = check.diagnostics.size();
    description_->setText(errors == 1 ? tr("1 error in this file: see the Editor tab.")
                                      : tr("%1 errors in this file: see the Editor tab.").arg(errors));
  }
  params_->set_scenario(check.params, check.variants);
}

}  // namespace stratus::gui
