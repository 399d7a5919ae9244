#pragma once
// The knobs of a scenario: one ParamControl per declared parameter (param_control.hpp), a
// "reset all", and the variant list when the scenario has variants. A run passes the values
// that differ from the defaults as --param.
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>
#include <vector>

#include "gui/app/scenario_check.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSlider;
class QToolButton;
class QVBoxLayout;
class QLabel;

namespace stratus::gui {

class ParamControl;

class ParamPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ParamPanel(QWidget* parent = nullptr);
  ~ParamPanel() override;

  /// Rebuilds the panel. Values the user had set for parameters of the same name are kept
  /// (reopening a scenario after an edit should not lose the slider positions).
  void set_scenario(const QVector<ScenarioParam>& params, const QVector<ScenarioVariant>& variants);

  /// "name=value" for every parameter that differs from its default, in declaration order.
  QStringList param_arguments() const;
  /// The chosen variant; empty for the scenario as written.
  QString variant() const;
  bool set_variant(const QString& name);
  /// Sets a parameter from text ("60"); false when no parameter has that name.
  bool set_value(const QString& name, const QString& value);
  QString value(const QString& name) const;
  void reset_all();

  QStringList param_names() const;
  /// The widgets of one parameter (null when it has none of that kind), for tests.
  QSlider* slider(const QString& name) const;
  QDoubleSpinBox* spin_box(const QString& name) const;
  QLineEdit* text_field(const QString& name) const;
  QToolButton* reset_button(const QString& name) const;
  QComboBox* variant_box() const { return variant_box_; }

 Q_SIGNALS:
  void changed();

 private:
  ParamControl* control(const QString& name) const;
  void set_variants(const QVector<ScenarioVariant>& variants);

  QVBoxLayout* rows_ = nullptr;
  QWidget* rows_host_ = nullptr;
  QLabel* empty_label_ = nullptr;
  QComboBox* variant_box_ = nullptr;
  QWidget* variant_row_ = nullptr;
  QToolButton* reset_all_ = nullptr;
  std::vector<ParamControl*> controls_;  // owned by rows_host_, in declaration order
};

}  // namespace stratus::gui
