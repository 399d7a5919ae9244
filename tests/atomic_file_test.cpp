#include "sim/atomic_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace stratus::sim {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ =
        fs::temp_directory_path() / ("stratus_atomic_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Every file name in the directory tree, so leftover temporaries show up.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(directory_)) {
      names.push_back(fs::relative(entry.path(), directory_).string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path directory_;
};

TEST_F(AtomicFileTest, WritesContentAndLeavesNoTemporary) {
  const fs::path path = directory_ / "summary.json";
  write_file_atomically(path, "{\"ok\":true}\n");
  EXPECT_EQ(read(path), "{\"ok\":true}\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"summary.json"});
}

TEST_F(AtomicFileTest, CreatesParentDirectories) {
  const fs::path path = directory_ / "runs" / "a" / "timeseries.csv";
  write_file_atomically(path, "time_s\n");
  EXPECT_EQ(read(path), "time_s\n");
}

TEST_F(AtomicFileTest, ReplacesExistingFileAndWritesBinaryAndEmpty) {
  const fs::path path = directory_ / "out.bin";
  write_file_atomically(path, "old contents that are longer");
  const std::string binary("a\0b\n\r\xff", 6);
  write_file_atomically(path, binary);
  EXPECT_EQ(read(path), binary);
  write_file_atomically(path, "");
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(fs::file_size(path), 0u);
  EXPECT_EQ(entries(), std::vector<std::string>{"out.bin"});
}

TEST_F(AtomicFileTest, FailureThrowsWithPathAndReason) {
  // A regular file where a parent directory should be: fails even when running as root.
  write_file_atomically(directory_ / "blocker", "x");
  const fs::path path = directory_ / "blocker" / "out.csv";
  try {
    write_file_atomically(path, "data");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find((directory_ / "blocker").string()), std::string::npos) << message;
    EXPECT_NE(message.find("Not a directory"), std::string::npos) << message;
  }
  EXPECT_THROW(AtomicFileWriter(directory_ / "blocker" / "stream.csv"), std::runtime_error);
  EXPECT_EQ(entries(), std::vector<std::string>{"blocker"});
}

TEST_F(AtomicFileTest, RenameOntoDirectoryFailsAndCleansUp) {
  fs::create_directories(directory_ / "taken" / "child");
  EXPECT_THROW(write_file_atomically(directory_ / "taken", "data"), std::runtime_error);
  AtomicFileWriter writer(directory_ / "taken");
  writer.stream() << "data";
  EXPECT_THROW(writer.commit(), std::runtime_error);
  EXPECT_EQ(entries(), (std::vector<std::string>{"taken", "taken/child"}));
}

TEST_F(AtomicFileTest, WriterCommitWritesStreamedContent) {
  const fs::path path = directory_ / "series.csv";
  std::string expected = "time_s,n\n";
  {
    AtomicFileWriter writer(path);
    writer.stream() << "time_s,n\n";
    // More than the 64 KiB buffer, in both small and large pieces.
    for (int i = 0; i < 20000; ++i) {
      const std::string line = std::to_string(i) + "," + std::to_string(i * 7) + "\n";
      writer.stream() << line;
      expected += line;
    }
    const std::string block(200000, 'z');
    writer.stream() << block;
    expected += block;
    EXPECT_FALSE(fs::exists(path));  // invisible until committed
    writer.commit();
    EXPECT_THROW(writer.stream(), std::logic_error);
    EXPECT_THROW(writer.commit(), std::logic_error);
  }
  EXPECT_EQ(read(path), expected);
  EXPECT_EQ(entries(), std::vector<std::string>{"series.csv"});
}

TEST_F(AtomicFileTest, WriterDestroyedWithoutCommitLeavesNothing) {
  const fs::path path = directory_ / "partial.csv";
  {
    AtomicFileWriter writer(path);
    writer.stream() << "half a row,";
    EXPECT_TRUE(fs::exists(writer.temporary_path()));
    EXPECT_EQ(writer.temporary_path().parent_path(), directory_);  // same directory: rename is atomic
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFileTest, ExistingFileReplacedOnlyOnCommit) {
  const fs::path path = directory_ / "result.json";
  write_file_atomically(path, "old");
  {
    AtomicFileWriter abandoned(path);
    abandoned.stream() << "never committed";
  }
  EXPECT_EQ(read(path), "old");
  AtomicFileWriter writer(path);
  writer.stream() << "new";
  writer.stream().flush();
  EXPECT_EQ(read(path), "old");
  writer.commit();
  EXPECT_EQ(read(path), "new");
  EXPECT_EQ(entries(), std::vector<std::string>{"result.json"});
}

TEST_F(AtomicFileTest, MovedWriterKeepsOwnership) {
  const fs::path path = directory_ / "moved.txt";
  AtomicFileWriter first(path);
  first.stream() << "moved ";
  AtomicFileWriter second(std::move(first));
  second.stream() << "content";
  second.commit();
  EXPECT_EQ(read(path), "moved content");
  EXPECT_EQ(entries(), std::vector<std::string>{"moved.txt"});
}

TEST_F(AtomicFileTest, ConcurrentWritersUseDistinctTemporaries) {
  const fs::path path = directory_ / "same.txt";
  AtomicFileWriter a(path);
  AtomicFileWriter b(path);
  EXPECT_NE(a.temporary_path(), b.temporary_path());
  a.stream() << "a";
  b.stream() << "b";
  a.commit();
  b.commit();
  EXPECT_EQ(read(path), "b");  // last commit wins, whole
  EXPECT_EQ(entries(), std::vector<std::string>{"same.txt"});
}

}  // namespace
}  // namespace stratus::sim
