#pragma once
// The toolbar's speed box: how much simulated time passes per wall-clock second, so a class
// can follow a run (a minute per second) or let it finish at once. Presets plus a custom
// value, handed to the RunController whenever the choice changes (a run going on follows).
#include <QObject>

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QSettings;
class QToolBar;

namespace stratus::gui {

class RunController;

class SpeedControl : public QObject {
  Q_OBJECT
 public:
  /// Adds "Speed:", the presets and the custom value (shown only when chosen) to `bar`.
  SpeedControl(RunController* controller, QToolBar* bar);

  /// Picks the preset of that pace, or the custom value when no preset has it.
  void set_pace(double sim_s_per_wall_s);

  void restore(const QSettings& settings);
  void save(QSettings& settings) const;

  QComboBox* presets() const { return presets_; }

 private:
  void apply();

  RunController* controller_;
  QComboBox* presets_ = nullptr;
  QDoubleSpinBox* custom_ = nullptr;
  QAction* custom_shown_ = nullptr;  // the toolbar's handle on custom_, to hide it
};

}  // namespace stratus::gui
