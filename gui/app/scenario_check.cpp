#include "gui/app/scenario_check.hpp"

#include <exception>

#include "models/scenario_loader.hpp"
#include "sim/config.hpp"
#include "sim/diagnostics.hpp"

namespace stratus::gui {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

ScenarioDiagnostic from_diagnostic(const sim::Diagnostic& d) {
  return ScenarioDiagnostic{qs(d.where.file), d.where.line, d.where.column, qs(d.message), qs(d.format())};
}

ScenarioDiagnostic without_position(const QString& file, const QString& message) {
  return ScenarioDiagnostic{file, 0, 0, message, file + QStringLiteral(": ") + message};
}

QVector<ScenarioParam> from_params(const std::vector<sim::ParamSpec>& specs) {
  QVector<ScenarioParam> params;
  for (const auto& p : specs)
    params.push_back(ScenarioParam{qs(p.name), qs(p.default_text), p.min, p.max, p.step, qs(p.unit_hint),
                                   qs(p.description)});
  return params;
}

/// Runs the loader and records what it says in `check`.
template <class Load>
void check_with(ScenarioCheck& check, const QString& path, Load load) {
  try {
    const models::ScenarioSpec spec = load();
    check.ok = true;
    check.name = qs(spec.name);
    check.description = qs(spec.description).trimmed();
    check.duration_s = spec.simulation.duration_s;
    for (const auto& v : spec.variants)
      check.variants.push_back(ScenarioVariant{qs(v.name), qs(v.description).trimmed()});
  } catch (const sim::InputError& e) {
    for (const auto& d : e.diagnostics())
      check.diagnostics.push_back(from_diagnostic(d));
  } catch (const std::exception& e) {
    check.diagnostics.push_back(without_position(path, qs(e.what())));
  }
}

}  // namespace

ScenarioCheck check_scenario_file(const QString& path) {
  ScenarioCheck check;
  const std::string file = path.toStdString();
  check_with(check, path, [&] { return models::load_scenario(file); });
  try {
    check.params = from_params(models::scenario_params(file));
  } catch (const std::exception&) {
    // Its errors are already in the diagnostics; a panel without sliders is the right answer.
  }
  return check;
}

ScenarioCheck check_scenario_text(const QString& text, const QString& path) {
  ScenarioCheck check;
  const std::string body = text.toStdString();
  const std::string file = path.toStdString();
  check_with(check, path, [&] { return models::parse_scenario(body, file); });
  try {
    check.params = from_params(sim::ConfigDocument::parse(body, file, {}, {}).params());
  } catch (const std::exception&) {
    // As above.
  }
  return check;
}

}  // namespace stratus::gui
