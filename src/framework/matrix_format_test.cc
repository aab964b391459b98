#include "framework/matrix_format.h"

#include <gtest/gtest.h>

#include "framework/test_util.h"

namespace rungs {
namespace {

TEST(MatrixFormatTest, SeedHasFiveLevelsEightAreasAndTheSeniorBand) {
  ImportResult r = ImportMatrix(ReadShared(kMatrixSeed()), "matrix.tsv");
  ASSERT_TRUE(r.framework);
  EXPECT_FALSE(HasErrors(r.diagnostics));
  const Framework& fw = *r.framework;
  EXPECT_EQ(fw.title, "General Frontline CS Competency Matrix");
  ASSERT_EQ(fw.levels.size(), 5u);
  EXPECT_EQ(fw.levels[0].name, "Beginner (After Initial Onboarding)");
  EXPECT_EQ(fw.levels[3].name, "Expert \xE2\x80\x93 Senior Candidate");
  // Kept verbatim, truncation included.
  EXPECT_EQ(fw.levels[4].name, "Master \xE2\x80\x93 Senior Territor");
  EXPECT_EQ(fw.levels[3].band, "");
  EXPECT_EQ(fw.levels[4].band, "Senior");
  ASSERT_EQ(fw.topics.size(), 8u);
  EXPECT_EQ(fw.topics[0].title, "Frontline Workflows/Voume");
  EXPECT_EQ(fw.topics[0].name, "frontline-workflows-voume");
  EXPECT_EQ(fw.topics[7].title, "Extra Projects");
  for (const Topic& t : fw.topics) EXPECT_NE(t.title, "IIII INTERCOM");
}

TEST(MatrixFormatTest, NoneCellsAreNotCriteria) {
  ImportResult r = ImportMatrix(ReadShared(kMatrixSeed()), "matrix.tsv");
  ASSERT_TRUE(r.framework);
  const Topic& extra = r.framework->topics[7];
  ASSERT_EQ(extra.rungs.size(), 5u);
  EXPECT_TRUE(extra.rungs[0].criteria.empty());
  EXPECT_EQ(extra.rungs[0].placeholder, "None");
  ASSERT_EQ(extra.rungs[2].criteria.size(), 1u);
  EXPECT_EQ(extra.rungs[2].criteria[0].text,
            "Takes on smaller project with no effect on regular volumes");
  EXPECT_EQ(extra.rungs[2].criteria[0].source.line, 11);
  EXPECT_EQ(CountCriteria(*r.framework), 38u);
}

TEST(MatrixFormatTest, CsvWithBomCrlfAndQuotedNewlines) {
  const std::string csv =
      "\xEF\xBB\xBFTeam ladder\r\n\r\n,Junior,Senior\r\nQuality,\"Checks work,\r\ncarefully\","
      "Coaches others\r\n";
  ImportResult r = ImportMatrix(csv, "ladder.csv");
  ASSERT_TRUE(r.framework);
  EXPECT_EQ(r.framework->title, "Team ladder");
  ASSERT_EQ(r.framework->topics.size(), 1u);
  EXPECT_EQ(r.framework->topics[0].rungs[0].criteria[0].text, "Checks work,\ncarefully");
  EXPECT_EQ(r.framework->topics[0].rungs[1].criteria[0].source.line, 5);
}

TEST(MatrixFormatTest, NoHeaderRowIsAnError) {
  ImportResult r = ImportMatrix("just,some\ncells,here\n", "x.csv");
  EXPECT_FALSE(r.framework);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "no-header-row");
}

}  // namespace
}  // namespace rungs
