// Two instances of rungs on one PostgreSQL database, as two servers behind a load balancer run:
// each with its own store connections, catalog and tracker caches. What one writes, the other
// serves on its next request; writes from both at once all land.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "progress/catalog.h"
#include "progress/tracker.h"
#include "progress/tracker_test_support.h"
#include "store/postgres_store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

struct Instance {
  std::unique_ptr<Store> store;
  std::unique_ptr<FrameworkCatalog> catalog;
  std::unique_ptr<Tracker> tracker;
};

Instance Start(const std::string& uri, const std::vector<Framework>& frameworks) {
  Instance i;
  Result<std::unique_ptr<Store>> opened = OpenPostgresStore(uri);
  EXPECT_TRUE(opened.ok()) << opened.status().message;
  if (!opened.ok()) return i;
  i.store = std::move(opened).value();
  i.catalog = std::make_unique<FrameworkCatalog>(*i.store);
  EXPECT_TRUE(i.catalog->Register(std::make_shared<const std::vector<Framework>>(frameworks)).ok());
  i.tracker = std::make_unique<Tracker>(*i.store, *i.catalog);
  return i;
}

TEST(TwoInstancesTest, AWriteOnOneIsServedByTheOtherOnItsNextRequest) {
  test::TestPostgresDatabase db;
  ASSERT_TRUE(db.ok());
  const std::vector<Framework> frameworks = {test::BundledCustomerOperations()};
  Instance a = Start(db.Uri(), frameworks);
  Instance b = Start(db.Uri(), frameworks);
  ASSERT_TRUE(a.tracker && b.tracker);

  User lead;
  lead.email = "lead@example.com";
  lead.name = "Lee";
  lead.role = Role::kManager;
  lead = a.store->CreateUser(lead, Actor::System()).value();
  User sam;
  sam.email = "sam@example.com";
  sam.name = "Sam";
  sam.manager_id = lead.id;
  sam.framework_id = test::kCustomerOperations;
  sam = a.store->CreateUser(sam, Actor::System()).value();

  // B builds and caches Sam's page and the lead's team view.
  ASSERT_EQ(b.tracker->Person(lead, sam.id)->record->person.name, "Sam");
  ASSERT_EQ((*b.tracker->TeamOverview(lead, {}))->rows.at(0).person.name, "Sam");
  ASSERT_EQ(b.tracker->Person(lead, sam.id)->record->person.name, "Sam");

  // A renames Sam and opens a check-in: B's next requests show both.
  User renamed = sam;
  renamed.name = "Sam Rivera";
  ASSERT_TRUE(a.store->UpdateUser(renamed, Actor::Of(lead.id)).ok());
  ASSERT_TRUE(a.tracker->StartCheckIn(lead, sam.id).ok());
  Result<PersonView> seen = b.tracker->Person(lead, sam.id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->record->person.name, "Sam Rivera");
  EXPECT_EQ(seen->record->checkins.size(), 1u);
  EXPECT_EQ((*b.tracker->TeamOverview(lead, {}))->rows.at(0).person.name, "Sam Rivera");

  // A session made on A signs in on B; sign-in failures count on both.
  Session session{"digest-of-a-session", sam.id, "csrf", 100, UnixNow() + 3600, 100};
  ASSERT_TRUE(a.store->CreateSession(session).ok());
  EXPECT_EQ(b.store->FindSession("digest-of-a-session", UnixNow())->user_id, sam.id);
  ASSERT_TRUE(a.store->RecordLoginFailure("acct:sam@example.com|10.0.0.1", UnixNow()).ok());
  ASSERT_TRUE(b.store->RecordLoginFailure("acct:sam@example.com|10.0.0.1", UnixNow()).ok());
  EXPECT_EQ(b.store->CountLoginFailures("acct:sam@example.com|10.0.0.1", 0).value(), 2);
}

TEST(TwoInstancesTest, WritesFromBothAtOnceAllLand) {
  test::TestPostgresDatabase db;
  ASSERT_TRUE(db.ok());
  Result<std::unique_ptr<Store>> a = OpenPostgresStore(db.Uri());
  Result<std::unique_ptr<Store>> b = OpenPostgresStore(db.Uri());
  ASSERT_TRUE(a.ok() && b.ok());
  constexpr int kEach = 60;
  std::atomic<int> failed = 0;
  auto add = [&](Store& store, const std::string& prefix) {
    for (int i = 0; i < kEach; ++i) {
      User u;
      u.email = prefix + std::to_string(i) + "@example.com";
      u.name = prefix + std::to_string(i);
      if (!store.CreateUser(u, Actor::System()).ok()) ++failed;
    }
  };
  std::thread on_a([&] { add(**a, "a"); });
  std::thread on_b([&] { add(**b, "b"); });
  on_a.join();
  on_b.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ((*a)->ListUsers()->size(), 2u * kEach);
  // Every write moved the one stamp both read.
  EXPECT_EQ((*a)->ChangeStamp().value(), (*b)->ChangeStamp().value());
  EXPECT_EQ((*a)->AuditLog(0, 1000)->size(), 2u * kEach);
}

}  // namespace
}  // namespace rungs
