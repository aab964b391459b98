#include "metrics/bundled_mappings.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "util/text.h"

namespace rungs {
namespace {

TEST(BundledMappingsTest, EveryShippedMappingLoadsByName) {
  const std::vector<std::string> names = BundledMappingNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "servicenow-incident"), names.end());
  for (const std::string& name : names) {
    const MappingLoad load = LoadMappingByNameOrPath(name);
    EXPECT_TRUE(load.mapping.has_value()) << name;
    EXPECT_TRUE(load.diagnostics.empty()) << name;
  }
}

TEST(BundledMappingsTest, AnUnknownNameListsTheShippedOnes) {
  const MappingLoad load = LoadMappingByNameOrPath("servicenow");
  ASSERT_FALSE(load.mapping.has_value());
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_NE(load.diagnostics[0].message.find("servicenow-incident"), std::string::npos);
}

TEST(BundledMappingsTest, CanonicalHeadersNameTheirMappings) {
  EXPECT_EQ(CanonicalMappingForHeader("event_id,conversation_id,agent_id,event_type,ts"),
            "canonical-events");
  EXPECT_EQ(CanonicalMappingForHeader("\xEF\xBB\xBF"
                                      "agent_id,status,start,end\r"),
            "canonical-status");
  EXPECT_EQ(CanonicalMappingForHeader("agent_id,start,end"), "canonical-schedules");
  EXPECT_EQ(CanonicalMappingForHeader("review_id,agent_id,conversation_id,ts,category,rating,"
                                      "scale_min,scale_max,weight,critical"),
            "canonical-qa");
  // Another order or delimiter is an export that needs its own mapping.
  EXPECT_EQ(CanonicalMappingForHeader("agent_id;start;end"), "");
  EXPECT_EQ(CanonicalMappingForHeader("start,end,agent_id"), "");
  EXPECT_EQ(CanonicalMappingForHeader(""), "");
}

// `rungs mapping init` recognises an export by these columns: each must have every column its
// mapping reads, or the match would hand over a mapping that cannot read the export.
TEST(BundledMappingsTest, EachShippedExportHasTheColumnsItsMappingReads) {
  for (const std::string& name : BundledMappingNames()) {
    const std::vector<std::string> columns = ShippedExportColumns(name);
    EXPECT_FALSE(columns.empty()) << name;
    const MappingLoad load = LoadMappingByNameOrPath(name);
    ASSERT_TRUE(load.mapping) << name;
    for (const std::string& column : MappingColumns(*load.mapping)) {
      EXPECT_NE(std::find(columns.begin(), columns.end(), column), columns.end())
          << name << " reads " << column;
    }
    if (name.starts_with("canonical-")) {
      EXPECT_EQ(CanonicalMappingForHeader(Join(columns, ",")), name);
    }
  }
  EXPECT_TRUE(ShippedExportColumns("servicenow").empty());
  EXPECT_EQ(ShippedExportColumns("servicenow-incident").size(), 36u);
}

}  // namespace
}  // namespace rungs
