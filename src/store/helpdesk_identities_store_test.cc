// Store::UnlinkedIdentities, for every implementation: the identities batches have weeks for that
// nobody is linked to, with their weeks counted once where batches overlap.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

class UnlinkedIdentitiesTest : public test::FreshStoreTest<> {
 protected:
  UnlinkedIdentitiesTest() : FreshStoreTest("rungs-unlinked") {}

  void Put(char hash_digit, const std::vector<IdentityWeek>& weeks) {
    IngestBatch b;
    b.source = "intercom";
    b.file_name = "export.csv";
    b.content_hash = std::string(64, hash_digit);
    b.mapping = "intercom";
    b.first_week = 100;
    b.last_week = 110;
    Result<IngestOutcome> put = store_->PutIngestBatch(b, weeks, Actor::System());
    ASSERT_TRUE(put.ok()) << put.status().message;
  }

  static IdentityWeek Week(const std::string& space, const std::string& identity, int64_t week,
                           int64_t closed) {
    IdentityWeek w;
    w.space = space;
    w.identity = identity;
    w.week = week;
    w.closed = closed;
    return w;
  }
};

TEST_P(UnlinkedIdentitiesTest, ListsIdentitiesNobodyIsLinkedTo) {
  Result<std::vector<UnlinkedIdentity>> none = store_->UnlinkedIdentities();
  ASSERT_TRUE(none.ok()) << none.status().message;
  EXPECT_TRUE(none->empty());

  Put('a', {Week("agent_id", "5001", 100, 10), Week("agent_id", "5001", 101, 12),
            Week("agent_id", "5002", 101, 3), Week("closed_by", "5001", 101, 7)});
  User ana;
  ana.email = "ana@example.com";
  ana.name = "Ana";
  Result<User> created = store_->CreateUser(ana, Actor::System());
  ASSERT_TRUE(created.ok()) << created.status().message;
  ASSERT_TRUE(
      store_->LinkIdentity({"intercom", "agent_id", "5002", created->id}, Actor::System()).ok());

  Result<std::vector<UnlinkedIdentity>> unlinked = store_->UnlinkedIdentities();
  ASSERT_TRUE(unlinked.ok()) << unlinked.status().message;
  ASSERT_EQ(unlinked->size(), 2u);
  // The same name in another space is another identity, still unlinked.
  const UnlinkedIdentity& agent = (*unlinked)[0];
  EXPECT_EQ(agent.source, "intercom");
  EXPECT_EQ(agent.space, "agent_id");
  EXPECT_EQ(agent.identity, "5001");
  EXPECT_EQ(agent.weeks, 2);
  EXPECT_EQ(agent.last_week, 101);
  EXPECT_EQ(agent.closed, 22);
  EXPECT_EQ((*unlinked)[1].space, "closed_by");
}

TEST_P(UnlinkedIdentitiesTest, OverlappingBatchesCountAWeekOnceAndUndoBringsTheOlderBack) {
  Put('a', {Week("agent_id", "5001", 100, 10), Week("agent_id", "5001", 101, 12)});
  Put('b', {Week("agent_id", "5001", 101, 20), Week("agent_id", "5001", 102, 5)});
  std::vector<UnlinkedIdentity> unlinked = store_->UnlinkedIdentities().value();
  ASSERT_EQ(unlinked.size(), 1u);
  EXPECT_EQ(unlinked[0].weeks, 3);
  EXPECT_EQ(unlinked[0].last_week, 102);
  EXPECT_EQ(unlinked[0].closed, 10 + 20 + 5);  // week 101 from the newer batch only

  std::vector<IngestBatch> batches = store_->ListIngestBatches().value();
  ASSERT_EQ(batches.size(), 2u);
  ASSERT_TRUE(store_->UndoIngestBatch(batches[0].id, Actor::System()).ok());
  unlinked = store_->UnlinkedIdentities().value();
  ASSERT_EQ(unlinked.size(), 1u);
  EXPECT_EQ(unlinked[0].weeks, 2);
  EXPECT_EQ(unlinked[0].closed, 22);
}

INSTANTIATE_TEST_SUITE_P(Stores, UnlinkedIdentitiesTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
