// Shared by the tests that drive a Tracker on a real store, SQLite and PostgreSQL (each test is
// parametrised by store: TEST_P, INSTANTIATE_TEST_SUITE_P(Stores, T, test::Stores(),
// test::StoreName)): the bundled customer-operations framework registered in a fresh store,
// with a catalog and a tracker.
#ifndef RUNGS_PROGRESS_TRACKER_TEST_SUPPORT_H_
#define RUNGS_PROGRESS_TRACKER_TEST_SUPPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "progress/catalog.h"
#include "progress/tracker.h"
#include "store/store_test_support.h"

namespace rungs::test {

constexpr char kCustomerOperations[] = "customer-operations";

// A criterion key of the customer-operations framework: "topic/rung/position".
inline std::string CriterionKey(const std::string& topic_rung_position) {
  return std::string(kCustomerOperations) + "/" + topic_rung_position;
}

// The one framework a file's `bytes` hold (`name` tells the loader its format).
inline Framework LoadFrameworkText(const std::string& bytes, const std::string& name = "seed.txt") {
  LoadResult r = LoadFrameworks({{name, name, "", bytes}});
  EXPECT_EQ(r.frameworks.size(), 1u);
  return r.frameworks.empty() ? Framework{} : r.frameworks[0];
}

// The bundled customer-operations framework, as the loader gives it.
inline Framework BundledCustomerOperations() {
  LoadResult loaded = LoadFrameworks(BundledSourceFiles());
  for (Framework& fw : loaded.frameworks) {
    if (fw.id == kCustomerOperations) return std::move(fw);
  }
  ADD_FAILURE() << "no bundled " << kCustomerOperations;
  return {};
}

// A fresh store with the bundled customer-operations framework registered: `v1_` holds it,
// `catalog_` and `tracker_` work on it.
class TrackerFixture : public FreshStoreTest<> {  // parametrised by store
 protected:
  explicit TrackerFixture(std::string prefix) : FreshStoreTest(std::move(prefix)) {}

  void SetUp() override {
    FreshStoreTest::SetUp();
    if (HasFatalFailure()) return;
    v1_ = {BundledCustomerOperations()};
    catalog_ = std::make_unique<FrameworkCatalog>(*store_);
    ASSERT_TRUE(catalog_->Register(v1_).ok());
    tracker_ = std::make_unique<Tracker>(*store_, *catalog_);
  }

  // Stores a person named after the email's local part.
  User AddPerson(const std::string& email, Role role, std::optional<int64_t> manager,
                 const std::string& framework_id = "") {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    u.role = role;
    u.manager_id = manager;
    u.framework_id = framework_id;
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? *created : User{};
  }

  void TearDown() override {
    tracker_.reset();
    catalog_.reset();
    FreshStoreTest::TearDown();
  }

  std::vector<Framework> v1_;
  std::unique_ptr<FrameworkCatalog> catalog_;
  std::unique_ptr<Tracker> tracker_;
};

}  // namespace rungs::test

#endif  // RUNGS_PROGRESS_TRACKER_TEST_SUPPORT_H_
