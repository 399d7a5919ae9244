#include "gui/app/param_panel.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>
#include <map>

namespace stratus::gui {

namespace {

// Sliders move in at most this many positions; a declared step makes fewer.
constexpr int kMaxSliderPositions = 1000;

std::optional<double> as_number(const QString& text) {
  bool ok = false;
  const double v = text.trimmed().toDouble(&ok);
  if (!ok || !std::isfinite(v)) return std::nullopt;
  return v;
}

QString number_text(double v) {
  return QString::number(v, 'g', 12);
}

/// Decimals that show a step (0.1 -> 1) or a default (2.5 -> 1) exactly.
int decimals_for(const ScenarioParam& p) {
  auto decimals_of = [](double v) {
    for (int d = 0; d <= 6; ++d)
      if (std::abs(v * std::pow(10.0, d) - std::round(v * std::pow(10.0, d))) < 1e-9) return d;
    return 6;
  };
  int d = 0;
  if (p.step) d = std::max(d, decimals_of(*p.step));
  if (auto v = as_number(p.default_text)) d = std::max(d, decimals_of(*v));
  if (!p.step && p.min && p.max && *p.max - *p.min <= 10) d = std::max(d, 2);
  return d;
}

}  // namespace

struct ParamPanel::Control {
  ScenarioParam spec;
  QString value;  // the current value, as text
  QSlider* slider = nullptr;
  QDoubleSpinBox* spin = nullptr;
  QLineEdit* text = nullptr;
  QToolButton* reset = nullptr;
  int positions = 0;  // slider: 0..positions map to min..max

  bool bounded() const { return spec.min && spec.max && *spec.max > *spec.min; }
  int position_of(double v) const {
    return static_cast<int>(std::lround((v - *spec.min) / (*spec.max - *spec.min) * positions));
  }
  double value_at(int position) const {
    const double v = *spec.min + (*spec.max - *spec.min) * position / positions;
    return spec.step ? *spec.min + std::round((v - *spec.min) / *spec.step) * *spec.step : v;
  }
};

ParamPanel::ParamPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  variant_row_ = new QWidget(this);
  auto* variant_layout = new QHBoxLayout(variant_row_);
  variant_layout->setContentsMargins(0, 0, 0, 0);
  variant_layout->addWidget(new QLabel(tr("Variant:"), variant_row_));
  variant_box_ = new QComboBox(variant_row_);
  variant_box_->setObjectName(QStringLiteral("variant_box"));
  variant_layout->addWidget(variant_box_, 1);
  layout->addWidget(variant_row_);
  connect(variant_box_, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT changed(); });

  rows_host_ = new QWidget(this);
  rows_ = new QVBoxLayout(rows_host_);
  rows_->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(rows_host_);
  empty_label_ = new QLabel(tr("This scenario declares no parameters."), this);
  empty_label_->setWordWrap(true);
  layout->addWidget(empty_label_);

  reset_all_ = new QToolButton(this);
  reset_all_->setText(tr("Reset all to defaults"));
  connect(reset_all_, &QToolButton::clicked, this, &ParamPanel::reset_all);
  layout->addWidget(reset_all_, 0, Qt::AlignLeft);
  layout->addStretch(1);
  set_scenario({}, {});
}

ParamPanel::~ParamPanel() = default;

void ParamPanel::set_scenario(const QVector<ScenarioParam>& params,
                              const QVector<ScenarioVariant>& variants) {
  std::map<QString, QString> kept;
  for (const auto& c : controls_)
    if (c->value != c->spec.default_text) kept[c->spec.name] = c->value;
  const QString kept_variant = variant();

  while (QLayoutItem* item = rows_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  controls_.clear();
  for (const ScenarioParam& p : params) {
    auto c = std::make_unique<Control>();
    c->spec = p;
    c->value = p.default_text;
    rows_->addWidget(build_control(*c));
    controls_.push_back(std::move(c));
  }
  for (const auto& [name, value] : kept)
    set_value(name, value);
  empty_label_->setVisible(controls_.empty());
  reset_all_->setVisible(!controls_.empty());

  {
    const QSignalBlocker block(variant_box_);
    variant_box_->clear();
    variant_box_->addItem(tr("(as written)"), QString());
    for (const ScenarioVariant& v : variants) {
      variant_box_->addItem(v.name, v.name);
      variant_box_->setItemData(variant_box_->count() - 1, v.description, Qt::ToolTipRole);
    }
    variant_row_->setVisible(!variants.isEmpty());
    set_variant(kept_variant);
  }
}

QWidget* ParamPanel::build_control(Control& c) {
  const ScenarioParam& p = c.spec;
  auto* box = new QWidget(rows_host_);
  auto* grid = new QGridLayout(box);
  grid->setContentsMargins(0, 4, 0, 4);
  auto* name = new QLabel(QStringLiteral("<b>%1</b>").arg(p.name.toHtmlEscaped()), box);
  grid->addWidget(name, 0, 0);
  c.reset = new QToolButton(box);
  c.reset->setText(tr("Reset"));
  c.reset->setToolTip(tr("Back to the default, %1").arg(p.default_text));
  c.reset->setObjectName(QStringLiteral("reset_") + p.name);
  grid->addWidget(c.reset, 0, 2, Qt::AlignRight);
  QString tip = p.description;
  tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Default: %1").arg(p.default_text);
  if (!p.unit.isEmpty()) tip += QLatin1Char(' ') + p.unit;
  if (p.min) tip += QLatin1Char('\n') + tr("Minimum: %1").arg(number_text(*p.min));
  if (p.max) tip += QLatin1Char('\n') + tr("Maximum: %1").arg(number_text(*p.max));
  box->setToolTip(tip);

  const std::optional<double> numeric_default = as_number(p.default_text);
  if (numeric_default) {
    c.spin = new QDoubleSpinBox(box);
    c.spin->setObjectName(QStringLiteral("spin_") + p.name);
    c.spin->setDecimals(decimals_for(p));
    c.spin->setRange(p.min.value_or(-1e12), p.max.value_or(1e12));
    if (p.step) c.spin->setSingleStep(*p.step);
    if (!p.unit.isEmpty()) c.spin->setSuffix(QLatin1Char(' ') + p.unit);
    c.spin->setValue(*numeric_default);
    c.spin->setKeyboardTracking(false);
    if (c.bounded()) {
      c.positions = kMaxSliderPositions;
      if (p.step && *p.step > 0)
        c.positions =
            std::clamp(static_cast<int>(std::lround((*p.max - *p.min) / *p.step)), 1, kMaxSliderPositions);
      c.slider = new QSlider(Qt::Horizontal, box);
      c.slider->setObjectName(QStringLiteral("slider_") + p.name);
      c.slider->setRange(0, c.positions);
      c.slider->setValue(c.position_of(*numeric_default));
      grid->addWidget(c.slider, 1, 0, 1, 2);
      grid->addWidget(c.spin, 1, 2);
      connect(c.slider, &QSlider::valueChanged, this, [this, &c](int position) {
        const QSignalBlocker block(c.spin);
        c.spin->setValue(c.value_at(position));
        c.value = number_text(c.spin->value());
        update_reset(c);
        Q_EMIT changed();
      });
    } else {
      grid->addWidget(c.spin, 1, 0, 1, 3);
    }
    connect(c.spin, &QDoubleSpinBox::valueChanged, this, [this, &c](double v) {
      if (c.slider != nullptr) {
        const QSignalBlocker block(c.slider);
        c.slider->setValue(c.position_of(v));
      }
      c.value = number_text(v);
      update_reset(c);
      Q_EMIT changed();
    });
  } else {
    c.text = new QLineEdit(p.default_text, box);
    c.text->setObjectName(QStringLiteral("text_") + p.name);
    if (!p.unit.isEmpty()) c.text->setPlaceholderText(p.unit);
    grid->addWidget(c.text, 1, 0, 1, 3);
    connect(c.text, &QLineEdit::textEdited, this, [this, &c](const QString& text) {
      c.value = text.trimmed();
      update_reset(c);
      Q_EMIT changed();
    });
  }
  if (!p.description.isEmpty()) {
    auto* description = new QLabel(p.description, box);
    description->setWordWrap(true);
    description->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(description, 2, 0, 1, 3);
  }
  connect(c.reset, &QToolButton::clicked, this, [this, &c] { set_value(c.spec.name, c.spec.default_text); });
  update_reset(c);
  return box;
}

void ParamPanel::update_reset(Control& c) {
  // Compare as numbers where possible: "30" and "30.0" are the same default.
  const auto a = as_number(c.value), b = as_number(c.spec.default_text);
  const bool is_default =
      (a && b) ? std::abs(*a - *b) <= 1e-12 * std::max(1.0, std::abs(*b)) : c.value == c.spec.default_text;
  c.reset->setEnabled(!is_default);
}

QStringList ParamPanel::param_arguments() const {
  QStringList args;
  for (const auto& c : controls_)
    if (c->reset->isEnabled()) args << c->spec.name + QLatin1Char('=') + c->value;
  return args;
}

QString ParamPanel::variant() const {
  return variant_box_->currentData().toString();
}

bool ParamPanel::set_variant(const QString& name) {
  const int index = variant_box_->findData(name);
  if (index < 0) return false;
  variant_box_->setCurrentIndex(index);
  return true;
}

ParamPanel::Control* ParamPanel::control(const QString& name) const {
  for (const auto& c : controls_)
    if (c->spec.name == name) return c.get();
  return nullptr;
}

bool ParamPanel::set_value(const QString& name, const QString& value) {
  Control* c = control(name);
  if (c == nullptr) return false;
  if (c->spin != nullptr) {
    const std::optional<double> v = as_number(value);
    if (!v) return false;
    c->spin->setValue(*v);  // updates the slider, the value and the reset button
    // A value outside the declared range is clamped by the spin box; keep what was asked
    // only when it fits, so that the run uses what the panel shows.
    c->value = number_text(c->spin->value());
  } else {
    c->text->setText(value.trimmed());
    c->value = value.trimmed();
  }
  update_reset(*c);
  Q_EMIT changed();
  return true;
}

QString ParamPanel::value(const QString& name) const {
  const Control* c = control(name);
  return c == nullptr ? QString() : c->value;
}

void ParamPanel::reset_all() {
  for (const auto& c : controls_)
    set_value(c->spec.name, c->spec.default_text);
}

QStringList ParamPanel::param_names() const {
  QStringList names;
  for (const auto& c : controls_)
    names << c->spec.name;
  return names;
}

QSlider* ParamPanel::slider(const QString& name) const {
  const Control* c = control(name);
  return c == nullptr ? nullptr : c->slider;
}

QDoubleSpinBox* ParamPanel::spin_box(const QString& name) const {
  const Control* c = control(name);
  return c == nullptr ? nullptr : c->spin;
}

QLineEdit* ParamPanel::text_field(const QString& name) const {
  const Control* c = control(name);
  return c == nullptr ? nullptr : c->text;
}

QToolButton* ParamPanel::reset_button(const QString& name) const {
  const Control* c = control(name);
  return c == nullptr ? nullptr : c->reset;
}

}  // namespace stratus::gui
