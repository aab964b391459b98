#include "web/url.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rungs {
namespace {

std::vector<std::pair<std::string, std::string>> Pairs(std::string_view query) {
  const Result<std::vector<QueryParam>> params = ParseQuery(query);
  EXPECT_TRUE(params.ok()) << query << ": " << params.status().message;
  std::vector<std::pair<std::string, std::string>> out;
  if (params.ok()) {
    for (const QueryParam& p : *params) out.emplace_back(p.name, p.value);
  }
  return out;
}

using PairList = std::vector<std::pair<std::string, std::string>>;

TEST(PercentDecodeTest, DecodesEscapesInEitherCase) {
  EXPECT_EQ(PercentDecode("caf%C3%A9", false), "caf\xC3\xA9");
  EXPECT_EQ(PercentDecode("caf%c3%a9", false), "caf\xC3\xA9");
  EXPECT_EQ(PercentDecode("a%2Fb%20c", false), "a/b c");
  EXPECT_EQ(PercentDecode("100%25", false), "100%");
  EXPECT_EQ(PercentDecode("", false), "");
  EXPECT_EQ(PercentDecode("%00", false), std::string(1, '\0'));
}

TEST(PercentDecodeTest, PlusIsASpaceOnlyInQueries) {
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  // An encoded plus is a plus either way.
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecodeTest, RefusesMalformedEscapes) {
  for (const char* s : {"%", "%4", "%zz", "%4g", "ab%", "ab%e", "%%41", "%+1"}) {
    EXPECT_EQ(PercentDecode(s, false), std::nullopt) << s;
    EXPECT_EQ(PercentDecode(s, true), std::nullopt) << s;
  }
}

TEST(ParseQueryTest, KeepsParametersInOrderWithRepeats) {
  EXPECT_EQ(Pairs("a=1&b=&c&a=2"), (PairList{{"a", "1"}, {"b", ""}, {"c", ""}, {"a", "2"}}));
}

TEST(ParseQueryTest, SkipsEmptySegmentsAndAcceptsEmptyInput) {
  EXPECT_EQ(Pairs(""), PairList{});
  EXPECT_EQ(Pairs("&&"), PairList{});
  EXPECT_EQ(Pairs("&a=1&&b=2&"), (PairList{{"a", "1"}, {"b", "2"}}));
}

TEST(ParseQueryTest, SplitsAtTheFirstEqualsSign) {
  EXPECT_EQ(Pairs("expr=a=b"), (PairList{{"expr", "a=b"}}));
  EXPECT_EQ(Pairs("=x"), (PairList{{"", "x"}}));
}

TEST(ParseQueryTest, DecodesNamesAndValuesWithPlusAsSpace) {
  EXPECT_EQ(Pairs("q=support+lead&the+name=caf%C3%A9"),
            (PairList{{"q", "support lead"}, {"the name", "caf\xC3\xA9"}}));
  EXPECT_EQ(Pairs("q=1%2B1%3D2%26"), (PairList{{"q", "1+1=2&"}}));
}

TEST(ParseQueryTest, NamesTheParameterWithAMalformedEscape) {
  const Result<std::vector<QueryParam>> result = ParseQuery("page=2&q=50%");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code, StatusCode::kInvalid);
  EXPECT_EQ(result.status().field, "q");
  EXPECT_EQ(result.status().message,
            "the query parameter 'q' has a '%' that is not followed by two hexadecimal digits");
}

TEST(ParseQueryTest, BlamesTheQueryWhenANameCannotBeDecoded) {
  const Result<std::vector<QueryParam>> result = ParseQuery("a=1&%zz=2");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().field, "query");
  EXPECT_NE(result.status().message.find("query string"), std::string::npos);

  const Result<std::vector<QueryParam>> bad_utf8 = ParseQuery("%FF=1");
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_EQ(bad_utf8.status().field, "query");
  EXPECT_EQ(bad_utf8.status().message, "a query parameter's name is not valid UTF-8");
}

TEST(ParseQueryTest, RefusesValuesThatAreNotUtf8) {
  EXPECT_EQ(Pairs("q=%C3%A9"), (PairList{{"q", "\xC3\xA9"}}));
  EXPECT_EQ(Pairs("q=\xC3\xA9"), (PairList{{"q", "\xC3\xA9"}}));  // raw UTF-8 is UTF-8 too
  for (const char* query : {"q=%C3", "q=%FF", "q=%C0%AF", "q=%ED%A0%80", "q=\xFF"}) {
    const Result<std::vector<QueryParam>> result = ParseQuery(query);
    ASSERT_FALSE(result.ok()) << query;
    EXPECT_EQ(result.status().code, StatusCode::kInvalid);
    EXPECT_EQ(result.status().field, "q");
    EXPECT_EQ(result.status().message, "the query parameter 'q' is not valid UTF-8");
  }
}

TEST(ParseQueryTest, AnUnnamedParameterIsBlamedOnTheQuery) {
  const Result<std::vector<QueryParam>> result = ParseQuery("=%FF");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().field, "query");
  EXPECT_EQ(result.status().message, "a query parameter is not valid UTF-8");
}

TEST(EncodeQueryParamTest, KeepsCpphttplibsUnreservedSet) {
  EXPECT_EQ(EncodeQueryParam("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
  EXPECT_EQ(EncodeQueryParam(""), "");
  EXPECT_EQ(EncodeQueryParam("a b+c&d=e/f?g#h%"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25");
  EXPECT_EQ(EncodeQueryParam("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(EncodeQueryParam(std::string("\0\x1F\x7F", 3)), "%00%1F%7F");
}

TEST(EncodeQueryParamTest, RoundTripsThroughParseQuery) {
  std::string every_byte_text;
  for (int c = 1; c < 0x80; ++c) every_byte_text += static_cast<char>(c);
  for (const std::string& value :
       {std::string("support lead"), std::string("1+1=2 & more"),
        std::string("caf\xC3\xA9 \xF0\x9F\x92\xAC"), std::string(""), every_byte_text}) {
    const std::string query = "q=" + EncodeQueryParam(value) + "&" + EncodeQueryParam(value) + "=x";
    EXPECT_EQ(Pairs(query), (PairList{{"q", value}, {value, "x"}})) << query;
  }
}

TEST(EncodeQueryParamTest, RoundTripsEveryByteThroughPercentDecode) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  EXPECT_EQ(PercentDecode(EncodeQueryParam(every_byte), true), every_byte);
  EXPECT_EQ(PercentDecode(EncodeQueryParam(every_byte), false), every_byte);
}

}  // namespace
}  // namespace rungs
