#include "util/regex.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace rungs {
namespace {

TEST(RegexTest, SearchesAnywhereAndMatchesWholeTextsWithTheirGroups) {
  const Result<Regex> bot = Regex::Compile("^(automation|bot)@");
  ASSERT_TRUE(bot.ok()) << bot.status().message;
  EXPECT_TRUE(bot->Search("bot@acme.example"));
  EXPECT_FALSE(bot->Search("sam@acme.example"));
  // Not UTF-8 aware, like the mapping loader's patterns always were: bytes are searched.
  EXPECT_TRUE(Regex::Compile("é")->Search("José"));

  const Result<Regex> route = Regex::Compile(R"(/people/(\d+)/checkins/(\d+))");
  ASSERT_TRUE(route.ok());
  std::vector<std::string> groups = {"left over"};
  ASSERT_TRUE(route->Match("/people/12/checkins/3", &groups));
  EXPECT_EQ(groups, (std::vector<std::string>{"/people/12/checkins/3", "12", "3"}));
  EXPECT_FALSE(route->Match("/people/12/checkins/3/extra", &groups));
  EXPECT_FALSE(route->Match("x/people/12/checkins/3", &groups));
}

TEST(RegexTest, APatternThatIsNotARegularExpressionIsAnErrorValue) {
  for (const char* bad : {"(unclosed", "[a-", "*start", "a{2,1}"}) {
    const Result<Regex> r = Regex::Compile(bad);
    EXPECT_EQ(r.status().code, StatusCode::kInvalid) << bad;
    EXPECT_FALSE(r.status().message.empty()) << bad;
  }
}

}  // namespace
}  // namespace rungs
