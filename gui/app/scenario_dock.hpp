#pragma once
// The dock beside the tabs: the open scenario's name, length and description (or how many
// errors it has), its parameters and variants, and a big Run button, so that changing a knob
// and running again needs no trip to a menu.
#include <QDockWidget>

class QAction;
class QLabel;

namespace stratus::gui {

class ParamPanel;
class ScenarioDocument;

class ScenarioDock : public QDockWidget {
  Q_OBJECT
 public:
  /// `run_action`: what the Run button triggers; the button is enabled as the action is.
  explicit ScenarioDock(QAction* run_action, QWidget* parent = nullptr);

  /// Shows what `document` holds now (nothing open, a valid scenario or one with errors) and
  /// rebuilds the parameters, keeping the values set for parameters of the same name.
  void show_document(const ScenarioDocument& document);

  ParamPanel* param_panel() const { return params_; }

 private:
  QLabel* title_ = nullptr;
  QLabel* description_ = nullptr;
  ParamPanel* params_ = nullptr;
};

}  // namespace stratus::gui
