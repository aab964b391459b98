// Calibration against a real server on a real SQLite store: self and manager results that differ
// are marked on the check-in, and /team/calibration sets the managers side by side.
#include <httplib.h>

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "web/app.h"
#include "web/app_test_support.h"

namespace rungs {
namespace {

using test::Cast;
using test::Has;

class AppCalibrationTest : public test::AppServerTest {};

TEST_P(AppCalibrationTest, DifferencesAreMarkedAndManagersSetSideBySide) {
  const Cast cast = MakeCast();
  const std::string key = FirstKey();
  const std::string checkin = fmt::format("/check-ins/{}", cast.checkin);
  ASSERT_EQ(
      PostForm(cast.member, checkin, {{"action", "self"}, {"self:" + key, "exceeding"}})->status,
      303);
  auto page = As(cast.member, "GET", checkin);
  ASSERT_TRUE(page);
  EXPECT_FALSE(Has(page, "self rated"));  // nothing to compare yet
  ASSERT_EQ(PostForm(cast.manager, checkin, {{"action", "manager"}, {"manager:" + key, "not_yet"}})
                ->status,
            303);
  page = As(cast.member, "GET", checkin);
  EXPECT_TRUE(Has(page, "Self and manager differ on 1 criterion, marked below.")) << page->body;
  EXPECT_TRUE(Has(page, "<span class=\"tag differs\">self rated higher</span>"));

  ASSERT_EQ(PostForm(cast.manager, checkin + "/agree", {{"agreed:" + key, "meeting"}})->status,
            303);
  auto calibration = As(cast.admin, "GET", "/team/calibration");
  ASSERT_TRUE(calibration);
  ASSERT_EQ(calibration->status, 200) << calibration->body;
  EXPECT_TRUE(Has(calibration, "<th scope=\"row\">" + cast.manager.user.name + "</th>"))
      << calibration->body;
  EXPECT_TRUE(Has(calibration,
                  "Exceeding 0% \xC2\xB7 Meeting 100% \xC2\xB7 Working towards 0% "
                  "\xC2\xB7 Not yet 0% (of 1)"));
  EXPECT_TRUE(Has(calibration, "differ on 1 of 1 (100%): self higher 1, lower 0"));
  EXPECT_TRUE(Has(calibration, "<figure"));  // the chart, with its table

  // A member is refused; the manager sees their own row.
  EXPECT_EQ(As(cast.member, "GET", "/team/calibration")->status, 403);
  EXPECT_TRUE(Has(As(cast.manager, "GET", "/team/calibration"), cast.manager.user.name));
}

INSTANTIATE_TEST_SUITE_P(Stores, AppCalibrationTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
