#include "gui/app/param_panel.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>
#include <map>

#include "gui/app/param_control.hpp"

namespace stratus::gui {

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
  for (const ParamControl* c : controls_)
    if (c->value() != c->param().default_text) kept[c->param().name] = c->value();

  while (QLayoutItem* item = rows_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  controls_.clear();
  for (const ScenarioParam& p : params) {
    auto* c = new ParamControl(p, rows_host_);
    connect(c, &ParamControl::changed, this, &ParamPanel::changed);
    rows_->addWidget(c);
    controls_.push_back(c);
  }
  for (const auto& [name, value] : kept)
    set_value(name, value);
  empty_label_->setVisible(controls_.empty());
  reset_all_->setVisible(!controls_.empty());
  set_variants(variants);
}

void ParamPanel::set_variants(const QVector<ScenarioVariant>& variants) {
  const QString kept = variant();
  const QSignalBlocker block(variant_box_);
  variant_box_->clear();
  variant_box_->addItem(tr("(as written)"), QString());
  for (const ScenarioVariant& v : variants) {
    variant_box_->addItem(v.name, v.name);
    variant_box_->setItemData(variant_box_->count() - 1, v.description, Qt::ToolTipRole);
  }
  variant_row_->setVisible(!variants.isEmpty());
  set_variant(kept);
}

QStringList ParamPanel::param_arguments() const {
  QStringList args;
  for (const ParamControl* c : controls_)
    if (!c->is_default()) args << c->param().name + QLatin1Char('=') + c->value();
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

ParamControl* ParamPanel::control(const QString& name) const {
  for (ParamControl* c : controls_)
    if (c->param().name == name) return c;
  return nullptr;
}

bool ParamPanel::set_value(const QString& name, const QString& value) {
  ParamControl* c = control(name);
  return c != nullptr && c->set_value(value);
}

QString ParamPanel::value(const QString& name) const {
  const ParamControl* c = control(name);
  return c == nullptr ? QString() : c->value();
}

void ParamPanel::reset_all() {
  for (ParamControl* c : controls_)
    c->set_value(c->param().default_text);
}

QStringList ParamPanel::param_names() const {
  QStringList names;
  for (const ParamControl* c : controls_)
    names << c->param().name;
  return names;
}

QSlider* ParamPanel::slider(const QString& name) const {
  const ParamControl* c = control(name);
  return c == nullptr ? nullptr : c->slider();
}

QDoubleSpinBox* ParamPanel::spin_box(const QString& name) const {
  const ParamControl* c = control(name);
  return c == nullptr ? nullptr : c->spin_box();
}

QLineEdit* ParamPanel::text_field(const QString& name) const {
  const ParamControl* c = control(name);
  return c == nullptr ? nullptr : c->text_field();
}

QToolButton* ParamPanel::reset_button(const QString& name) const {
  const ParamControl* c = control(name);
  return c == nullptr ? nullptr : c->reset_button();
}

}  // namespace stratus::gui
