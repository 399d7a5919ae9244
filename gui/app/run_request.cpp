#include "gui/app/run_request.hpp"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace stratus::gui {

namespace {

QStringList scenario_arguments(const RunRequest& request) {
  QStringList args{QStringLiteral("run"), request.scenario_file};
  if (!request.variant.isEmpty()) args << QStringLiteral("--variant") << request.variant;
  for (const QString& p : request.params)
    args << QStringLiteral("--param") << p;
  for (const QString& s : request.sets)
    args << QStringLiteral("--set") << s;
  if (!request.out_dir.isEmpty()) args << QStringLiteral("--out") << request.out_dir;
  return args;
}

QString shell_quoted(const QString& word) {
  static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./=:,+@%-]+$"));
  if (safe.match(word).hasMatch()) return word;
  QString quoted = word;
  quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
  return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

}  // namespace

QString new_run_dir(const QString& results_dir, const QString& name) {
  const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  const QDir root(results_dir);
  QString dir = root.filePath(name + QLatin1Char('-') + stamp);
  for (int n = 2; QFileInfo::exists(dir); ++n)
    dir = root.filePath(QStringLiteral("%1-%2-%3").arg(name, stamp).arg(n));
  return dir;
}

QStringList stratus_arguments(const RunRequest& request) {
  QStringList args = scenario_arguments(request);
  args << QStringLiteral("--stream");
  if (request.pace > 0) args << QStringLiteral("--pace") << QString::number(request.pace, 'g', 12);
  return args;
}

QString command_line_text(const RunRequest& request) {
  QStringList words{QStringLiteral("stratus")};
  for (const QString& arg : scenario_arguments(request))
    words << shell_quoted(arg);
  return words.join(QLatin1Char(' '));
}

}  // namespace stratus::gui
