#include "gui/app/speed_control.hpp"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSettings>
#include <QToolBar>
#include <algorithm>
#include <iterator>

#include "gui/app/run_controller.hpp"

namespace stratus::gui {

namespace {

// Speeds a class can follow, in simulated seconds per wall second; 0 runs flat out.
struct SpeedPreset {
  const char* label;
  double pace;
};
constexpr SpeedPreset kSpeeds[] = {
    {"As fast as possible", 0},    {"1 min per second", 60},  {"10 min per second", 600},
    {"1 h per second", 3600},      {"6 h per second", 21600}, {"1 day per second", 86400},
    {"1 week per second", 604800},
};
// The entry after the presets.
constexpr int kCustomSpeed = static_cast<int>(std::size(kSpeeds));
constexpr double kDefaultCustomPace = 3600;

// QSettings keys (kept from the first release, so a user's choice survives updates).
const QString kIndexKey = QStringLiteral("speed_index");
const QString kCustomKey = QStringLiteral("custom_speed");

}  // namespace

SpeedControl::SpeedControl(RunController* controller, QToolBar* bar) : QObject(bar), controller_(controller) {
  bar->addWidget(new QLabel(tr(" Speed: "), bar));
  presets_ = new QComboBox(bar);
  presets_->setObjectName(QStringLiteral("speed"));
  for (const SpeedPreset& s : kSpeeds)
    presets_->addItem(tr(s.label), s.pace);
  presets_->addItem(tr("Custom…"), -1.0);
  presets_->setToolTip(tr("Simulated time per wall-clock second, so a class can follow the run"));
  bar->addWidget(presets_);
  custom_ = new QDoubleSpinBox(bar);
  custom_->setRange(1, 1e9);
  custom_->setDecimals(0);
  custom_->setValue(kDefaultCustomPace);
  custom_->setSuffix(tr(" sim s per s"));
  custom_->setKeyboardTracking(false);  // one change per value typed, not one per digit
  custom_shown_ = bar->addWidget(custom_);
  custom_shown_->setVisible(false);
  connect(presets_, &QComboBox::currentIndexChanged, this, &SpeedControl::apply);
  connect(custom_, &QDoubleSpinBox::valueChanged, this, &SpeedControl::apply);
}

void SpeedControl::apply() {
  const bool custom = presets_->currentIndex() == kCustomSpeed;
  custom_shown_->setVisible(custom);
  controller_->set_pace(custom ? custom_->value() : presets_->currentData().toDouble());
}

void SpeedControl::set_pace(double sim_s_per_wall_s) {
  for (int i = 0; i < kCustomSpeed; ++i)
    if (presets_->itemData(i).toDouble() == sim_s_per_wall_s) {
      presets_->setCurrentIndex(i);
      return;
    }
  custom_->setValue(sim_s_per_wall_s);
  presets_->setCurrentIndex(kCustomSpeed);
}

void SpeedControl::restore(const QSettings& settings) {
  presets_->setCurrentIndex(std::clamp(settings.value(kIndexKey, 0).toInt(), 0, kCustomSpeed));
  custom_->setValue(settings.value(kCustomKey, kDefaultCustomPace).toDouble());
}

void SpeedControl::save(QSettings& settings) const {
  settings.setValue(kIndexKey, presets_->currentIndex());
  settings.setValue(kCustomKey, custom_->value());
}

}  // namespace stratus::gui
