#pragma once
// The widgets of one declared parameter: its name and a reset button, then a slider and a
// spin box with the unit for a number with bounds, a spin box for another number, a text field
// for the rest (durations, policy names), and its description. It keeps the value as text.
#include <QString>
#include <QWidget>
#include <optional>

#include "gui/app/scenario_check.hpp"
#include "gui/app/slider_scale.hpp"

class QDoubleSpinBox;
class QGridLayout;
class QLineEdit;
class QSlider;
class QToolButton;

namespace stratus::gui {

class ParamControl : public QWidget {
  Q_OBJECT
 public:
  explicit ParamControl(ScenarioParam param, QWidget* parent = nullptr);

  const ScenarioParam& param() const { return param_; }
  /// The current value, as text ("50", "13h").
  const QString& value() const { return value_; }
  /// Sets the value from text; a number outside the bounds is clamped to them, as the spin
  /// box shows it. False, changing nothing, for text that is no number in a numeric control.
  bool set_value(const QString& value);
  bool is_default() const;

  QSlider* slider() const { return slider_; }
  QDoubleSpinBox* spin_box() const { return spin_; }
  QLineEdit* text_field() const { return text_; }
  QToolButton* reset_button() const { return reset_; }

 Q_SIGNALS:
  void changed();

 private:
  void add_number_input(QGridLayout* grid, double initial);
  void add_text_input(QGridLayout* grid);
  /// Records a value the user entered and tells the panel.
  void take(const QString& value);

  ScenarioParam param_;
  QString value_;
  std::optional<SliderScale> scale_;  // a slider's, when the number has both bounds
  QSlider* slider_ = nullptr;
  QDoubleSpinBox* spin_ = nullptr;
  QLineEdit* text_ = nullptr;
  QToolButton* reset_ = nullptr;
};

}  // namespace stratus::gui
