#include "gui/app/param_control.hpp"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

#include "gui/app/param_values.hpp"

namespace stratus::gui {

namespace {

QString tooltip_of(const ScenarioParam& p) {
  QString tip = p.description;
  tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) +
         ParamControl::tr("Default: %1").arg(p.default_text);
  if (!p.unit.isEmpty()) tip += QLatin1Char(' ') + p.unit;
  if (p.min) tip += QLatin1Char('\n') + ParamControl::tr("Minimum: %1").arg(param_number_text(*p.min));
  if (p.max) tip += QLatin1Char('\n') + ParamControl::tr("Maximum: %1").arg(param_number_text(*p.max));
  return tip;
}

}  // namespace

ParamControl::ParamControl(ScenarioParam param, QWidget* parent)
    : QWidget(parent), param_(std::move(param)), value_(param_.default_text) {
  const ScenarioParam& p = param_;
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 4, 0, 4);
  grid->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(p.name.toHtmlEscaped()), this), 0, 0);
  reset_ = new QToolButton(this);
  reset_->setText(tr("Reset"));
  reset_->setToolTip(tr("Back to the default, %1").arg(p.default_text));
  reset_->setObjectName(QStringLiteral("reset_") + p.name);
  grid->addWidget(reset_, 0, 2, Qt::AlignRight);
  setToolTip(tooltip_of(p));

  if (const std::optional<double> number = param_number(p.default_text))
    add_number_input(grid, *number);
  else
    add_text_input(grid);
  if (!p.description.isEmpty()) {
    auto* description = new QLabel(p.description, this);
    description->setWordWrap(true);
    description->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(description, 2, 0, 1, 3);
  }
  connect(reset_, &QToolButton::clicked, this, [this] { set_value(param_.default_text); });
  reset_->setEnabled(!is_default());
}

void ParamControl::add_number_input(QGridLayout* grid, double initial) {
  const ScenarioParam& p = param_;
  spin_ = new QDoubleSpinBox(this);
  spin_->setObjectName(QStringLiteral("spin_") + p.name);
  spin_->setDecimals(param_decimals(p));
  spin_->setRange(p.min.value_or(-1e12), p.max.value_or(1e12));
  if (p.step) spin_->setSingleStep(*p.step);
  if (!p.unit.isEmpty()) spin_->setSuffix(QLatin1Char(' ') + p.unit);
  spin_->setValue(initial);
  spin_->setKeyboardTracking(false);
  scale_ = SliderScale::of(p);
  if (scale_) {
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("slider_") + p.name);
    slider_->setRange(0, scale_->positions);
    slider_->setValue(scale_->position_of(initial));
    grid->addWidget(slider_, 1, 0, 1, 2);
    grid->addWidget(spin_, 1, 2);
    connect(slider_, &QSlider::valueChanged, this, [this](int position) {
      const QSignalBlocker block(spin_);
      spin_->setValue(scale_->value_at(position));
      take(param_number_text(spin_->value()));
    });
  } else {
    grid->addWidget(spin_, 1, 0, 1, 3);
  }
  connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (slider_ != nullptr) {
      const QSignalBlocker block(slider_);
      slider_->setValue(scale_->position_of(v));
    }
    take(param_number_text(v));
  });
}

void ParamControl::add_text_input(QGridLayout* grid) {
  text_ = new QLineEdit(param_.default_text, this);
  text_->setObjectName(QStringLiteral("text_") + param_.name);
  if (!param_.unit.isEmpty()) text_->setPlaceholderText(param_.unit);
  grid->addWidget(text_, 1, 0, 1, 3);
  connect(text_, &QLineEdit::textEdited, this, [this](const QString& text) { take(text.trimmed()); });
}

void ParamControl::take(const QString& value) {
  value_ = value;
  reset_->setEnabled(!is_default());
  Q_EMIT changed();
}

bool ParamControl::set_value(const QString& value) {
  if (spin_ != nullptr) {
    const std::optional<double> v = param_number(value);
    if (!v) return false;
    spin_->setValue(*v);  // updates the slider, the value and the reset button
    // A value outside the declared range is clamped by the spin box: keep what it shows, so
    // that the run uses what the panel shows.
    take(param_number_text(spin_->value()));
  } else {
    text_->setText(value.trimmed());
    take(value.trimmed());
  }
  return true;
}

bool ParamControl::is_default() const {
  return is_param_default(param_, value_);
}

}  // namespace stratus::gui
