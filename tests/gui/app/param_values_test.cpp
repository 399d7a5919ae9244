// The rules behind the parameter panel, without widgets: numbers read from text, the text
// --param gets, the decimals a spin box shows, what counts as the default, and how a bounded
// parameter maps onto a slider's positions.
#include "gui/app/param_values.hpp"

#include <QtTest>

#include "gui/app/slider_scale.hpp"

using namespace stratus::gui;

namespace {

ScenarioParam param(const QString& default_text, std::optional<double> min = std::nullopt,
                    std::optional<double> max = std::nullopt, std::optional<double> step = std::nullopt) {
  ScenarioParam p;
  p.name = QStringLiteral("p");
  p.default_text = default_text;
  p.min = min;
  p.max = max;
  p.step = step;
  return p;
}

}  // namespace

class ParamValuesTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void numbers_from_text() {
    QCOMPARE(param_number(QStringLiteral(" 2.5 ")), std::optional<double>(2.5));
    QVERIFY(!param_number(QStringLiteral("13h")).has_value());
    QVERIFY(!param_number(QStringLiteral("inf")).has_value());
    QVERIFY(!param_number(QString()).has_value());
    QCOMPARE(param_number_text(50.0), QStringLiteral("50"));
    QCOMPARE(param_number_text(0.1 + 0.2), QStringLiteral("0.3"));  // 12 digits: no 0.30000000000000004
  }

  void decimals_show_the_step_and_the_default() {
    QCOMPARE(param_decimals(param(QStringLiteral("2"), 0.1, 50.0, 0.1)), 1);
    QCOMPARE(param_decimals(param(QStringLiteral("2.25"), 0.0, 100.0, 1.0)), 2);
    QCOMPARE(param_decimals(param(QStringLiteral("6"), 1.0, 60.0, 1.0)), 0);
    QCOMPARE(param_decimals(param(QStringLiteral("2"), 1.0, 20.0)), 0);
    QCOMPARE(param_decimals(param(QStringLiteral("0.5"), 0.0, 1.0)), 2);  // a narrow range, no step
    QCOMPARE(param_decimals(param(QStringLiteral("13h"))), 0);
  }

  void defaults_compare_as_numbers_or_as_text() {
    QVERIFY(is_param_default(param(QStringLiteral("30")), QStringLiteral("30.0")));
    QVERIFY(!is_param_default(param(QStringLiteral("30")), QStringLiteral("31")));
    QVERIFY(is_param_default(param(QStringLiteral("13h")), QStringLiteral("13h")));
    QVERIFY(!is_param_default(param(QStringLiteral("13h")), QStringLiteral("780min")));  // not parsed here
  }

  void a_slider_has_a_position_per_step() {
    QVERIFY(!SliderScale::of(param(QStringLiteral("2"))).has_value());            // no bounds
    QVERIFY(!SliderScale::of(param(QStringLiteral("2"), 5.0, 5.0)).has_value());  // no range
    const std::optional<SliderScale> rate = SliderScale::of(param(QStringLiteral("2"), 0.1, 50.0, 0.1));
    QVERIFY(rate.has_value());
    QCOMPARE(rate->positions, 499);
    QCOMPARE(rate->position_of(6.0), 59);
    QCOMPARE(rate->value_at(59), 6.0);
    QCOMPARE(rate->value_at(rate->positions), 50.0);
    // Without a step: 1000 positions, values between the grid's points.
    const std::optional<SliderScale> share = SliderScale::of(param(QStringLiteral("0.5"), 0.0, 1.0));
    QVERIFY(share.has_value());
    QCOMPARE(share->positions, SliderScale::kMaxPositions);
    QCOMPARE(share->value_at(333), 0.333);
    // A step finer than a thousandth of the range is coarsened to 1000 positions.
    QCOMPARE(SliderScale::of(param(QStringLiteral("1"), 0.0, 100.0, 0.01))->positions,
             SliderScale::kMaxPositions);
  }
};

QTEST_MAIN(ParamValuesTest)
#include "param_values_test.moc"
