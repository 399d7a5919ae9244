// `stratus plot` as users run it: the real binaries, directly and through the CLI's plot
// subcommand, on each example; images that show something; bad input refused cleanly.
#include <gtest/gtest.h>

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QXmlStreamReader>
#include <filesystem>

#include "tests/gui/charts/example_runs.hpp"

namespace stratus::gui {
namespace {

using stratus::testing::CommandResult;
using stratus::testing::example_result;
using stratus::testing::qpath;
using stratus::testing::run_command;

CommandResult plot(const std::string& args) {
  return run_command(std::string(STRATUS_PLOT_BINARY) + " " + args);
}
CommandResult stratus_plot(const std::string& args) {
  return run_command(std::string(STRATUS_BINARY) + " plot " + args);
}

void expect_non_blank_png(const std::filesystem::path& path) {
  const QImage image(qpath(path));
  ASSERT_FALSE(image.isNull()) << path << " is not a PNG";
  // Axes, grid, labels and lines: several per cent of a chart's pixels; a blank one has none.
  EXPECT_GT(stratus::testing::non_background_share(image), 0.03) << path;
}

void expect_valid_svg(const std::filesystem::path& path) {
  QFile file(qpath(path));
  ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << path;
  QXmlStreamReader xml(&file);
  int polylines = 0;
  QString root;
  while (!xml.atEnd())
    if (xml.readNext() == QXmlStreamReader::StartElement) {
      if (root.isEmpty()) root = xml.name().toString();
      if (xml.name() == QLatin1String("polyline") || xml.name() == QLatin1String("path")) ++polylines;
    }
  EXPECT_FALSE(xml.hasError()) << qPrintable(xml.errorString());
  EXPECT_EQ(root, "svg");
  EXPECT_GT(polylines, 10);  // the lines are vectors, not one embedded bitmap
  // And it draws: rendered, it is not all background.
  QSvgRenderer renderer(qpath(path));
  ASSERT_TRUE(renderer.isValid());
  QImage image(800, 600, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  renderer.render(&painter);
  painter.end();
  EXPECT_GT(stratus::testing::non_background_share(image), 0.03);
}

class PlotEachExample : public ::testing::TestWithParam<std::string> {};

TEST_P(PlotEachExample, GivesANonBlankPngAndAValidSvg) {
  const auto result = example_result(GetParam());
  const auto dir = stratus::testing::temp_dir("plot-" + GetParam());
  const std::string input =
      GetParam() == "comparison" ? (result / "comparison.csv").string() : result.string();

  const CommandResult png = plot(input + " -o " + (dir / "charts.png").string());
  ASSERT_EQ(png.exit_code, 0) << png.output;
  EXPECT_NE(png.output.find("wrote " + (dir / "charts.png").string()), std::string::npos) << png.output;
  expect_non_blank_png(dir / "charts.png");

  // Through `stratus plot`, which runs the stratus-plot next to it.
  const CommandResult svg = stratus_plot(input + " -o " + (dir / "charts.svg").string() + " --size 1200x900");
  ASSERT_EQ(svg.exit_code, 0) << svg.output;
  expect_valid_svg(dir / "charts.svg");
  QSvgRenderer renderer(qpath(dir / "charts.svg"));
  EXPECT_EQ(renderer.viewBox(), QRect(0, 0, 1200, 900));
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Plot, PlotEachExample,
                         ::testing::Values("web", "photo", "az", "growth", "comparison"));

TEST(Plot, ChosenChartsAndTheDefaultOutput) {
  // A copy, so that the default output (charts.png in the folder) stays in this test's folder.
  const auto dir = stratus::testing::temp_dir("plot-default");
  std::filesystem::copy(example_result("photo"), dir / "photo");
  const CommandResult r = stratus_plot((dir / "photo").string() + " --charts serverless,cost");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("(serverless, cost)"), std::string::npos) << r.output;
  const QImage image(qpath(dir / "photo" / "charts.png"));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.size(), QSize(1600, 500));  // two charts side by side: one row

  const CommandResult one =
      plot((dir / "photo").string() + " --charts cost -o " + (dir / "cost.png").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(QImage(qpath(dir / "cost.png")).size(), QSize(1200, 500));
  std::filesystem::remove_all(dir);
}

struct BadInput {
  std::string name;
  std::string args;     // after the input; {in} is replaced by an input path
  std::string input;    // "web" (an example) or a path relative to the test's folder
  std::string message;  // what stderr must say
};

void PrintTo(const BadInput& bad, std::ostream* out) {
  *out << bad.name;
}

class PlotRefuses : public ::testing::TestWithParam<BadInput> {};

TEST_P(PlotRefuses, WithExitCode2AMessageAndNoFile) {
  const BadInput& bad = GetParam();
  const auto dir = stratus::testing::temp_dir("plot-bad-" + bad.name);
  std::filesystem::create_directories(dir / "empty");
  const std::string input = bad.input == "web" ? example_result("web").string() : (dir / bad.input).string();
  const std::string out = (dir / "out.png").string();
  for (const CommandResult& r :
       {plot(input + " " + bad.args + " -o " + out), stratus_plot(input + " " + bad.args + " -o " + out)}) {
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(bad.message), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << "a partial image was left behind";
  }
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Plot, PlotRefuses,
    ::testing::Values(BadInput{"missing", "", "absent", "absent: no such file or folder"},
                      BadInput{"not_a_result", "", "empty", "not a Stratus result folder: no summary.json"},
                      BadInput{"unknown_chart", "--charts capacity,costs", "web",
                               "--charts: unknown chart 'costs'; did you mean 'cost'?"},
                      BadInput{"chart_without_data", "--charts serverless", "web",
                               "no data for the serverless chart (this run has: capacity, demand, latency, "
                               "errors, cost)"},
                      BadInput{"bad_size", "--size huge", "web", "--size expects WIDTHxHEIGHT in pixels"},
                      BadInput{"unknown_option", "--colour red", "web", "Unknown option 'colour'"}),
    [](const auto& test) { return test.param.name; });

TEST(Plot, RefusesAnUnknownImageFormatAndAMissingOutputFolder) {
  const auto dir = stratus::testing::temp_dir("plot-bad-output");
  const std::string web = example_result("web").string();
  const CommandResult jpg = stratus_plot(web + " -o " + (dir / "charts.jpg").string());
  EXPECT_EQ(jpg.exit_code, 2);
  EXPECT_NE(jpg.output.find("charts.jpg: unsupported image format; name the file .png or .svg"),
            std::string::npos)
      << jpg.output;
  const CommandResult nowhere = plot(web + " -o " + (dir / "no" / "charts.png").string());
  EXPECT_EQ(nowhere.exit_code, 2);
  EXPECT_NE(nowhere.output.find("cannot write"), std::string::npos) << nowhere.output;
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "nothing may be written on bad input";
  std::filesystem::remove_all(dir);
}

TEST(Plot, HelpNamesTheCommandAsTyped) {
  const CommandResult help = stratus_plot("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("Usage: stratus plot [options] RESULT_DIR|comparison.csv"), std::string::npos)
      << help.output;
  EXPECT_NE(help.output.find("--charts <LIST>"), std::string::npos);
}

}  // namespace
}  // namespace stratus::gui
