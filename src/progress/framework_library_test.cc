#include "progress/framework_library.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

namespace fs = std::filesystem;

std::string Matrix(const std::string& title, const std::string& beginner) {
  return title + "\n\n\tBeginner\tExpert\nTone\t" + beginner + "\tWarm and precise.\n";
}

constexpr char kBrokenMonzo[] = "---\ntitle: [\n---\n";

std::vector<std::string> Ids(const std::shared_ptr<const FrameworkCatalog::FrameworkSet>& set) {
  std::vector<std::string> ids;
  for (const Framework& fw : *set) ids.push_back(fw.id);
  return ids;
}

class FrameworkLibraryTest : public test::FreshStoreTest<> {
 protected:
  FrameworkLibraryTest() : FreshStoreTest("rungs-library") {}

  void SetUp() override {
    FreshStoreTest::SetUp();
    folder_ = dir_ / "frameworks";
    fs::create_directories(folder_);
    Write("team.tsv", Matrix("Team matrix", "Polite."));
    catalog_ = std::make_unique<FrameworkCatalog>(*store_);
    library_ = std::make_unique<FrameworkLibrary>(std::vector<std::string>{folder_.string()},
                                                  *store_, *catalog_);
    library_->OnChange([this](const auto& set) { changes_.push_back(Ids(set)); });
    Diagnostics diagnostics;
    const Status loaded = library_->Load(diagnostics);
    ASSERT_TRUE(loaded.ok()) << loaded.message;
  }

  void TearDown() override {
    library_.reset();
    catalog_.reset();
    FreshStoreTest::TearDown();
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(folder_ / name, std::ios::binary | std::ios::trunc) << text;
    // The fingerprint reads the modification time; make each write visibly newer.
    fs::last_write_time(folder_ / name,
                        fs::file_time_type::clock::now() + std::chrono::seconds(++writes_));
  }

  // Two refreshes: a folder is read once it looks the same twice.
  Result<bool> RefreshTwice() {
    Result<bool> first = library_->Refresh();
    if (!first.ok() || *first) return first;
    return library_->Refresh();
  }

  fs::path folder_;
  int writes_ = 0;
  std::unique_ptr<FrameworkCatalog> catalog_;
  std::unique_ptr<FrameworkLibrary> library_;
  std::vector<std::vector<std::string>> changes_;
};

TEST_P(FrameworkLibraryTest, AGoodUploadIsCheckedThenServedWithTheFolder) {
  FrameworkUploadCheck check = library_->Check("escalations.tsv", Matrix("Escalations", "Asks."));
  EXPECT_TRUE(check.Acceptable());
  EXPECT_TRUE(check.diagnostics.empty());
  ASSERT_EQ(check.frameworks.size(), 1U);
  EXPECT_EQ(check.frameworks[0].id, "escalations");
  EXPECT_EQ(check.frameworks[0].rungs, 2);
  EXPECT_EQ(check.frameworks[0].criteria, 2);
  EXPECT_FALSE(check.frameworks[0].replaces);
  // Checking changes nothing.
  EXPECT_EQ(Ids(library_->Current()), std::vector<std::string>{"team"});
  EXPECT_EQ(catalog_->Current("escalations").framework, nullptr);

  Result<FrameworkUploadCheck> published =
      library_->Publish("escalations.tsv", Matrix("Escalations", "Asks."), Actor::System());
  ASSERT_TRUE(published.ok()) << published.status().message;
  EXPECT_EQ(Ids(library_->Current()), (std::vector<std::string>{"team", "escalations"}));
  ASSERT_NE(catalog_->Current("escalations").framework, nullptr);
  EXPECT_EQ(catalog_->Current("escalations").framework->title, "Escalations");
  EXPECT_EQ(changes_.back(), (std::vector<std::string>{"team", "escalations"}));
  const FrameworkLibraryState state = library_->State();
  ASSERT_EQ(state.served.size(), 2U);
  EXPECT_EQ(state.served[0].origin, "folder");
  EXPECT_EQ(state.served[1].origin, "uploaded");
  EXPECT_EQ(state.served[1].file, "uploaded/escalations.tsv");
  ASSERT_EQ(state.uploads.size(), 1U);

  // The same name again replaces the file: a new version of the framework.
  check = library_->Check("escalations.tsv", Matrix("Escalations v2", "Asks first."));
  EXPECT_TRUE(check.replaces_file);
  ASSERT_EQ(check.frameworks.size(), 1U);
  EXPECT_TRUE(check.frameworks[0].replaces);
  const int64_t old_version = catalog_->Current("escalations").version_id;
  ASSERT_TRUE(
      library_->Publish("escalations.tsv", Matrix("Escalations v2", "Asks first."), Actor::System())
          .ok());
  EXPECT_NE(catalog_->Current("escalations").version_id, old_version);
  EXPECT_EQ(catalog_->Current("escalations").framework->title, "Escalations v2");
}

TEST_P(FrameworkLibraryTest, AnUploadWithErrorsOrAClashingIdIsRefusedWithItsLines) {
  FrameworkUploadCheck broken = library_->Check("broken.md", kBrokenMonzo);
  EXPECT_FALSE(broken.Acceptable());
  ASSERT_FALSE(broken.diagnostics.empty());
  EXPECT_EQ(broken.diagnostics[0].file, "uploaded/broken.md");
  EXPECT_EQ(broken.diagnostics[0].line, 3);
  EXPECT_EQ(broken.diagnostics[0].code, "yaml-syntax");

  // "team" is the folder's framework: an upload may not take its id.
  FrameworkUploadCheck clash = library_->Check("team.tsv", Matrix("Another team", "Hi."));
  EXPECT_FALSE(clash.Acceptable());
  ASSERT_FALSE(clash.diagnostics.empty());
  EXPECT_EQ(clash.diagnostics[0].code, "duplicate-id");

  Result<FrameworkUploadCheck> refused =
      library_->Publish("team.tsv", Matrix("Another team", "Hi."), Actor::System());
  EXPECT_EQ(refused.status().code, StatusCode::kInvalid);
  EXPECT_EQ(refused.status().field, "file");
  Result<std::vector<FrameworkFile>> stored = store_->ListFrameworkFiles(false);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->empty());
  EXPECT_EQ(catalog_->Current("team").framework->title, "Team matrix");

  for (const std::string name : {"notes.pdf", "../team.tsv", ""}) {
    FrameworkUploadCheck bad = library_->Check(name, Matrix("X", "Y."));
    EXPECT_FALSE(bad.Acceptable()) << name;
    ASSERT_EQ(bad.diagnostics.size(), 1U) << name;
    EXPECT_EQ(bad.diagnostics[0].code, "bad-upload") << name;
  }
  EXPECT_FALSE(library_->Check("empty.md", "").Acceptable());
}

TEST_P(FrameworkLibraryTest, AFolderEditIsServedAndABrokenOneKeepsTheLastGoodSet) {
  Write("team.tsv", Matrix("Team matrix, edited", "Polite."));
  Result<bool> refreshed = RefreshTwice();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(*refreshed);
  EXPECT_EQ(catalog_->Current("team").framework->title, "Team matrix, edited");
  // Nothing changed since: nothing is loaded.
  refreshed = RefreshTwice();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_FALSE(*refreshed);

  const size_t changes = changes_.size();
  Write("team.tsv", "---\ntitle: Team\nlevels: [\n---\n");
  refreshed = RefreshTwice();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_FALSE(*refreshed);
  EXPECT_EQ(changes_.size(), changes);
  EXPECT_EQ(catalog_->Current("team").framework->title, "Team matrix, edited");
  FrameworkLibraryState state = library_->State();
  ASSERT_FALSE(state.refused_edit.empty());
  EXPECT_NE(state.refused_edit[0].file.find("team.tsv"), std::string::npos);
  EXPECT_GT(state.refused_edit[0].line, 0);
  EXPECT_GT(state.refused_at, 0);

  // A new file beside it with the same id is refused too.
  Write("team.tsv", Matrix("Team matrix, fixed", "Polite."));
  Write("team.md", "---\npath: team\ntitle: Clash\n---\nA page.\n");
  refreshed = RefreshTwice();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_FALSE(*refreshed);
  state = library_->State();
  ASSERT_FALSE(state.refused_edit.empty());
  EXPECT_EQ(state.refused_edit[0].code, "duplicate-id");

  fs::remove(folder_ / "team.md");
  refreshed = RefreshTwice();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(*refreshed);
  EXPECT_EQ(catalog_->Current("team").framework->title, "Team matrix, fixed");
  EXPECT_TRUE(library_->State().refused_edit.empty());
}

TEST_P(FrameworkLibraryTest, AnUploadOnOneInstanceIsServedByAnother) {
  FrameworkCatalog other_catalog(*store_);
  FrameworkLibrary other({folder_.string()}, *store_, other_catalog);
  Diagnostics diagnostics;
  ASSERT_TRUE(other.Load(diagnostics).ok());
  ASSERT_TRUE(
      library_->Publish("escalations.tsv", Matrix("Escalations", "Asks."), Actor::System()).ok());
  Result<bool> refreshed = other.Refresh();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(*refreshed);
  ASSERT_NE(other_catalog.Current("escalations").framework, nullptr);
  ASSERT_TRUE(library_->Remove("escalations.tsv", Actor::System()).ok());
  refreshed = other.Refresh();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(*refreshed);
  EXPECT_EQ(other_catalog.Current("escalations").framework, nullptr);
}

TEST_P(FrameworkLibraryTest, AFileSomeoneProgressesOnIsNotRemoved) {
  ASSERT_TRUE(
      library_->Publish("escalations.tsv", Matrix("Escalations", "Asks."), Actor::System()).ok());
  User ana;
  ana.email = "ana@example.com";
  ana.name = "Ana";
  ana.framework_id = "escalations";
  Result<User> created = store_->CreateUser(ana, Actor::System());
  ASSERT_TRUE(created.ok()) << created.status().message;
  Status removed = library_->Remove("escalations.tsv", Actor::System());
  EXPECT_EQ(removed.code, StatusCode::kConflict);
  EXPECT_NE(removed.message.find("1 person progresses on escalations"), std::string::npos)
      << removed.message;
  EXPECT_NE(catalog_->Current("escalations").framework, nullptr);
  EXPECT_EQ(library_->Remove("nothing.tsv", Actor::System()).code, StatusCode::kNotFound);
}

TEST_P(FrameworkLibraryTest, StoredUploadsAreServedAtTheNextStart) {
  ASSERT_TRUE(
      library_->Publish("escalations.tsv", Matrix("Escalations", "Asks."), Actor::System()).ok());
  FrameworkCatalog restarted_catalog(*store_);
  FrameworkLibrary restarted({folder_.string()}, *store_, restarted_catalog);
  Diagnostics diagnostics;
  const Status loaded = restarted.Load(diagnostics);
  ASSERT_TRUE(loaded.ok()) << loaded.message;
  EXPECT_EQ(Ids(restarted.Current()), (std::vector<std::string>{"team", "escalations"}));
}

INSTANTIATE_TEST_SUITE_P(Stores, FrameworkLibraryTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
