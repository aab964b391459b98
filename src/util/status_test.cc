#include "util/status.h"

#include <string>

#include <gtest/gtest.h>

namespace rungs {
namespace {

TEST(StatusTest, EachFactoryMakesItsCodeWithTheFieldNamed) {
  EXPECT_EQ(Status::Forbidden("only admins", "role").code, StatusCode::kForbidden);
  EXPECT_EQ(Status::Forbidden("only admins", "role").field, "role");
  EXPECT_EQ(Status::Unavailable("busy").code, StatusCode::kUnavailable);
  EXPECT_EQ(Status::Invalid("bad", "email").field, "email");
  EXPECT_TRUE(Status::Ok().ok());
}

// A Result made from an ok Status would otherwise claim to hold a value it does not have.
TEST(StatusTest, AResultMadeFromAnOkStatusIsAnInternalError) {
  const Result<std::string> result = Status::Ok();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code, StatusCode::kInternal);
  const Result<int> failed = Status::NotFound("no such person");
  EXPECT_EQ(failed.status().code, StatusCode::kNotFound);
  EXPECT_EQ(failed.status().message, "no such person");
}

}  // namespace
}  // namespace rungs
