#include "gui/plot/plot_command.hpp"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "gui/charts/chart_export.hpp"
#include "gui/charts/chart_panel.hpp"
#include "gui/charts/run_loader.hpp"
#include "sim/suggest.hpp"

namespace stratus::gui {

namespace {

constexpr int kOk = 0;
constexpr int kBadInput = 2;
constexpr int kGridColumns = 2;
constexpr int kDefaultWidth = 1600;
constexpr int kDefaultRowHeight = 500;

void print_error(const QString& program, const QString& message) {
  std::fprintf(stderr, "%s: %s\n", qPrintable(program), qPrintable(message));
}

/// "stratus plot" when run through the CLI (which passes that as argv[0]), else the file name.
QString program_name(const QStringList& arguments) {
  if (arguments.isEmpty()) return QStringLiteral("stratus-plot");
  const QString first = arguments.front();
  return first.contains(QLatin1Char(' ')) ? first : QFileInfo(first).fileName();
}

std::optional<QSize> parse_size(const QString& text) {
  static const QRegularExpression kSize(QStringLiteral("^(\\d{1,5})[xX](\\d{1,5})$"));
  const QRegularExpressionMatch m = kSize.match(text.trimmed());
  if (!m.hasMatch()) return std::nullopt;
  const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
  if (size.width() < 100 || size.height() < 100) return std::nullopt;
  return size;
}

std::vector<std::string> chart_names() {
  std::vector<std::string> names;
  for (const ChartKind kind : all_chart_kinds())
    names.push_back(chart_kind_name(kind).toStdString());
  return names;
}

QString join_names(const QList<ChartKind>& kinds) {
  QStringList names;
  for (const ChartKind kind : kinds)
    names << chart_kind_name(kind);
  return names.join(QStringLiteral(", "));
}

/// The charts asked for, in the order given; throws std::invalid_argument naming a bad one.
QList<ChartKind> parse_chart_list(const QString& list) {
  QList<ChartKind> kinds;
  for (const QString& item : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    const std::optional<ChartKind> kind = chart_kind_from_name(item);
    if (!kind)
      throw std::invalid_argument(
          "--charts: " + sim::unknown_name_message("chart", item.trimmed().toStdString(), chart_names()));
    if (!kinds.contains(*kind)) kinds << *kind;
  }
  if (kinds.isEmpty())
    throw std::invalid_argument("--charts: no chart named; expected a list such as cost,latency");
  return kinds;
}

QString default_output(const QString& input) {
  const QFileInfo info(input);
  const QDir folder = info.isDir() ? QDir(input) : info.absoluteDir();
  return folder.filePath(QStringLiteral("charts.png"));
}

}  // namespace

int plot_command(const QStringList& arguments) {
  const QString program = program_name(arguments);
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Draws the charts of a Stratus run (or of the variants of a comparison) into a PNG or SVG "
      "image, with no display. Several charts go into one image, two per row."));
  parser.addHelpOption();
  parser.addPositionalArgument(
      QStringLiteral("input"),
      QStringLiteral("A result folder (`stratus run --out DIR`), or a comparison.csv "
                     "(`stratus compare`) whose variants are overlaid."),
      QStringLiteral("RESULT_DIR|comparison.csv"));
  const QCommandLineOption output_option(
      {QStringLiteral("o"), QStringLiteral("output")},
      QStringLiteral("Image to write, .png or .svg (default: charts.png in the result folder, or next to "
                     "comparison.csv)."),
      QStringLiteral("FILE"));
  const QCommandLineOption charts_option(
      QStringLiteral("charts"),
      QStringLiteral("Charts to draw, comma-separated: capacity, demand, latency, errors, serverless, cost "
                     "(default: every chart the run has data for)."),
      QStringLiteral("LIST"));
  const QCommandLineOption size_option(
      QStringLiteral("size"),
      QStringLiteral("Size of the whole image in pixels (default: 1600 wide, 500 per row)."),
      QStringLiteral("WxH"));
  parser.addOptions({output_option, charts_option, size_option});

  if (!parser.parse(arguments)) {
    QString message = parser.errorText();
    if (message.endsWith(QLatin1Char('.'))) message.chop(1);
    print_error(program, message + "; see " + program + " --help");
    return kBadInput;
  }
  if (parser.isSet(QStringLiteral("help"))) {
    std::fputs(qPrintable(parser.helpText().replace(QFileInfo(arguments.value(0)).fileName(), program)),
               stdout);
    return kOk;
  }
  const QStringList inputs = parser.positionalArguments();
  if (inputs.size() != 1) {
    print_error(program, QStringLiteral("expected one RESULT_DIR or comparison.csv, got %1; see %2 --help")
                             .arg(inputs.size())
                             .arg(program));
    return kBadInput;
  }
  const QString input = inputs.front();
  const QString output = parser.isSet(output_option) ? parser.value(output_option) : default_output(input);
  const QString suffix = QFileInfo(output).suffix().toLower();
  if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
    print_error(program, output + ": unsupported image format; name the file .png or .svg");
    return kBadInput;
  }
  std::optional<QSize> size;
  if (parser.isSet(size_option)) {
    size = parse_size(parser.value(size_option));
    if (!size) {
      print_error(program, "--size expects WIDTHxHEIGHT in pixels, at least 100x100 (e.g. 1600x900), not '" +
                               parser.value(size_option) + "'");
      return kBadInput;
    }
  }

  try {
    const std::optional<QList<ChartKind>> requested =
        parser.isSet(charts_option) ? std::optional(parse_chart_list(parser.value(charts_option)))
                                    : std::nullopt;
    const std::vector<RunData> runs = load_runs(input);
    std::vector<const RunData*> pointers;
    for (const RunData& run : runs)
      pointers.push_back(&run);

    QList<ChartKind> available;
    for (const ChartKind kind : all_chart_kinds())
      for (const RunData* run : pointers)
        if (chart_applies(kind, *run)) {
          available << kind;
          break;
        }
    if (available.isEmpty())
      throw std::invalid_argument(input.toStdString() + ": no column that any chart draws");
    QList<ChartKind> kinds = requested.value_or(available);
    for (const ChartKind kind : kinds)
      if (!available.contains(kind))
        throw std::invalid_argument(QStringLiteral("%1: no data for the %2 chart (this run has: %3)")
                                        .arg(input, chart_kind_name(kind), join_names(available))
                                        .toStdString());

    std::vector<std::unique_ptr<QChart>> charts;
    std::vector<QChart*> drawn;
    for (const ChartKind kind : kinds) {
      charts.emplace_back(build_chart(kind, pointers));
      drawn.push_back(charts.back().get());
    }
    const int columns = kinds.size() > 1 ? kGridColumns : 1;
    const int rows = (static_cast<int>(kinds.size()) + columns - 1) / columns;
    const QSize image_size =
        size.value_or(QSize(kinds.size() > 1 ? kDefaultWidth : 1200, kDefaultRowHeight * rows));
    QString error;
    if (!save_chart_grid(drawn, columns, image_size, output, &error))
      throw std::invalid_argument(error.toStdString());
    std::printf("wrote %s (%s)\n", qPrintable(output), qPrintable(join_names(kinds)));
    return kOk;
  } catch (const std::exception& e) {
    print_error(program, QString::fromStdString(e.what()));
    return kBadInput;
  }
}

}  // namespace stratus::gui
