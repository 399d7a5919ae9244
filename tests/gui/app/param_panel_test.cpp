// The parameter panel, generated from a scenario's declared params.
#include "gui/app/param_panel.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "gui/app/scenario_check.hpp"
#include "test_support.hpp"

using namespace stratus::gui;
using namespace stratus::gui::testing;

class ParamPanelTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void photo_resize_params_become_sliders_with_units() {
    const ScenarioCheck check =
        check_scenario_file(source_path(QStringLiteral("scenarios/photo-resize.yaml")));
    QVERIFY(check.ok);
    ParamPanel panel;
    panel.set_scenario(check.params, check.variants);
    QCOMPARE(panel.param_names(), (QStringList{QStringLiteral("upload_rate"), QStringLiteral("fleet_size")}));

    // upload_rate: {default: 2, min: 0.1, max: 50, step: 0.1, unit: "/s"}
    QDoubleSpinBox* rate = panel.spin_box(QStringLiteral("upload_rate"));
    QSlider* rate_slider = panel.slider(QStringLiteral("upload_rate"));
    QVERIFY(rate != nullptr && rate_slider != nullptr);
    QCOMPARE(rate->minimum(), 0.1);
    QCOMPARE(rate->maximum(), 50.0);
    QCOMPARE(rate->value(), 2.0);
    QCOMPARE(rate->singleStep(), 0.1);
    QCOMPARE(rate->suffix(), QStringLiteral(" /s"));
    QCOMPARE(rate_slider->maximum(), 499);  // (50 - 0.1) / 0.1 steps
    QVERIFY(!panel.reset_button(QStringLiteral("upload_rate"))->isEnabled());
    QVERIFY(panel.param_arguments().isEmpty());
    QVERIFY(!panel.variant_box()->isVisibleTo(&panel));  // no variants in this scenario

    // fleet_size: {default: 2, min: 1, max: 20}: a slider, no unit.
    QVERIFY(panel.slider(QStringLiteral("fleet_size")) != nullptr);
    QCOMPARE(panel.spin_box(QStringLiteral("fleet_size"))->suffix(), QString());
    QCOMPARE(panel.spin_box(QStringLiteral("fleet_size"))->decimals(), 0);

    // The slider drives the spin box and the run's --param; reset goes back.
    QSignalSpy changed(&panel, &ParamPanel::changed);
    rate_slider->setValue(rate_slider->maximum());
    QCOMPARE(rate->value(), 50.0);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(panel.param_arguments(), QStringList{QStringLiteral("upload_rate=50")});
    rate->setValue(6);
    QCOMPARE(rate_slider->value(), 59);
    QCOMPARE(panel.param_arguments(), QStringList{QStringLiteral("upload_rate=6")});
    QToolButton* reset = panel.reset_button(QStringLiteral("upload_rate"));
    QVERIFY(reset->isEnabled());
    reset->click();
    QCOMPARE(rate->value(), 2.0);
    QVERIFY(panel.param_arguments().isEmpty());

    // Out-of-range values are clamped to what the panel shows.
    QVERIFY(panel.set_value(QStringLiteral("fleet_size"), QStringLiteral("99")));
    QCOMPARE(panel.value(QStringLiteral("fleet_size")), QStringLiteral("20"));
    QVERIFY(!panel.set_value(QStringLiteral("no_such_param"), QStringLiteral("1")));
    panel.reset_all();
    QVERIFY(panel.param_arguments().isEmpty());
  }

  void text_params_and_variants() {
    const ScenarioCheck check = check_scenario_file(source_path(QStringLiteral("scenarios/az-outage.yaml")));
    QVERIFY(check.ok);
    ParamPanel panel;
    panel.set_scenario(check.params, check.variants);
    // outage_at: {default: 13h}: a duration, so a text field.
    QLineEdit* at = panel.text_field(QStringLiteral("outage_at"));
    QVERIFY(at != nullptr);
    QCOMPARE(at->text(), QStringLiteral("13h"));
    QVERIFY(panel.set_value(QStringLiteral("outage_at"), QStringLiteral("9h")));
    QCOMPARE(panel.param_arguments(), QStringList{QStringLiteral("outage_at=9h")});
    // The variants, after "(as written)".
    QCOMPARE(panel.variant_box()->count(), static_cast<int>(check.variants.size()) + 1);
    QVERIFY(check.variants.size() >= 4);
    QVERIFY(panel.variant().isEmpty());
    QVERIFY(panel.set_variant(QStringLiteral("three-az-static")));
    QCOMPARE(panel.variant(), QStringLiteral("three-az-static"));
    QVERIFY(!panel.set_variant(QStringLiteral("four-az")));

    // Reloading the same scenario (after an edit) keeps what the user set.
    panel.set_scenario(check.params, check.variants);
    QCOMPARE(panel.value(QStringLiteral("outage_at")), QStringLiteral("9h"));
    QCOMPARE(panel.variant(), QStringLiteral("three-az-static"));
  }

  void a_scenario_without_params_says_so() {
    ParamPanel panel;
    panel.set_scenario({}, {});
    QVERIFY(panel.param_names().isEmpty());
    QVERIFY(panel.param_arguments().isEmpty());
  }
};

QTEST_MAIN(ParamPanelTest)
#include "param_panel_test.moc"
