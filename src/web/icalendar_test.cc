#include "web/icalendar.h"

#include <gtest/gtest.h>

#include "metrics/iso_week.h"

namespace rungs {
namespace {

TEST(ICalendarTest, WritesAllDayEventsWithCrlfLines) {
  CalendarEvent e;
  e.uid = "checkin-7-20517@rungs";
  e.day = DaysFromCivil(2026, 3, 4);
  e.summary = "Check-in: Ana Díaz";
  e.url = "https://rungs.example.com/people/7";
  const std::string ics = WriteICalendar("rungs check-ins", {e}, 1767225600);  // 2026-01-01
  EXPECT_EQ(ics.substr(0, 17), "BEGIN:VCALENDAR\r\n");
  EXPECT_NE(ics.find("\r\nDTSTART;VALUE=DATE:20260304\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nDTEND;VALUE=DATE:20260305\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nDTSTAMP:20260101T000000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\r\nSUMMARY:Check-in: Ana Díaz\r\n"), std::string::npos);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  // Every line break is CRLF.
  for (size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      EXPECT_EQ(ics[i - 1], '\r') << i;
    }
  }
}

TEST(ICalendarTest, EscapesTextAndFoldsLongLinesWithoutSplittingCharacters) {
  EXPECT_EQ(EscapeICalendarText("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
  CalendarEvent e;
  e.uid = "u";
  e.summary = std::string(70, 'x') + "ééééé";  // a two-byte character would straddle 75
  const std::string ics = WriteICalendar("c", {e}, 0);
  const size_t at = ics.find("SUMMARY:");
  const size_t end = ics.find("\r\nTRANSP");
  const std::string folded = ics.substr(at, end - at);
  size_t line_start = 0;
  std::string unfolded;
  while (true) {
    const size_t crlf = folded.find("\r\n", line_start);
    const std::string line = folded.substr(line_start, crlf - line_start);
    EXPECT_LE(line.size(), 75u);
    // Each piece is valid on its own: it does not start with a continuation byte.
    const size_t body = line_start == 0 ? 0 : 1;
    ASSERT_GT(line.size(), body);
    EXPECT_NE(static_cast<unsigned char>(line[body]) & 0xC0, 0x80);
    unfolded += line.substr(body);
    if (crlf == std::string::npos) break;
    line_start = crlf + 2;
    ASSERT_EQ(folded[line_start], ' ');
  }
  EXPECT_EQ(unfolded, "SUMMARY:" + e.summary);
}

}  // namespace
}  // namespace rungs
